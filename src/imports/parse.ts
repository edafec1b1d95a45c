import { isUtf8 } from 'node:buffer';
import { Readable } from 'node:stream';
import type ExcelJS from 'exceljs';
import { AppError } from '../http/errors.ts';

/**
 * Streaming spreadsheet reader for imports. CSV (UTF-8 with or without BOM, or a whole file in
 * Windows-1252; comma, semicolon or tab detected from the header line; CRLF, LF or CR; quoted
 * fields with "" escapes and embedded line breaks) and XLSX (first worksheet, via exceljs's
 * streaming reader). Nothing is buffered beyond one chunk of text: each row's three known columns
 * go to `onRow` as soon as the row is read.
 */

export type Column = 'email' | 'groups' | 'role';

export interface SheetRow {
  /** As the spreadsheet shows it: the header is row 1. */
  row: number;
  email: string;
  groups: string;
  role: string;
}

export interface ParsedSheet {
  fileType: 'csv' | 'xlsx';
  encoding: 'utf-8' | 'windows-1252' | null;
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
  #index: Record<Column, number> = { email: -1, groups: -1, role: -1 };
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
      return v.length > MAX_CELL_CHARS ? v.slice(0, MAX_CELL_CHARS + 1) : v;
    };
    this.rowCount++;
    this.#onRow({ row, email: cell('email'), groups: cell('groups'), role: cell('role') });
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

/** A CSV state machine over decoded text; `row` is the spreadsheet row being read. */
class CsvParser {
  row = 1;
  delimiter: string | null = null;
  readonly #collector: RowCollector;
  #head = '';
  #field = '';
  #record: string[] = [];
  #inQuotes = false;
  #afterCR = false;
  #recordChars = 0;
  #fieldStarted = false;

  constructor(collector: RowCollector) {
    this.#collector = collector;
  }

  push(text: string): void {
    if (this.delimiter === null) {
      // The delimiter is the one the header line uses most (Excel writes ";" in many locales).
      this.#head += text;
      const nl = this.#head.search(/[\r\n]/);
      if (nl < 0 && this.#head.length < MAX_ROW_CHARS) return;
      this.#detect(nl < 0 ? this.#head : this.#head.slice(0, nl));
      const head = this.#head;
      this.#head = '';
      this.#scan(head);
      return;
    }
    this.#scan(text);
  }

  end(): void {
    if (this.delimiter === null) {
      this.#detect(this.#head);
      const head = this.#head;
      this.#head = '';
      this.#scan(head);
    }
    if (this.#inQuotes) {
      throw fileError('invalid_csv', `Row ${this.row} opens a quote (") that is never closed.`, {
        row: this.row,
      });
    }
    if (this.#fieldStarted || this.#record.length > 0) this.#endRecord();
  }

  #detect(line: string): void {
    const counts: Record<string, number> = { ',': 0, ';': 0, '\t': 0 };
    let quoted = false;
    for (const ch of line) {
      if (ch === '"') quoted = !quoted;
      else if (!quoted && ch in counts) counts[ch]!++;
    }
    const best = Object.entries(counts).sort((a, b) => b[1] - a[1])[0]!;
    this.delimiter = best[1] > 0 ? best[0] : ',';
  }

  #scan(text: string): void {
    const d = this.delimiter!;
    const n = text.length;
    let i = 0;
    while (i < n) {
      const ch = text[i]!;
      if (this.#afterCR) {
        this.#afterCR = false;
        if (ch === '\n') {
          i++;
          continue;
        }
      }
      if (this.#inQuotes) {
        // Fast path: copy up to the next quote.
        const q = text.indexOf('"', i);
        if (q < 0) {
          this.#append(text.slice(i));
          return;
        }
        if (q > i) this.#append(text.slice(i, q));
        // A quote inside quotes: "" is a literal quote, otherwise the field's quoting ends.
        if (q + 1 < n) {
          if (text[q + 1] === '"') {
            this.#append('"');
            i = q + 2;
          } else {
            this.#inQuotes = false;
            i = q + 1;
          }
        } else {
          // The quote is the chunk's last character: decide with the next chunk.
          this.#inQuotes = false;
          this.#pendingQuote = true;
          return;
        }
        continue;
      }
      if (this.#pendingQuote) {
        this.#pendingQuote = false;
        if (ch === '"') {
          // It was an escaped quote split across chunks.
          this.#inQuotes = true;
          this.#append('"');
          i++;
          continue;
        }
      }
      if (ch === d) {
        this.#endField();
        this.#recordChars++;
        i++;
      } else if (ch === '\n' || ch === '\r') {
        this.#endRecord();
        if (ch === '\r') this.#afterCR = true;
        i++;
      } else if (ch === '"' && !this.#fieldStarted) {
        this.#inQuotes = true;
        this.#fieldStarted = true;
        this.#recordChars++;
        i++;
      } else {
        // Unquoted run: copy up to the next delimiter, quote or line break.
        let j = i + 1;
        while (j < n) {
          const c = text[j]!;
          if (c === d || c === '\n' || c === '\r' || c === '"') break;
          j++;
        }
        // A quote in the middle of an unquoted field (or after a closing quote) is kept as text.
        this.#append(text.slice(i, j));
        this.#fieldStarted = true;
        i = j;
      }
    }
  }

  #pendingQuote = false;

  #append(s: string): void {
    this.#recordChars += s.length;
    if (this.#recordChars > MAX_ROW_CHARS) {
      throw fileError(
        'row_too_long',
        `Row ${this.row} is longer than ${MAX_ROW_CHARS.toLocaleString('en-US')} characters: it cannot be a row of addresses. (An unclosed quote makes the rest of a file one long row.)`,
        { row: this.row, maxChars: MAX_ROW_CHARS },
      );
    }
    if (this.#field.length <= MAX_CELL_CHARS) this.#field += s;
  }

