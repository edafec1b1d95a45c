import type { FastifyInstance, FastifyRequest } from 'fastify';
import { AppError } from '../shared/errors.ts';

function isTextPlain(contentType: string | undefined): boolean {
  return contentType?.split(';')[0]?.trim().toLowerCase() === 'text/plain';
}

async function jsonObjectBody(request: FastifyRequest): Promise<void> {
  if (request.body == null) request.body = {};
  // Fastify reads text/plain as a string: say what to send instead of "body must be object". A JSON
  // string literal sent as application/json is also a string, but its fault is the shape: the
  // schema answers that one.
  else if (typeof request.body === 'string' && isTextPlain(request.headers['content-type'])) {
    throw new AppError(
      415,
      'unsupported_media_type',
      'Send the body as JSON, with the header Content-Type: application/json.',
    );
  }
}

/**
 * On routes that take a JSON object: a request sent with no body at all (`curl -X POST`) reads as
 * `{}`, so an action whose fields are all optional works without one and one with required fields
 * answers naming the first it lacks; a body sent as text (text/plain) is refused with 415 and what
 * to send. Routes added after this call are covered.
 */
export function readJsonObjectBodies(app: FastifyInstance): void {
  app.addHook('onRoute', (route) => {
    const body = route.schema?.body as { type?: unknown } | undefined;
    if (body?.type !== 'object') return;
    const hooks = route.preValidation === undefined ? [] : [route.preValidation].flat();
    route.preValidation = [jsonObjectBody, ...hooks];
  });
}
