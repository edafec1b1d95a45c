import { finished } from 'node:stream/promises';
import { CsvError, type Info, type Parser, parse } from 'csv-parse';
import { fileError, MAX_ROW_CHARS } from './parse.ts';

/**
 * CSV records from decoded text, read by csv-parse: quoted fields with "" escapes and embedded
 * line breaks, CRLF, LF or CR. The delimiter is the one the header line uses most — comma,
 * semicolon (Excel in many locales) or tab — so it is chosen before the first record is read.
 * Each record goes to `onRecord` with its spreadsheet row (the header is row 1).
 */
export class CsvRecords {
  delimiter: string | null = null;
  #head = '';
  #parser: Parser | null = null;
  #failure: unknown = null;
  readonly #onRecord: (row: number, cells: string[]) => void;

  constructor(onRecord: (row: number, cells: string[]) => void) {
    this.#onRecord = onRecord;
  }

  /** The row being read, for messages about the text around it. */
  get row(): number {
    return (this.#parser?.info.records ?? 0) + 1;
  }

  push(text: string): void {
    if (this.#failure) throw this.#failure;
    if (this.#parser) {
      this.#parser.write(text);
      return;
    }
    this.#head += text;
    const nl = this.#head.search(/[\r\n]/);
    if (nl < 0 && this.#head.length < MAX_ROW_CHARS) return;
    this.#start(nl < 0 ? this.#head : this.#head.slice(0, nl));
  }

  async end(): Promise<void> {
    if (!this.#parser) this.#start(this.#head);
    const parser = this.#parser!;
    parser.end();
    await finished(parser).catch(() => {});
    if (this.#failure) throw this.#failure;
  }

  #start(headerLine: string): void {
    this.delimiter = detectDelimiter(headerLine);
    const parser = parse({
      delimiter: this.delimiter,
      // A quote inside an unquoted field, or text after a closing quote, is kept as text.
      relax_quotes: true,
      relax_column_count: true,
      max_record_size: MAX_ROW_CHARS,
      info: true,
    });
    parser.on('data', ({ record, info }: { record: string[]; info: Info }) => {
      if (this.#failure) return;
      try {
        this.#onRecord(info.records, record);
      } catch (error) {
        this.#failure = error;
        parser.destroy();
      }
    });
    parser.on('error', (error) => {
      this.#failure ??= this.#explain(error);
    });
    this.#parser = parser;
    const head = this.#head;
    this.#head = '';
    parser.write(head);
  }

  #explain(error: unknown): unknown {
    if (!(error instanceof CsvError)) return error;
    const row = this.row;
    switch (error.code) {
      case 'CSV_QUOTE_NOT_CLOSED':
        return fileError('invalid_csv', `Row ${row} opens a quote (") that is never closed.`, { row });
      case 'CSV_MAX_RECORD_SIZE':
        return fileError(
          'row_too_long',
          `Row ${row} is longer than ${MAX_ROW_CHARS.toLocaleString('en-US')} characters: it cannot be a row of addresses. (An unclosed quote makes the rest of a file one long row.)`,
          { row, maxChars: MAX_ROW_CHARS },
        );
      default:
        return fileError('invalid_csv', `Row ${row} cannot be read as CSV.`, { row });
    }
  }
}

/** The delimiter the header line uses most, outside quotes; a comma when it has none. */
export function detectDelimiter(line: string): string {
  const counts: Record<string, number> = { ',': 0, ';': 0, '\t': 0 };
  let quoted = false;
  for (const ch of line) {
    if (ch === '"') quoted = !quoted;
    else if (!quoted && ch in counts) counts[ch]!++;
  }
  const best = Object.entries(counts).sort((a, b) => b[1] - a[1])[0]!;
  return best[1] > 0 ? best[0] : ',';
}
