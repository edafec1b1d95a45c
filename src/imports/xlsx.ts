import type { FileHandle } from 'node:fs/promises';
import { posix } from 'node:path';
import type { Entry, ZipFile } from 'yauzl';
import { AppError } from '../shared/errors.ts';
import { SharedStrings } from './shared-strings.ts';
import {
  type Budget,
  MAX_META_PART_BYTES,
  notAWorkbook,
  openZip,
  readXmlPart,
  type XmlHandlers,
} from './zip-xml.ts';

/**
 * Reads the first worksheet of an XLSX workbook (a zip of XML parts) from an open file, cell by
 * cell, within the bounds `zip-xml.ts` keeps on every part it inflates, plus: a row at most
 * `maxRowChars` characters and MAX_COLUMNS columns, row numbers up to MAX_ROW_NUMBER, shared
 * strings within SharedStrings' budget. The zip's central directory lets the shared strings be
 * read first, whatever the parts' order in the file (Excel writes the sheets before
 * sharedStrings.xml), so nothing inflated is stored.
 */

export interface XlsxLimits {
  /** All parts read (workbook, relationships, shared strings, the first sheet), inflated. */
  maxUncompressedBytes: number;
  /** A row longer than this (all cells, in characters) is refused. */
  maxRowChars: number;
}

/** Excel's own sheet bounds. */
const MAX_COLUMNS = 16_384;
const MAX_ROW_NUMBER = 1_048_576;

const rowTooLong = (row: number, maxChars: number) =>
  new AppError(
    400,
    'row_too_long',
    `Row ${row} is longer than ${maxChars.toLocaleString('en-US')} characters: it cannot be a row of addresses.`,
    { details: { row, maxChars } },
  );

/** Part names from the package relationships: the workbook, its first sheet and shared strings. */
async function locateParts(zip: ZipFile, entries: Map<string, Entry>, budget: Budget) {
  const meta = (entry: Entry, handlers: XmlHandlers) =>
    readXmlPart(
      zip,
      entry,
      budget,
      handlers,
      () => notAWorkbook(`${entry.fileName} has an XML node that is too long`),
      MAX_META_PART_BYTES,
    );
  const relationships = async (path: string) => {
    const found: { id: string; type: string; target: string }[] = [];
    const entry = entries.get(path.toLowerCase());
    if (!entry) return found;
    await meta(entry, {
      open(name, a) {
        if (name === 'Relationship' && a.Target && found.length < 1000)
          found.push({ id: a.Id ?? '', type: a.Type ?? '', target: a.Target });
      },
    });
    return found;
  };
  const resolve = (from: string, target: string) =>
    target.startsWith('/') ? target.slice(1) : posix.normalize(posix.join(posix.dirname(from), target));

  const root = await relationships('_rels/.rels');
  const office = root.find((r) => r.type.endsWith('/officeDocument'));
  const workbook = office ? resolve('', office.target) : 'xl/workbook.xml';
  const workbookEntry = entries.get(workbook.toLowerCase());
  if (!workbookEntry) throw notAWorkbook('it has no workbook part');
  let firstSheetId: string | null = null;
  await meta(workbookEntry, {
    open(name, a) {
      if (name !== 'sheet' || firstSheetId !== null) return;
      const key = Object.keys(a).find((k) => k === 'id' || k.endsWith(':id'));
      firstSheetId = key ? a[key]! : '';
    },
  });
  const rels = await relationships(
    posix.join(posix.dirname(workbook), '_rels', `${posix.basename(workbook)}.rels`),
  );
  const sheetRel = rels.find((r) => r.id === firstSheetId);
  const stringsRel = rels.find((r) => r.type.endsWith('/sharedStrings'));
  return {
    hasSheet: firstSheetId !== null,
    sheet: sheetRel ? resolve(workbook, sheetRel.target) : 'xl/worksheets/sheet1.xml',
    sharedStrings: stringsRel ? resolve(workbook, stringsRel.target) : 'xl/sharedStrings.xml',
  };
}

