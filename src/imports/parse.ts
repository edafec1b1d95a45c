import { isUtf8 } from 'node:buffer';
import { AppError } from '../shared/errors.ts';
import { CsvRecords } from './csv.ts';
import {
  byteOrderMark,
  decoderFor,
  legacyEncoding,
  type TextDecoderStream,
  type TextEncoding,
  utf16WithoutBom,
} from './text-encoding.ts';
import { spoolUpload } from './upload-spool.ts';
import { readFirstSheet } from './xlsx.ts';

/**
 * Streaming spreadsheet reader for imports. CSV (UTF-8 with or without BOM, UTF-16, Shift_JIS or
 * Windows-1252, told apart in ./text-encoding.ts and decoded here; records read by csv-parse in ./csv.ts) and XLSX (first worksheet, read by ./xlsx.ts
 * within bounds on everything it inflates). Nothing is buffered beyond one chunk of text: each
 * row's three known columns go to `onRow` as soon as the row is read.
 */

export type Column =
  | 'email'
  | 'groups'
  | 'role'
  | 'metadata'
  | 'app'
  | 'return_path'
  | 'expires_in_days'
  | 'language';

export interface SheetRow {
  /** As the spreadsheet shows it: the header is row 1. */
  row: number;
  email: string;
  groups: string;
  role: string;
  /** A JSON object for the invitation's metadata ('' when the file has no such column). */
  metadata: string;
  /** The app (its name or id) the person continues to, and where on it ('' for none). */
  app: string;
  returnPath: string;
  /** Days the invitation's link works ('' for the organization's period). */
  expiresInDays: string;
  /** The invitation's language, a tag like ja or pt-BR ('' for the organization's default). */
  language: string;
}

export interface ParsedSheet {
  fileType: 'csv' | 'xlsx';
  encoding: TextEncoding | null;
  delimiter: string | null;
  columns: Column[];
  unknownColumns: string[];
  /** Rows handed to `onRow` (blank rows are skipped, the header is not counted). */
  rowCount: number;
}

export interface ParseOptions {
  maxBytes: number;
  maxRows: number;
  /** From the Content-Type or the file name; the content decides (a renamed .xlsx is still read). */
  hint?: 'csv' | 'xlsx';
  /** Where an XLSX upload is written while it is read (it is unlinked at once). */
  tmpDir: string;
  /** What an XLSX workbook may inflate to, all parts read together. */
  maxUncompressedBytes: number;
  /** Each data row, in file order, as it is read. */
  onRow: (row: SheetRow) => void;
}

/** A row longer than this stops the import: it is not a spreadsheet of addresses. */
export const MAX_ROW_CHARS = 8192;
/** Longer cells are cut here before validation (the row gets a problem). */
export const MAX_CELL_CHARS = 2000;

const HEADER_NAMES: Record<string, Column> = {
  email: 'email',
  'e-mail': 'email',
  'email address': 'email',
  'e-mail address': 'email',
  mail: 'email',
  groups: 'groups',
  group: 'groups',
  role: 'role',
  metadata: 'metadata',
  app: 'app',
  'app id': 'app',
  return_path: 'return_path',
  'return path': 'return_path',
  expires_in_days: 'expires_in_days',
  'expires in days': 'expires_in_days',
  'expiry days': 'expires_in_days',
  // The language column under the names people give it in Beckon's languages.
  language: 'language',
  locale: 'language',
  lang: 'language',
  langue: 'language',
  sprache: 'language',
  idioma: 'language',
  língua: 'language',
  言語: 'language',
  لغة: 'language',
  اللغة: 'language',
};

export const fileError = (code: string, message: string, details?: Record<string, unknown>) =>
  new AppError(400, code, message, { details });
export const tooLarge = (maxBytes: number) =>
  new AppError(
    413,
    'payload_too_large',
    `The file is larger than the ${formatBytes(maxBytes)} an import may be.`,
    {
      details: { maxBytes },
    },
  );

export function formatBytes(n: number): string {
  if (n >= 1024 * 1024) return `${Math.round((n / 1024 / 1024) * 10) / 10} MB`;
  if (n >= 1024) return `${Math.round(n / 1024)} KB`;
  return `${n} bytes`;
}

