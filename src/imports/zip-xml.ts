import type { FileHandle } from 'node:fs/promises';
import { Readable } from 'node:stream';
import { SaxesParser, type SaxesTagPlain } from 'saxes';
import yauzl, { type Entry, type ZipFile } from 'yauzl';
import { AppError } from '../shared/errors.ts';

/**
 * The zip and XML layer of the XLSX reader: opens the uploaded file's zip directory and inflates
 * one part at a time into a streaming XML parser, with every size bounded before it is allocated:
 *   - the directory: at most MAX_ENTRIES entries;
 *   - each part: its declared size within what is left of the budget (all parts read together)
 *     and a compression ratio of at most MAX_RATIO, checked before inflating; the inflated bytes
 *     are counted as they stream, so a header that lies is caught too;
 *   - the XML: no node (text, comment, CDATA, attribute, processing instruction) over
 *     MAX_NODE_CHARS, no DOCTYPE, at most MAX_ATTRIBUTES per element and MAX_DEPTH levels.
 */

/** A one-sheet workbook from Excel has 10–30 entries; the directory is read whole. */
const MAX_ENTRIES = 10_000;
/** Spreadsheet XML deflates 5–40:1; zip bombs reach ~1,000:1. Applies to parts above RATIO_FLOOR. */
const MAX_RATIO = 100;
const RATIO_FLOOR = 1024 * 1024;
/** workbook.xml and the relationship parts are a few KB in any real workbook. */
export const MAX_META_PART_BYTES = 4 * 1024 * 1024;
/** Any one XML node, in characters: a cell's text may be MAX_ROW_CHARS (8,192), well under it. */
const MAX_NODE_CHARS = 64 * 1024;
const MAX_ATTRIBUTES = 256;
const MAX_DEPTH = 64;
/** Text goes to the XML parser this many characters at a time; its buffers are checked between. */
const FEED_CHARS = 64 * 1024;

export const notAWorkbook = (why: string) =>
  new AppError(
    400,
    'not_a_spreadsheet',
    `This file could not be read as an XLSX workbook (${why}). Save it again from your spreadsheet program as .xlsx or CSV.`,
  );

const tooBig = (limit: string, message: string, details: Record<string, unknown> = {}) =>
  new AppError(
    413,
    'workbook_too_large',
    `${message} Save the sheet as CSV, or remove what it does not need, and upload it again.`,
    {
      details: { limit, ...details },
    },
  );

const mb = (n: number) => `${Math.round((n / 1024 / 1024) * 10) / 10} MB`;

/**
 * Reads through the FileHandle, so that closing it waits for any read still in flight after a
 * refusal (a bare descriptor closed under a pending read lets it land on whatever file or socket
 * reuses the number).
 */
class FileHandleReader extends yauzl.RandomAccessReader {
  readonly #file: FileHandle;
  constructor(file: FileHandle) {
    super();
    this.#file = file;
  }
  override _readStreamForRange(start: number, end: number): Readable {
    // Not FileHandle.createReadStream: destroying that stream closes the handle itself.
    const file = this.#file;
    let position = start;
    return new Readable({
      highWaterMark: 64 * 1024,
      read() {
        const length = Math.min(64 * 1024, end - position);
        if (length <= 0) {
          this.push(null);
          return;
        }
        file.read(Buffer.allocUnsafe(length), 0, length, position).then(
          ({ bytesRead, buffer }) => {
            if (bytesRead === 0) return this.destroy(new Error('unexpected end of file'));
            position += bytesRead;
            this.push(bytesRead < length ? buffer.subarray(0, bytesRead) : buffer);
          },
          (error: Error) => this.destroy(error),
        );
      },
    });
  }
}

/** Opens the zip in `file` and lists its parts. */
export async function openZip(file: FileHandle): Promise<{ zip: ZipFile; entries: Map<string, Entry> }> {
  let zip: ZipFile;
  try {
    const { size } = await file.stat();
    zip = await yauzl.fromRandomAccessReaderPromise(new FileHandleReader(file), size, {
      lazyEntries: true,
      autoClose: false,
      validateEntrySizes: true,
    });
  } catch {
    throw notAWorkbook('it is not a valid zip file');
  }
  try {
    return { zip, entries: await readDirectory(zip) };
  } catch (error) {
    zip.close();
    throw error instanceof AppError ? error : notAWorkbook('its directory is damaged');
  }
}

/** The parts of the zip, by lower-case name (OPC part names compare case-insensitively). */
async function readDirectory(zip: ZipFile): Promise<Map<string, Entry>> {
  if (zip.entryCount > MAX_ENTRIES) {
    throw tooBig('entries', `This workbook holds ${zip.entryCount.toLocaleString('en-US')} files.`, {
      maxEntries: MAX_ENTRIES,
    });
  }
  const entries = new Map<string, Entry>();
  await new Promise<void>((resolve, reject) => {
    zip.on('entry', (entry: Entry) => {
      entries.set(entry.fileName.replace(/^\/+/, '').toLowerCase(), entry);
      zip.readEntry();
    });
    zip.on('end', resolve);
    zip.on('error', reject);
    zip.readEntry();
  });
  return entries;
}