  #endField(): void {
    this.#record.push(this.#field);
    this.#field = '';
    this.#fieldStarted = false;
  }

  #endRecord(): void {
    this.#pendingQuote = false;
    this.#endField();
    const record = this.#record;
    this.#record = [];
    this.#recordChars = 0;
    this.#collector.add(this.row, record);
    this.row++;
  }
}

const WIN1252 = new TextDecoder('windows-1252');
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
  const parser = new CsvParser(collector);
  let encoding: 'utf-8' | 'windows-1252' = 'utf-8';
  let sawMultibyte = false;
  let leftover: Buffer = Buffer.alloc(0);
  let start = true;

  const invalid = (): never => {
    throw fileError(
      'invalid_encoding',
      `Row ${parser.row} is not valid UTF-8 while the rest of the file is: the file mixes text encodings. Save it again as "CSV UTF-8" and upload it again.`,
      { row: parser.row },
    );
  };

  const feed = (chunk: Buffer, final: boolean) => {
    if (chunk.indexOf(0) >= 0) {
      throw fileError(
        'not_a_spreadsheet',
        'This file contains binary data: it is not a CSV or XLSX spreadsheet.',
      );
    }
    let buf = leftover.length ? Buffer.concat([leftover, chunk]) : chunk;
    leftover = Buffer.alloc(0);
    if (start) {
      start = false;
      if (buf[0] === 0xef && buf[1] === 0xbb && buf[2] === 0xbf) buf = buf.subarray(3);
    }
    if (encoding === 'windows-1252') {
      const latin = buf.toString('latin1');
      const m = UTF8_SEQUENCE.exec(latin);
      if (m) {
        parser.push(WIN1252.decode(buf.subarray(0, m.index)));
        invalid();
      }
      parser.push(WIN1252.decode(buf));
      return;
    }
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
    // No UTF-8 beyond ASCII so far and a byte UTF-8 cannot have: the file is Windows-1252 (Excel's
    // "CSV" on Windows). From here on every byte is one character; UTF-8 later means mixed encodings.
    encoding = 'windows-1252';
    leftover = Buffer.alloc(0);
    const tail = buf.subarray(bad);
    const m = UTF8_SEQUENCE.exec(tail.toString('latin1'));
    if (m) {
      parser.push(WIN1252.decode(tail.subarray(0, m.index)));
      invalid();
    }
    parser.push(WIN1252.decode(tail));
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
  parser.end();
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

function cellText(value: unknown): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  if (value instanceof Date) return value.toISOString();
  if (typeof value === 'object') {
    const v = value as Record<string, unknown>;
    if (Array.isArray(v.richText))
      return (v.richText as { text?: string }[]).map((r) => r.text ?? '').join('');
    if ('text' in v) return cellText(v.text);
    if ('result' in v) return cellText(v.result);
    if ('error' in v) return '';
  }
  return String(value);
}

/** exceljs costs ~17 MB of resident memory: loaded on the first workbook, not at start. */
export const loadExcel = () => import('exceljs');

async function parseXlsx(stream: Readable, opts: ParseOptions): Promise<ParsedSheet> {
  const collector = new RowCollector(opts);
  const { default: Excel } = await loadExcel();
  const reader = new Excel.stream.xlsx.WorkbookReader(stream, {
    sharedStrings: 'cache',
    hyperlinks: 'ignore',
    styles: 'ignore',
    worksheets: 'emit',
    entries: 'emit',
  });
  let sawSheet = false;
  try {
    for await (const sheet of reader) {
      sawSheet = true;
      for await (const row of sheet as AsyncIterable<ExcelJS.Row>) {
        const values = row.values as unknown[];
        const cells: string[] = [];
        let chars = 0;
        for (let i = 1; i < values.length; i++) {
          const text = cellText(values[i]);
          chars += text.length;
          cells.push(text);
        }
        if (chars > MAX_ROW_CHARS) {
          throw fileError(
            'row_too_long',
            `Row ${row.number} is longer than ${MAX_ROW_CHARS.toLocaleString('en-US')} characters: it cannot be a row of addresses.`,
            {
              row: row.number,
              maxChars: MAX_ROW_CHARS,
            },
          );
        }
        collector.add(row.number, cells);
      }
      break; // The first worksheet is the import; others (notes, lists) are ignored.
    }
  } catch (error) {
    if (error instanceof AppError) throw error;
    throw fileError(
      'not_a_spreadsheet',
      'This file could not be read as an XLSX workbook. Save it again from your spreadsheet program as .xlsx or CSV.',
    );
  } finally {
    stream.destroy();
  }
  if (!sawSheet) throw fileError('empty_file', 'The workbook has no worksheet.');
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
    return parseXlsx(Readable.from(all()), opts);
  }
  if (text.startsWith('\xD0\xCF\x11\xE0')) {
    throw fileError(
      'not_a_spreadsheet',
      'This is an old Excel (.xls) workbook. Save it as .xlsx or "CSV UTF-8" and upload it again.',
    );
  }
  if (text.startsWith('\xFF\xFE') || text.startsWith('\xFE\xFF')) {
    throw fileError(
      'unsupported_encoding',
      'This file is UTF-16 ("Unicode text"). Save it as "CSV UTF-8" and upload it again.',
    );
  }
  if (opts.hint === 'xlsx' || text.startsWith('%PDF') || looksBinary(first)) {
    throw fileError('not_a_spreadsheet', 'This file is not a CSV or XLSX spreadsheet.');
  }
  return parseCsv(first, it, opts);
}
