import { loadExcel } from './parse.ts';

/**
 * A cell a spreadsheet program would run as a formula (= + - @, or a leading tab or carriage
 * return) gets a leading apostrophe: results.csv is opened in Excel, and an address or reason
 * from an uploaded file must never become a formula there (CSV injection).
 */
export function neutralise(value: string): string {
  return /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
}

/** RFC 4180 quoting: quotes around any cell with a comma, quote or line break; quotes doubled. */
export function csvCell(value: string): string {
  const v = neutralise(value);
  return /[",\r\n;]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v;
}

export function csvLine(cells: string[]): string {
  return `${cells.map(csvCell).join(',')}\r\n`;
}

export const CSV_TYPE = 'text/csv; charset=utf-8';
export const XLSX_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

/** With a BOM so Excel reads it as UTF-8. */
export function templateCsv(exampleGroups: string) {
  const body = `\uFEFF${csvLine(['email', 'groups', 'role'])}${csvLine(['alex.morgan@example.com', exampleGroups, 'learner'])}`;
  return { contentType: CSV_TYPE, fileName: 'beckon-import-template.csv', body: Buffer.from(body, 'utf8') };
}

export async function templateXlsx(exampleGroups: string, groupNames: string[]) {
  const { default: Excel } = await loadExcel();
  const wb = new Excel.Workbook();
  wb.creator = 'Beckon';
  const sheet = wb.addWorksheet('Invitations');
  sheet.columns = [
    { header: 'email', key: 'email', width: 34 },
    { header: 'groups', key: 'groups', width: 34 },
    { header: 'role', key: 'role', width: 12 },
  ];
  sheet.getRow(1).font = { bold: true };
  sheet.addRow({ email: 'alex.morgan@example.com', groups: exampleGroups, role: 'learner' });
  const help = wb.addWorksheet('Help');
  help.columns = [{ width: 100 }];
  const lines = [
    'One person per row on the first sheet. Row 1 is the header: email, groups, role.',
    'email: required.',
    'groups: optional; group names separated by ";" (for example Sales;New starters).',
    'role: optional; learner (default), manager, curator, hr or admin.',
    'Other columns are reported and ignored. Nothing is sent until you confirm the preview.',
    '',
    groupNames.length ? 'Groups of this organization:' : 'This organization has no groups yet.',
    ...groupNames,
  ];
  for (const l of lines) help.addRow([l]);
  const body = Buffer.from(await wb.xlsx.writeBuffer());
  return { contentType: XLSX_TYPE, fileName: 'beckon-import-template.xlsx', body };
}