/** Collects rows once the header is known; shared by the CSV and XLSX readers. */
class RowCollector {
  rowCount = 0;
  columns: Column[] = [];
  unknownColumns: string[] = [];
  #index: Record<Column, number> = {
    email: -1,
    groups: -1,
    role: -1,
    metadata: -1,
    app: -1,
    return_path: -1,
    expires_in_days: -1,
    language: -1,
  };
  #haveHeader = false;
  readonly #maxRows: number;
  readonly #onRow: (row: SheetRow) => void;

  constructor(opts: ParseOptions) {
    this.#maxRows = opts.maxRows;
    this.#onRow = opts.onRow;
  }

  add(row: number, cells: string[]): void {
    if (cells.every((c) => c.trim() === '')) return;
    if (!this.#haveHeader) {
      this.#header(row, cells);
      return;
    }
    if (this.rowCount >= this.#maxRows) {
      throw fileError(
        'too_many_rows',
        `The file has more than ${this.#maxRows.toLocaleString('en-US')} rows, this organization's import limit. Split it, or ask an administrator to raise the limit.`,
        { limit: this.#maxRows, row },
      );
    }
    const cell = (c: Column) => {
      const i = this.#index[c];
      const v = i >= 0 ? (cells[i] ?? '') : '';
      // Metadata may take up to 4 KB; the row's own limit bounds it.
      return v.length > MAX_CELL_CHARS && c !== 'metadata' ? v.slice(0, MAX_CELL_CHARS + 1) : v;
    };
    this.rowCount++;
    this.#onRow({
      row,
      email: cell('email'),
      groups: cell('groups'),
      role: cell('role'),
      metadata: cell('metadata'),
      app: cell('app'),
      returnPath: cell('return_path'),
      expiresInDays: cell('expires_in_days'),
      language: cell('language'),
    });
  }

  #header(row: number, cells: string[]): void {
    const names = cells.map((c) => c.replace(/^\uFEFF/, '').trim());
    names.forEach((raw, i) => {
      const name = raw.toLowerCase().replace(/\s+/g, ' ');
      if (!name) return;
      const col = HEADER_NAMES[name];
      if (!col) {
        this.unknownColumns.push(raw.slice(0, 100));
        return;
      }
      if (this.#index[col] >= 0) {
        throw fileError('duplicate_column', `The header has the column "${col}" twice (row ${row}).`, {
          row,
          column: col,
        });
      }
      this.#index[col] = i;
      this.columns.push(col);
    });
    if (this.#index.email < 0) {
      const looksLikeData = names.some((n) => /^[^@\s]+@[^@\s]+$/.test(n));
      throw fileError(
        'missing_header',
        looksLikeData
          ? `Row ${row} must be the header (email, groups, role), but it holds an address. Add a header row: download the template.`
          : 'The header row has no "email" column. The columns are email, groups and role: download the template.',
        { row },
      );
    }
    this.#haveHeader = true;
  }

  finish(): void {
    if (!this.#haveHeader)
      throw fileError('empty_file', 'The file is empty: download the template and fill it in.');
    if (this.rowCount === 0) {
      throw fileError('empty_file', 'The file has a header but no rows: add one address per row below it.');
    }
  }
}

// ------------------------------------------------------------------------------------------ CSV

/** How much of a non-UTF-8 file decides between Shift_JIS and Windows-1252. */
const LEGACY_SAMPLE_BYTES = 64 * 1024;
const ENCODING_NAMES: Record<TextEncoding, string> = {
  'utf-8': 'UTF-8',
  'utf-16le': 'UTF-16',
  'utf-16be': 'UTF-16',
  shift_jis: 'Shift_JIS',
  'windows-1252': 'Windows-1252',
};
// A valid UTF-8 multi-byte sequence, as seen through a one-byte-per-character (latin1) view.
const UTF8_SEQUENCE = /[\xC2-\xDF][\x80-\xBF]|[\xE0-\xEF][\x80-\xBF]{2}|[\xF0-\xF4][\x80-\xBF]{3}/;

/** Offset of the first byte that does not start a valid UTF-8 sequence (buffer known invalid). */
function firstInvalidUtf8(buf: Buffer): number {
  let i = 0;
  while (i < buf.length) {
    const b = buf[i]!;
    let n = 0;
    if (b < 0x80) n = 1;
    else if (b >= 0xc2 && b <= 0xdf) n = 2;
    else if (b >= 0xe0 && b <= 0xef) n = 3;
    else if (b >= 0xf0 && b <= 0xf4) n = 4;
    else return i;
    if (i + n > buf.length) return i;
    for (let k = 1; k < n; k++) if ((buf[i + k]! & 0xc0) !== 0x80) return i;
    if (n > 1 && !isUtf8(buf.subarray(i, i + n))) return i;
    i += n;
  }
  return buf.length;
}

