import { crc32 } from 'node:zlib';
import { AppError, badRequest } from '../shared/errors.ts';
import type { LogoContentType } from './tables.ts';

/**
 * Every email carries the logo inline, so it stays small; a side above LOGO_MAX_SIDE is more
 * than any email or page shows (they draw it at most 240 px wide) and only costs the reader's memory.
 */
export const LOGO_MAX_BYTES = 256 * 1024;
export const LOGO_MAX_SIDE = 2048;

export interface InspectedImage {
  contentType: LogoContentType;
  width: number;
  height: number;
}

const PNG_SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

const unsupported = (what: string) =>
  new AppError(
    415,
    'unsupported_image_type',
    `${what} Upload a PNG or JPEG: those are the formats every email program shows.`,
    { details: { field: 'file' } },
  );
const malformed = (what: string) =>
  badRequest(
    'invalid_image',
    `The file is not a valid ${what} image (its structure is damaged or cut short).`,
    {
      field: 'file',
    },
  );

/**
 * What an uploaded logo is, read from its own bytes (the Content-Type the client sent is not
 * trusted): PNG or JPEG by magic bytes, the whole structure walked (PNG chunk CRCs, JPEG segment
 * lengths) up to the pixel dimensions in its header. Nothing is decoded. Refuses, with a sentence
 * for people: anything else (SVG, which can carry scripts, included), a damaged file, more than
 * LOGO_MAX_BYTES, or a side over LOGO_MAX_SIDE pixels.
 */
export function inspectLogo(bytes: Buffer): InspectedImage {
  if (bytes.length === 0)
    throw badRequest('missing_file', 'Send the logo image as the request body.', { field: 'file' });
  if (bytes.length > LOGO_MAX_BYTES) throw logoTooLarge();
  const image = readPng(bytes) ?? readJpeg(bytes);
  if (!image) throw unsupported(describeOther(bytes));
  if (image.width > LOGO_MAX_SIDE || image.height > LOGO_MAX_SIDE) {
    throw badRequest(
      'image_too_many_pixels',
      `The image is ${image.width} × ${image.height} pixels; a logo may be at most ${LOGO_MAX_SIDE} × ${LOGO_MAX_SIDE}.`,
      { field: 'file' },
    );
  }
  return image;
}

export const logoTooLarge = () =>
  new AppError(413, 'payload_too_large', `A logo may be at most ${LOGO_MAX_BYTES / 1024} KB.`, {
    details: { field: 'file' },
  });

function describeOther(bytes: Buffer): string {
  const head = bytes.subarray(0, 512).toString('latin1');
  if (/^(\xef\xbb\xbf)?\s*</.test(head) && /<svg[\s>]/i.test(bytes.subarray(0, 4096).toString('latin1')))
    return 'SVG images are not accepted: they can carry scripts, and many email programs do not show them.';
  if (head.startsWith('RIFF') && head.slice(8, 12) === 'WEBP')
    return 'WebP images are not accepted: several email programs (Outlook among them) do not show them.';
  if (head.startsWith('GIF8')) return 'GIF images are not accepted.';
  return 'The file is not a PNG or JPEG image.';
}

/** PNG: signature, then chunks (length, type, data, CRC) from IHDR to IEND. */
function readPng(bytes: Buffer): InspectedImage | null {
  if (bytes.length < 8 || !bytes.subarray(0, 8).equals(PNG_SIGNATURE)) return null;
  let at = 8;
  let size: { width: number; height: number } | null = null;
  while (at + 12 <= bytes.length) {
    const length = bytes.readUInt32BE(at);
    const end = at + 12 + length;
    if (length > 0x7fffffff || end > bytes.length) break;
    const type = bytes.toString('latin1', at + 4, at + 8);
    if (crc32(bytes.subarray(at + 4, at + 8 + length)) !== bytes.readUInt32BE(at + 8 + length)) break;
    if (size === null) {
      if (type !== 'IHDR' || length !== 13) break;
      size = { width: bytes.readUInt32BE(at + 8), height: bytes.readUInt32BE(at + 12) };
      if (size.width === 0 || size.height === 0) break;
    }
    if (type === 'IEND') return { contentType: 'image/png', ...size };
    at = end;
  }
  throw malformed('PNG');
}

/** Start-of-frame markers (baseline, progressive, lossless…): not DHT (C4), JPG (C8) or DAC (CC). */
const isStartOfFrame = (m: number) => m >= 0xc0 && m <= 0xcf && m !== 0xc4 && m !== 0xc8 && m !== 0xcc;

/** JPEG: SOI, then marker segments until the frame header, which holds the dimensions. */
function readJpeg(bytes: Buffer): InspectedImage | null {
  if (bytes.length < 4 || bytes[0] !== 0xff || bytes[1] !== 0xd8 || bytes[2] !== 0xff) return null;
  let at = 2;
  while (at + 4 <= bytes.length) {
    if (bytes[at] !== 0xff) break;
    let marker = bytes[at + 1]!;
    while (marker === 0xff && at + 2 < bytes.length) marker = bytes[++at + 1]!;
    at += 2;
    if (marker === 0x01 || (marker >= 0xd0 && marker <= 0xd7)) continue; // no length
    if (marker === 0xd9 || marker === 0xda || at + 2 > bytes.length) break; // image data before a frame header
    const length = bytes.readUInt16BE(at);
    if (length < 2 || at + length > bytes.length) break;
    if (isStartOfFrame(marker)) {
      if (length < 8) break;
      const height = bytes.readUInt16BE(at + 3);
      const width = bytes.readUInt16BE(at + 5);
      if (width === 0 || height === 0) break;
      return { contentType: 'image/jpeg', width, height };
    }
    at += length;
  }
  throw malformed('JPEG');
}
