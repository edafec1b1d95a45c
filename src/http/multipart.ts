import type { FastifyRequest } from 'fastify';
import { AppError } from '../shared/errors.ts';

export const invalidMultipart = () =>
  new AppError(
    400,
    'invalid_multipart',
    'The multipart body is malformed or cut short: send the file again in the field "file".',
    { details: { field: 'file' } },
  );

// RFC 2046: a boundary is 1 to 70 characters from this set, quoted when it holds any of `()+,/:=?`.
const BOUNDARY =
  /;\s*boundary=(?:"([0-9A-Za-z'()+_,\-./:=? ]{0,69}[0-9A-Za-z'()+_,\-./:=?])"|([0-9A-Za-z'+_\-.]{1,70}))\s*(?:;|$)/i;

/** Everything the multipart parser reports is about the bytes the client sent: a 400, or 413 for limits. */
function asClientError(error: unknown): unknown {
  if (error instanceof AppError) return error;
  const status = (error as { statusCode?: number } | null)?.statusCode;
  return status === 413 ? error : invalidMultipart();
}

export interface UploadedFile {
  file: AsyncIterable<Buffer>;
  filename: string;
  mimetype: string;
}

/**
 * The first file of a multipart request, or undefined when there is none. A missing or invalid
 * boundary, a malformed part and a body that ends before its closing boundary (reported by the
 * parser while the file is read) answer 400 `invalid_multipart`, never 500.
 */
export async function readUploadedFile(
  request: FastifyRequest,
  limits: { fileSize: number; files: number },
): Promise<UploadedFile | undefined> {
  if (!BOUNDARY.test(String(request.headers['content-type'] ?? ''))) throw invalidMultipart();
  let part: Awaited<ReturnType<FastifyRequest['file']>>;
  try {
    part = await request.file({ limits });
  } catch (error) {
    throw asClientError(error);
  }
  if (!part) return undefined;
  return { file: clientErrors(part.file), filename: part.filename, mimetype: part.mimetype };
}

/** The file's bytes; a parser error (even one raised before reading starts) becomes the client's. */
async function* clientErrors(file: AsyncIterable<Buffer>): AsyncGenerator<Buffer> {
  try {
    for await (const chunk of file) yield chunk;
  } catch (error) {
    throw asClientError(error);
  }
}
