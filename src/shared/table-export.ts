import { once } from 'node:events';
import { PassThrough, Readable } from 'node:stream';
import { CSV_BOM, CSV_TYPE, csvLine } from './csv.ts';

export type ExportFormat = 'csv' | 'xlsx';

export const XLSX_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

/** A table to download: its header, then its rows a page at a time (each page one database read). */
export interface ExportTable {
  sheetName: string;
  columns: string[];
  pages: AsyncIterable<string[][]>;
}

export const exportContentType = (format: ExportFormat) => (format === 'csv' ? CSV_TYPE : XLSX_TYPE);

/**
 * The table as a stream of CSV or XLSX bytes, written as the pages arrive: memory holds about one
 * page whatever the row count. CSV cells go through the formula neutraliser (csvCell); XLSX cells
 * are typed strings, which a spreadsheet never runs as formulas.
 */
export function exportStream(table: ExportTable, format: ExportFormat): Readable {
  return format === 'csv' ? Readable.from(csvChunks(table)) : xlsxStream(table);
}

async function* csvChunks(table: ExportTable): AsyncGenerator<string> {
  yield CSV_BOM + csvLine(table.columns);
  for await (const page of table.pages) {
    let chunk = '';
    for (const row of page) chunk += csvLine(row);
    yield chunk;
  }
}

/** exceljs costs ~17 MB of resident memory: loaded on the first XLSX export. */
const loadExcel = () => import('exceljs');

function xlsxStream(table: ExportTable): Readable {
  const out = new PassThrough();
  void writeXlsx(table, out).catch((error: unknown) => out.destroy(error as Error));
  return out;
}

/** Waits until the stream wants more, or is gone (a client that left never drains). */
async function drainOrClose(out: PassThrough): Promise<void> {
  const stop = new AbortController();
  try {
    await Promise.race([
      once(out, 'drain', { signal: stop.signal }),
      once(out, 'close', { signal: stop.signal }),
    ]);
  } finally {
    stop.abort();
  }
}

async function writeXlsx(table: ExportTable, out: PassThrough): Promise<void> {
  const { default: Excel } = await loadExcel();
  // No shared strings and no styles: both tables grow with the rows and are written only at the end.
  const book = new Excel.stream.xlsx.WorkbookWriter({
    stream: out,
    useSharedStrings: false,
    useStyles: false,
    zip: { zlib: { level: 6 } },
  });
  book.creator = 'Beckon';
  const sheet = book.addWorksheet(table.sheetName);
  sheet.addRow(table.columns).commit();
  for await (const page of table.pages) {
    if (out.destroyed) return;
    for (const row of page) sheet.addRow(row).commit();
    // Rows are zipped as they are committed; a reader slower than the database would otherwise
    // leave them piling up inside the zip writer. Wait until the client has taken them.
    await new Promise((resolve) => setImmediate(resolve));
    while (out.writableNeedDrain && !out.destroyed) await drainOrClose(out);
  }
  sheet.commit();
  await book.commit();
}
