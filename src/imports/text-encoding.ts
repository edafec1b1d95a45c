import iconv from 'iconv-lite';

/**
 * Which text encoding a CSV upload is in, told from its bytes without asking: what Excel saves
 * across locales. A byte-order mark decides (UTF-8, UTF-16 LE/BE); UTF-16 without one shows as
 * zero bytes in every other position; a file valid as UTF-8 is UTF-8; anything else is one of
 * the two legacy encodings Excel writes for "CSV": Shift_JIS (Windows code page 932, Excel in
 * Japan) or Windows-1252 (Excel in western Europe and the Americas).
 */
export type TextEncoding = 'utf-8' | 'utf-16le' | 'utf-16be' | 'shift_jis' | 'windows-1252';

export interface Bom {
  encoding: TextEncoding;
  length: number;
}

/** The byte-order mark at the start of a file, if it has one. */
export function byteOrderMark(head: Buffer): Bom | null {
  if (head[0] === 0xef && head[1] === 0xbb && head[2] === 0xbf) return { encoding: 'utf-8', length: 3 };
  if (head[0] === 0xff && head[1] === 0xfe) return { encoding: 'utf-16le', length: 2 };
  if (head[0] === 0xfe && head[1] === 0xff) return { encoding: 'utf-16be', length: 2 };
  return null;
}

/**
 * UTF-16 saved without a byte-order mark: text of mostly Latin characters then has a zero byte in
 * every odd (little-endian) or even (big-endian) position, which no 8-bit text has.
 */
export function utf16WithoutBom(head: Buffer): TextEncoding | null {
  const n = Math.min(head.length, 1024) & ~1;
  if (n < 4) return null;
  let zeroEven = 0;
  let zeroOdd = 0;
  for (let i = 0; i < n; i += 2) {
    if (head[i] === 0) zeroEven++;
    if (head[i + 1] === 0) zeroOdd++;
  }
  const pairs = n / 2;
  if (zeroOdd >= pairs * 0.6 && zeroEven <= pairs * 0.05) return 'utf-16le';
  if (zeroEven >= pairs * 0.6 && zeroOdd <= pairs * 0.05) return 'utf-16be';
  return null;
}

/**
 * Shift_JIS or Windows-1252, for bytes that are not UTF-8. Shift_JIS needs every byte above 0x7F
 * to make a character code page 932 maps (a half-width katakana, or a lead byte 0x81–0x9F /
 * 0xE0–0xFC with a trail byte 0x40–0x7E / 0x80–0xFC); most western text fails that at once, since
 * an accented letter followed by a space, a comma or a line break is no Shift_JIS character. When
 * both readings are possible, the Windows-1252 reading decides: western text is letters beside
 * letters ("Fran|ç|ois"), while Japanese read as Windows-1252 is mostly punctuation and lone
 * symbols ("山田" reads "ŽR“c"). Statistical detectors misjudge the short files imports often are
 * (a three-row Japanese file read as Turkish), so the rule is structural.
 */
export function legacyEncoding(sample: Buffer): 'shift_jis' | 'windows-1252' {
  let end = sample.length;
  for (let i = 0; i < sample.length; ) {
    const b = sample[i]!;
    if (b < 0x80 || (b >= 0xa1 && b <= 0xdf)) {
      i++;
      continue;
    }
    const lead = (b >= 0x81 && b <= 0x9f) || (b >= 0xe0 && b <= 0xfc);
    if (!lead) return 'windows-1252';
    if (i + 1 >= sample.length) {
      end = i; // the sample ends between the two bytes of a character
      break;
    }
    const t = sample[i + 1]!;
    if (!((t >= 0x40 && t <= 0x7e) || (t >= 0x80 && t <= 0xfc))) return 'windows-1252';
    i += 2;
  }
  let lettersInWords = 0;
  let others = 0;
  for (let i = 0; i < end; i++) {
    const b = sample[i]!;
    if (b < 0x80) continue;
    const inWord = isLatinLetter(b) && (isLetter(sample[i - 1]) || isLetter(sample[i + 1]));
    if (inWord) lettersInWords++;
    else others++;
  }
  if (others === 0 || others < lettersInWords) return 'windows-1252';
  return iconv.decode(sample.subarray(0, end), 'cp932').includes('\uFFFD') ? 'windows-1252' : 'shift_jis';
}

/** A letter in Windows-1252 above ASCII: À–ÿ but × and ÷, and Š Œ Ž š œ ž Ÿ. */
function isLatinLetter(b: number): boolean {
  if (b >= 0xc0) return b !== 0xd7 && b !== 0xf7;
  return b === 0x8a || b === 0x8c || b === 0x8e || b === 0x9a || b === 0x9c || b === 0x9e || b === 0x9f;
}

function isLetter(b: number | undefined): boolean {
  if (b === undefined) return false;
  const lower = b | 0x20;
  return (lower >= 0x61 && lower <= 0x7a) || isLatinLetter(b);
}

/** A streaming decoder: characters split across chunks come out whole. */
export interface TextDecoderStream {
  write(chunk: Buffer): string;
  end(): string;
}

/** Code page 932 is Microsoft's Shift_JIS, the one Excel writes (with its extra characters). */
const ICONV_NAME: Record<TextEncoding, string> = {
  'utf-8': 'utf-8',
  'utf-16le': 'utf-16le',
  'utf-16be': 'utf-16be',
  shift_jis: 'cp932',
  'windows-1252': 'windows-1252',
};

export function decoderFor(encoding: TextEncoding): TextDecoderStream {
  const decoder = iconv.getDecoder(ICONV_NAME[encoding], { stripBOM: false });
  return {
    write: (chunk) => decoder.write(chunk),
    end: () => decoder.end() ?? '',
  };
}
