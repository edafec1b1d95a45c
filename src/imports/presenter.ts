import { translate } from '../i18n/intl.ts';
import type { Locale } from '../i18n/locales.ts';
import { CSV_TYPE, csvCell, csvLine, neutralise } from '../shared/csv.ts';

export { CSV_TYPE, csvCell, csvLine, neutralise };

/** exceljs (writing templates) costs ~17 MB of resident memory: loaded when first needed. */
const loadExcel = () => import('exceljs');
export const XLSX_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

/** With a BOM so Excel reads it as UTF-8. */
export function templateCsv(exampleGroups: string) {
  const body = `\uFEFF${csvLine(['email', 'groups', 'role', 'expires_in_days', 'language'])}${csvLine(['alex.morgan@example.com', exampleGroups, 'learner', '', ''])}`;
  return { contentType: CSV_TYPE, fileName: 'beckon-import-template.csv', body: Buffer.from(body, 'utf8') };
}

/** Column names stay as Beckon reads them; the sheets' names and the help are in the reader's language. */
export async function templateXlsx(exampleGroups: string, groupNames: string[], locale: Locale = 'en') {
  const { default: Excel } = await loadExcel();
  const wb = new Excel.Workbook();
  wb.creator = 'Beckon';
  const sheet = wb.addWorksheet(translate(locale, 'import.template.sheet'));
  sheet.columns = [
    { header: 'email', key: 'email', width: 34 },
    { header: 'groups', key: 'groups', width: 34 },
    { header: 'role', key: 'role', width: 12 },
    { header: 'expires_in_days', key: 'expires_in_days', width: 16 },
    { header: 'language', key: 'language', width: 10 },
  ];
  sheet.getRow(1).font = { bold: true };
  sheet.addRow({ email: 'alex.morgan@example.com', groups: exampleGroups, role: 'learner' });
  const help = wb.addWorksheet(translate(locale, 'import.template.helpSheet'));
  help.columns = [{ width: 100 }];
  const lines = [
    translate(locale, 'import.template.rows'),
    translate(locale, 'import.template.email'),
    translate(locale, 'import.template.groups'),
    translate(locale, 'import.template.role'),
    translate(locale, 'import.template.expiry'),
    translate(locale, 'import.template.language'),
    translate(locale, 'import.template.others'),
    '',
    translate(locale, groupNames.length ? 'import.template.groupsHeading' : 'import.template.noGroups'),
    ...groupNames,
  ];
  for (const l of lines) help.addRow([l]);
  const body = Buffer.from(await wb.xlsx.writeBuffer());
  return { contentType: XLSX_TYPE, fileName: 'beckon-import-template.xlsx', body };
}