export interface XmlHandlers {
  open?(name: string, attributes: Record<string, string>): void;
  close?(name: string): void;
  text?(text: string): void;
}

/** saxes' buffers, read to bound a node while it is still being read (saxes 6, pinned). */
interface SaxesBuffers {
  text: string;
  name: string;
  piTarget: string;
  entity: string;
  attribList: unknown[];
}

/** Inflated bytes still allowed, across every part read, out of `limit`. */
export interface Budget {
  limit: number;
  remaining: number;
}

const localName = (name: string) => name.slice(name.indexOf(':') + 1);

/**
 * Inflates one part and feeds its XML to `handlers`, refusing it before inflating when its
 * declared size or ratio is over the limits, and as soon as the counted bytes are.
 * `nodeTooLong` names the error for an over-long node where it is (e.g. the row being read).
 */
export async function readXmlPart(
  zip: ZipFile,
  entry: Entry,
  budget: Budget,
  handlers: XmlHandlers,
  nodeTooLong: () => AppError,
  maxPartBytes = Number.POSITIVE_INFINITY,
): Promise<void> {
  const name = entry.fileName;
  if (entry.isEncrypted()) throw notAWorkbook('it is encrypted');
  if (entry.compressionMethod !== 0 && entry.compressionMethod !== 8)
    throw notAWorkbook('unsupported compression');
  const tooMuch = () =>
    tooBig('uncompressed_bytes', `This workbook unpacks to more than ${mb(budget.limit)}.`, {
      maxUncompressedBytes: budget.limit,
    });
  const ratioTooHigh = () =>
    tooBig('compression_ratio', `Part ${name} of this workbook is compressed more than ${MAX_RATIO}:1.`, {
      maxRatio: MAX_RATIO,
    });
  const overRatio = (inflated: number) =>
    inflated > RATIO_FLOOR && inflated > MAX_RATIO * Math.max(entry.compressedSize, 1);
  if (entry.uncompressedSize > budget.remaining) throw tooMuch();
  if (entry.uncompressedSize > maxPartBytes) throw notAWorkbook(`${name} is too large`);
  if (overRatio(entry.uncompressedSize)) throw ratioTooHigh();

  const parser = new SaxesParser<{ xmlns: false; position: false }>({ xmlns: false, position: false });
  const buffers = parser as unknown as SaxesBuffers;
  let depth = 0;
  parser.on('doctype', () => {
    throw notAWorkbook('it declares a DOCTYPE');
  });
  parser.on('opentag', (tag: SaxesTagPlain) => {
    if (++depth > MAX_DEPTH) throw notAWorkbook('its XML is nested too deep');
    handlers.open?.(localName(tag.name), tag.attributes as Record<string, string>);
    if (tag.isSelfClosing) {
      depth--;
      handlers.close?.(localName(tag.name));
    }
  });
  parser.on('closetag', (tag) => {
    if (tag.isSelfClosing) return;
    depth--;
    handlers.close?.(localName(tag.name));
  });
  if (handlers.text) {
    parser.on('text', handlers.text);
    parser.on('cdata', handlers.text);
  }
  parser.on('error', (error) => {
    throw notAWorkbook(`invalid XML in ${name}: ${error.message.slice(0, 100)}`);
  });

  const stream = await new Promise<NodeJS.ReadableStream & { destroy(): void }>((resolve, reject) =>
    zip.openReadStream(entry, (error, s) => (error ? reject(error) : resolve(s))),
  );
  const decoder = new TextDecoder('utf-8');
  let inflated = 0;
  try {
    for await (const chunk of stream as AsyncIterable<Buffer>) {
      inflated += chunk.length;
      budget.remaining -= chunk.length;
      if (budget.remaining < 0) throw tooMuch();
      if (inflated > maxPartBytes) throw notAWorkbook(`${name} is too large`);
      if (overRatio(inflated)) throw ratioTooHigh();
      const text = decoder.decode(chunk, { stream: true });
      for (let i = 0; i < text.length; i += FEED_CHARS) {
        parser.write(text.length <= FEED_CHARS ? text : text.slice(i, i + FEED_CHARS));
        if (
          buffers.text.length > MAX_NODE_CHARS ||
          buffers.name.length > MAX_NODE_CHARS ||
          buffers.piTarget.length > MAX_NODE_CHARS ||
          buffers.entity.length > MAX_NODE_CHARS
        )
          throw nodeTooLong();
        if (buffers.attribList.length > MAX_ATTRIBUTES)
          throw notAWorkbook('an element has too many attributes');
      }
    }
    parser.write(decoder.decode());
    parser.close();
  } finally {
    stream.destroy();
  }
}
