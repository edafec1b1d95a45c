import { constants, crc32, deflateRawSync } from 'node:zlib';

/**
 * Builds XLSX workbooks byte by byte, for tests and benchmarks of hostile uploads: any part order,
 * any declared size (a header may lie), and deflate streams that inflate to gigabytes from a few
 * hundred kilobytes, made by repeating one independently compressed block (each ends with a sync
 * flush, so the blocks concatenate into one valid stream). Nothing large is ever held inflated.
 */

export interface ZipPart {
  name: string;
  /** The part's content; deflated here. */
  data?: Buffer | string;
  /** Or an already deflated stream and the size it inflates to. */
  deflated?: Deflated;
  /** The uncompressed size written in the headers, if it must differ from the real one. */
  declaredSize?: number;
}

export interface Deflated {
  bytes: Buffer;
  size: number;
  crc: number;
}

/** `prefix`, then `unit` repeated to about `totalBytes`, then `suffix`, as one deflate stream. */
export function repeatedDeflate(prefix: string, unit: string, totalBytes: number, suffix: string): Deflated {
  const block = Buffer.from(unit.repeat(Math.ceil((1024 * 1024) / unit.length)));
  const sync = { finishFlush: constants.Z_SYNC_FLUSH, level: 9 };
  const head = deflateRawSync(Buffer.from(prefix), sync);
  const body = deflateRawSync(block, sync);
  const tail = deflateRawSync(Buffer.from(suffix));
  const n = Math.max(0, Math.floor((totalBytes - prefix.length - suffix.length) / block.length));
  return {
    bytes: Buffer.concat([head, ...Array.from({ length: n }, () => body), tail]),
    size: Buffer.byteLength(prefix) + n * block.length + Buffer.byteLength(suffix),
    // Readers of this zip do not check CRCs; computing it would mean inflating the whole part.
    crc: 0,
  };
}

export function zip(parts: ZipPart[]): Buffer {
  const locals: Buffer[] = [];
  const centrals: Buffer[] = [];
  let offset = 0;
  for (const part of parts) {
    const name = Buffer.from(part.name);
    let deflated = part.deflated;
    if (!deflated) {
      const raw = Buffer.isBuffer(part.data) ? part.data : Buffer.from(part.data ?? '');
      deflated = { bytes: deflateRawSync(raw), size: raw.length, crc: crc32(raw) };
    }
    const size = part.declaredSize ?? deflated.size;
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(20, 4);
    local.writeUInt16LE(0, 6);
    local.writeUInt16LE(8, 8);
    local.writeUInt16LE(0, 10);
    local.writeUInt16LE(0x21, 12);
    local.writeUInt32LE(deflated.crc >>> 0, 14);
    local.writeUInt32LE(deflated.bytes.length, 18);
    local.writeUInt32LE(size, 22);
    local.writeUInt16LE(name.length, 26);
    local.writeUInt16LE(0, 28);
    const central = Buffer.alloc(46);
    central.writeUInt32LE(0x02014b50, 0);
    central.writeUInt16LE(20, 4);
    central.writeUInt16LE(20, 6);
    central.writeUInt16LE(0, 8);
    central.writeUInt16LE(8, 10);
    central.writeUInt16LE(0, 12);
    central.writeUInt16LE(0x21, 14);
    central.writeUInt32LE(deflated.crc >>> 0, 16);
    central.writeUInt32LE(deflated.bytes.length, 20);
    central.writeUInt32LE(size, 24);
    central.writeUInt16LE(name.length, 28);
    central.writeUInt32LE(offset, 42);
    locals.push(local, name, deflated.bytes);
    centrals.push(central, name);
    offset += 30 + name.length + deflated.bytes.length;
  }
  const directory = Buffer.concat(centrals);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(parts.length, 8);
  end.writeUInt16LE(parts.length, 10);
  end.writeUInt32LE(directory.length, 12);
  end.writeUInt32LE(offset, 16);
  return Buffer.concat([...locals, directory, end]);
}

const XML = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n';
const MAIN = 'http://schemas.openxmlformats.org/spreadsheetml/2006/main';
const REL = 'http://schemas.openxmlformats.org/officeDocument/2006/relationships';

export const SHEET_START = `${XML}<worksheet xmlns="${MAIN}" xmlns:r="${REL}"><sheetData>`;
export const SHEET_END = '</sheetData></worksheet>';

const escapeXml = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

/** A sheet whose cells are shared-string indexes (numbers) or inline strings (text). */
export function sheetXml(rows: (string | number)[][]): string {
  const body = rows
    .map((cells, r) => {
      const cs = cells
        .map((v, c) => {
          const ref = `${String.fromCharCode(65 + c)}${r + 1}`;
          return typeof v === 'number'
            ? `<c r="${ref}" t="s"><v>${v}</v></c>`
            : `<c r="${ref}" t="inlineStr"><is><t>${escapeXml(v)}</t></is></c>`;
        })
        .join('');
      return `<row r="${r + 1}">${cs}</row>`;
    })
    .join('');
  return `${SHEET_START}${body}${SHEET_END}`;
}

export function sharedStringsXml(strings: string[]): string {
  const items = strings.map((s) => `<si><t>${escapeXml(s)}</t></si>`).join('');
  return `${XML}<sst xmlns="${MAIN}" count="${strings.length}" uniqueCount="${strings.length}">${items}</sst>`;
}

/**
 * A whole workbook: the package parts, then the sheet and the shared strings in the order given
 * (Excel and exceljs write the sheet first).
 */
export function workbook(
  sheet: Omit<ZipPart, 'name'>,
  sharedStrings?: Omit<ZipPart, 'name'>,
  order: 'sheet-first' | 'strings-first' = 'sheet-first',
): Buffer {
  const parts: ZipPart[] = [
    {
      name: '[Content_Types].xml',
      data: `${XML}<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/></Types>`,
    },
    {
      name: '_rels/.rels',
      data: `${XML}<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="${REL}/officeDocument" Target="xl/workbook.xml"/></Relationships>`,
    },
    {
      name: 'xl/workbook.xml',
      data: `${XML}<workbook xmlns="${MAIN}" xmlns:r="${REL}"><sheets><sheet name="People" sheetId="1" r:id="rId1"/></sheets></workbook>`,
    },
    {
      name: 'xl/_rels/workbook.xml.rels',
      data: `${XML}<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="${REL}/worksheet" Target="worksheets/sheet1.xml"/><Relationship Id="rId2" Type="${REL}/sharedStrings" Target="sharedStrings.xml"/></Relationships>`,
    },
  ];
  const sheetPart = { name: 'xl/worksheets/sheet1.xml', ...sheet };
  const stringsPart = sharedStrings ? [{ name: 'xl/sharedStrings.xml', ...sharedStrings }] : [];
  return zip(
    order === 'sheet-first' ? [...parts, sheetPart, ...stringsPart] : [...parts, ...stringsPart, sheetPart],
  );
}
