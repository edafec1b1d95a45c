/**
 * A cell a spreadsheet program would run as a formula (= + - @, or a leading tab or carriage
 * return) gets a leading apostrophe: CSV downloads (import results, the audit log) are opened in
 * Excel, and text someone else typed must never become a formula there (CSV injection).
 */
export function neutralise(value: string): string {
  return /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
}

const PLAIN_UNSAFE = /^[=+\-@\t\r]|[",\r\n;]/;

/** RFC 4180 quoting: quotes around any cell with a comma, quote or line break; quotes doubled. */
export function csvCell(value: string): string {
  // Most cells need neither: one test instead of two (exports format millions of cells).
  if (!PLAIN_UNSAFE.test(value)) return value;
  const v = neutralise(value);
  return /[",\r\n;]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v;
}

export function csvLine(cells: string[]): string {
  return `${cells.map(csvCell).join(',')}\r\n`;
}

export const CSV_TYPE = 'text/csv; charset=utf-8';
/** Put first in a CSV download so Excel reads it as UTF-8. */
export const CSV_BOM = '\uFEFF';