/** Bytes at the end of `buf` that begin a multi-byte sequence the next chunk completes. */
function incompleteTail(buf: Buffer): number {
  for (let back = 1; back <= Math.min(3, buf.length); back++) {
    const b = buf[buf.length - back]!;
    if ((b & 0xc0) === 0x80) continue;
    const need = b >= 0xf0 ? 4 : b >= 0xe0 ? 3 : b >= 0xc0 ? 2 : 1;
    return need > back ? back : 0;
  }
  return 0;
}

function looksBinary(buf: Buffer): boolean {
  const n = Math.min(buf.length, 8192);
  for (let i = 0; i < n; i++) {
    const b = buf[i]!;
    if (b < 0x09 || (b > 0x0d && b < 0x20 && b !== 0x1a)) return true;
  }
  return false;
}

async function parseCsv(
  first: Buffer,
  rest: AsyncIterator<Buffer>,
  opts: ParseOptions,
): Promise<ParsedSheet> {
  const collector = new RowCollector(opts);
  const parser = new CsvRecords((row, cells) => collector.add(row, cells));
  const bom = byteOrderMark(first);
  const declared = bom && bom.encoding !== 'utf-8' ? bom.encoding : utf16WithoutBom(first);
  // UTF-8 until a byte says otherwise; a UTF-8 byte-order mark or character makes it certain.
  let encoding: TextEncoding = declared ?? 'utf-8';
  let decoder: TextDecoderStream | null = declared ? decoderFor(declared) : null;
  let sawMultibyte = bom?.encoding === 'utf-8';
  let leftover: Buffer = Buffer.alloc(0);
  let start = true;

  const invalid = (): never => {
    throw fileError(
      'invalid_encoding',
      `Row ${parser.row} is not valid UTF-8 while the rest of the file is: the file mixes text encodings. Save it again as "CSV UTF-8" and upload it again.`,
      { row: parser.row },
    );
  };
  const binary = (): never => {
    throw fileError(
      'not_a_spreadsheet',
      'This file contains binary data: it is not a CSV or XLSX spreadsheet.',
    );
  };

  /** Text in a fixed encoding other than UTF-8, through iconv-lite's streaming decoder. */
  const feedDecoded = (buf: Buffer, final: boolean) => {
    if (encoding === 'windows-1252' || encoding === 'shift_jis') {
      if (buf.indexOf(0) >= 0) binary();
    }
    if (encoding === 'windows-1252') {
      // Every byte is one character here, so UTF-8 later in the file means mixed encodings.
      const m = UTF8_SEQUENCE.exec(buf.toString('latin1'));
      if (m) {
        parser.push(decoder!.write(buf.subarray(0, m.index)));
        invalid();
      }
    }
    const text = decoder!.write(buf) + (final ? decoder!.end() : '');
    if (text.includes('\u0000')) binary();
    const broken = encoding === 'windows-1252' ? -1 : text.indexOf('\uFFFD');
    if (broken >= 0) {
      parser.push(text.slice(0, broken));
      throw fileError(
        'invalid_encoding',
        `Row ${parser.row} cannot be read as ${ENCODING_NAMES[encoding]} while the rest of the file is: the file mixes text encodings. Save it again as "CSV UTF-8" and upload it again.`,
        { row: parser.row },
      );
    }
    parser.push(text);
  };

  const feed = (chunk: Buffer, final: boolean) => {
    let buf = leftover.length ? Buffer.concat([leftover, chunk]) : chunk;
    leftover = Buffer.alloc(0);
    if (start) {
      start = false;
      if (bom) buf = buf.subarray(bom.length);
    }
    if (decoder) return feedDecoded(buf, final);
    if (buf.indexOf(0) >= 0) binary();
    const keep = final ? 0 : incompleteTail(buf);
    const body = keep ? buf.subarray(0, buf.length - keep) : buf;
    if (keep) leftover = Buffer.from(buf.subarray(buf.length - keep));
    if (isUtf8(body)) {
      const text = body.toString('utf8');
      if (text.length !== body.length) sawMultibyte = true;
      parser.push(text);
      return;
    }
    const bad = firstInvalidUtf8(body);
    const prefix = body.toString('utf8', 0, bad);
    if (prefix.length !== bad) sawMultibyte = true;
    parser.push(prefix);
    if (sawMultibyte) invalid();
    // No UTF-8 beyond ASCII so far and a byte UTF-8 cannot have: one of Excel's legacy encodings,
    // told apart on what follows.
    const tail = buf.subarray(bad);
    encoding = legacyEncoding(tail.subarray(0, LEGACY_SAMPLE_BYTES));
    decoder = decoderFor(encoding);
    leftover = Buffer.alloc(0);
    feedDecoded(tail, final);
  };

  feed(first, false);
  for (;;) {
    const next = await rest.next();
    if (next.done) break;
    feed(next.value, false);
  }
  feed(Buffer.alloc(0), true);
  if (leftover.length) {
    parser.push('');
    invalid();
  }
  await parser.end();
  collector.finish();
  return {
    fileType: 'csv',
    encoding,
    delimiter: parser.delimiter,
    columns: collector.columns,
    unknownColumns: collector.unknownColumns,
    rowCount: collector.rowCount,
  };
}