/** The text of each `<si>` (rich-text runs joined, phonetic guides left out), cut at `maxRowChars` + 1. */
async function readSharedStrings(
  zip: ZipFile,
  entry: Entry,
  budget: Budget,
  maxRowChars: number,
): Promise<SharedStrings> {
  const strings = new SharedStrings();
  const cap = maxRowChars + 1;
  let current = '';
  let inText = false;
  let phonetic = 0;
  await readXmlPart(
    zip,
    entry,
    budget,
    {
      open(name) {
        if (name === 'si') current = '';
        else if (name === 't' && phonetic === 0) inText = true;
        else if (name === 'rPh') phonetic++;
      },
      close(name) {
        if (name === 't') inText = false;
        else if (name === 'rPh') phonetic--;
        else if (name === 'si') strings.push(current);
      },
      text(text) {
        if (inText && current.length < cap) current = (current + text).slice(0, cap);
      },
    },
    () => notAWorkbook('a shared string is too long'),
  );
  return strings;
}

function columnOf(ref: string): number {
  let col = 0;
  for (let i = 0; i < ref.length; i++) {
    const c = ref.charCodeAt(i);
    if (c < 65 || c > 90) break;
    col = col * 26 + (c - 64);
    if (col > MAX_COLUMNS) break;
  }
  return col;
}

/** Reads the first worksheet; `onRow` gets each row's cells (column A first) as it closes. */
export async function readFirstSheet(
  file: FileHandle,
  limits: XlsxLimits,
  onRow: (row: number, cells: string[]) => void,
): Promise<void> {
  const { zip, entries } = await openZip(file);
  try {
    const budget: Budget = { limit: limits.maxUncompressedBytes, remaining: limits.maxUncompressedBytes };
    const parts = await locateParts(zip, entries, budget);
    const sheetEntry = entries.get(parts.sheet.toLowerCase());
    if (!parts.hasSheet || !sheetEntry)
      throw new AppError(400, 'empty_file', 'The workbook has no worksheet.');
    const stringsEntry = entries.get(parts.sharedStrings.toLowerCase());
    const strings = stringsEntry
      ? await readSharedStrings(zip, stringsEntry, budget, limits.maxRowChars)
      : null;

    let rowNumber = 0;
    let cells: string[] = [];
    let rowChars = 0;
    let inRow = false;
    let col = 0;
    let type = 'n';
    let value = '';
    let inValue = false;
    let inInline = false;
    let phonetic = 0;
    const addChars = (n: number) => {
      rowChars += n;
      if (rowChars > limits.maxRowChars) throw rowTooLong(rowNumber, limits.maxRowChars);
    };
    await readXmlPart(
      zip,
      sheetEntry,
      budget,
      {
        open(name, a) {
          switch (name) {
            case 'row': {
              const r = a.r === undefined ? rowNumber + 1 : Number(a.r);
              if (!Number.isInteger(r) || r < 1 || r > MAX_ROW_NUMBER)
                throw notAWorkbook('a row number is invalid');
              rowNumber = r;
              cells = [];
              rowChars = 0;
              col = 0;
              inRow = true;
              return;
            }
            case 'c':
              col = a.r === undefined ? col + 1 : columnOf(a.r);
              if (col < 1 || col > MAX_COLUMNS) throw notAWorkbook('a cell reference is invalid');
              type = a.t ?? 'n';
              value = '';
              return;
            case 'v':
              inValue = true;
              return;
            case 't':
              if (phonetic === 0) inInline = true;
              return;
            case 'rPh':
              phonetic++;
              return;
          }
        },
        close(name) {
          switch (name) {
            case 'v':
              inValue = false;
              return;
            case 't':
              inInline = false;
              return;
            case 'rPh':
              phonetic--;
              return;
            case 'c': {
              let text = value;
              if (type === 's') {
                text = strings?.get(Number(value)) ?? '';
                // The index was counted as text; the row holds the string instead.
                addChars(text.length - value.length);
              } else if (type === 'b') text = value === '1' ? 'true' : value === '0' ? 'false' : value;
              else if (type === 'e') text = '';
              else if (type === 'n' && value !== '') {
                const n = Number(value);
                if (!Number.isNaN(n)) text = String(n);
              }
              if (text !== '') cells[col - 1] = text;
              return;
            }
            case 'row': {
              inRow = false;
              const full: string[] = new Array(cells.length);
              for (let i = 0; i < cells.length; i++) full[i] = cells[i] ?? '';
              onRow(rowNumber, full);
              return;
            }
          }
        },
        text(text) {
          if (!inRow || !(inValue || inInline)) return;
          addChars(text.length);
          value += text;
        },
      },
      () => (inRow ? rowTooLong(rowNumber, limits.maxRowChars) : notAWorkbook('an XML node is too long')),
    );
  } catch (error) {
    if (error instanceof AppError) throw error;
    throw notAWorkbook('it is damaged');
  } finally {
    zip.close();
  }
}