// ----------------------------------------------------------------------------------------- XLSX

/** The upload goes to a temporary file (a zip is read from its end), then its first sheet is read. */
async function parseXlsx(source: AsyncIterable<Buffer>, opts: ParseOptions): Promise<ParsedSheet> {
  const collector = new RowCollector(opts);
  const upload = await spoolUpload(opts.tmpDir, source);
  try {
    await readFirstSheet(
      upload.file,
      { maxUncompressedBytes: opts.maxUncompressedBytes, maxRowChars: MAX_ROW_CHARS },
      (row, cells) => collector.add(row, cells),
    );
  } finally {
    await upload.close();
  }
  collector.finish();
  return {
    fileType: 'xlsx',
    encoding: null,
    delimiter: null,
    columns: collector.columns,
    unknownColumns: collector.unknownColumns,
    rowCount: collector.rowCount,
  };
}

// ---------------------------------------------------------------------------------------- entry

/** Counts bytes and stops at the limit: a 200 MB upload is refused after 50 MB, never buffered. */
async function* limited(source: AsyncIterable<Buffer | string>, maxBytes: number): AsyncGenerator<Buffer> {
  let total = 0;
  for await (const chunk of source) {
    const buf = typeof chunk === 'string' ? Buffer.from(chunk) : chunk;
    total += buf.length;
    if (total > maxBytes) throw tooLarge(maxBytes);
    yield buf;
  }
}

export async function parseSpreadsheet(
  source: AsyncIterable<Buffer | string>,
  opts: ParseOptions,
): Promise<ParsedSheet> {
  const it = limited(source, opts.maxBytes)[Symbol.asyncIterator]();
  // Gather enough bytes to recognise the format.
  let first: Buffer = Buffer.alloc(0);
  while (first.length < 8) {
    const next = await it.next();
    if (next.done) break;
    first = first.length ? Buffer.concat([first, next.value]) : next.value;
  }
  const text = first.toString('latin1');
  const withoutBom = first[0] === 0xef && first[1] === 0xbb && first[2] === 0xbf ? first.subarray(3) : first;
  if (withoutBom.toString('utf8').trim() === '' && first.length < 8) {
    throw fileError('empty_file', 'The file is empty: download the template and fill it in.');
  }
  if (text.startsWith('PK\x03\x04')) {
    async function* all() {
      yield first;
      for (;;) {
        const next = await it.next();
        if (next.done) return;
        yield next.value;
      }
    }
    return parseXlsx(all(), opts);
  }
  if (text.startsWith('\xD0\xCF\x11\xE0')) {
    throw fileError(
      'not_a_spreadsheet',
      'This is an old Excel (.xls) workbook. Save it as .xlsx or "CSV UTF-8" and upload it again.',
    );
  }
  const utf16 = byteOrderMark(first)?.encoding.startsWith('utf-16') || utf16WithoutBom(first) !== null;
  if (opts.hint === 'xlsx' || text.startsWith('%PDF') || (!utf16 && looksBinary(first))) {
    throw fileError('not_a_spreadsheet', 'This file is not a CSV or XLSX spreadsheet.');
  }
  return parseCsv(first, it, opts);
}
