import iconv from 'iconv-lite';
import { describe, expect, it } from 'vitest';
import {
  byteOrderMark,
  decoderFor,
  legacyEncoding,
  utf16WithoutBom,
} from '../../src/imports/text-encoding.ts';

const sjis = (s: string) => iconv.encode(s, 'cp932');
const cp1252 = (s: string) => iconv.encode(s, 'windows-1252');

describe('telling a CSV upload’s encoding', () => {
  it('reads byte-order marks', () => {
    expect(byteOrderMark(Buffer.from([0xef, 0xbb, 0xbf, 0x61]))).toEqual({ encoding: 'utf-8', length: 3 });
    expect(byteOrderMark(Buffer.from([0xff, 0xfe, 0x61, 0]))).toEqual({ encoding: 'utf-16le', length: 2 });
    expect(byteOrderMark(Buffer.from([0xfe, 0xff, 0, 0x61]))).toEqual({ encoding: 'utf-16be', length: 2 });
    expect(byteOrderMark(Buffer.from('email'))).toBeNull();
  });

  it('recognises UTF-16 without a byte-order mark by its zero bytes, and only that', () => {
    expect(utf16WithoutBom(Buffer.from('email\tgroups\r\n', 'utf16le'))).toBe('utf-16le');
    expect(utf16WithoutBom(Buffer.from('email\tgroups\r\n', 'utf16le').swap16())).toBe('utf-16be');
    expect(utf16WithoutBom(Buffer.from('email,groups\r\n'))).toBeNull();
    expect(utf16WithoutBom(sjis('email,名前\r\n'))).toBeNull();
  });

  it('tells Shift_JIS from Windows-1252, short files included', () => {
    for (const text of [
      '山田 太郎',
      'ホセ・ミュラー',
      '東京 営業,大阪',
      'ﾗｲﾗ 髙橋',
      'さとう はなこ',
      '「研修」',
    ]) {
      expect(legacyEncoding(sjis(`a@b.jp,${text}\r\n`)), text).toBe('shift_jis');
    }
    for (const text of [
      'Café',
      'José Müller',
      'François Cœur',
      'Zoë, Brontë',
      'Ærøskøbing',
      '“Équipe” – €5',
      'naïve',
    ]) {
      expect(legacyEncoding(cp1252(`a@b.fr,${text}\r\n`)), text).toBe('windows-1252');
    }
  });

  it('decides on a sample that ends inside a two-byte character', () => {
    const bytes = sjis('山田 太郎');
    expect(legacyEncoding(bytes.subarray(0, bytes.length - 1))).toBe('shift_jis');
  });

  it('decodes characters split across chunks whole', () => {
    const bytes = sjis('山田,ﾗｲﾗ 髙橋');
    const decoder = decoderFor('shift_jis');
    let text = '';
    for (let i = 0; i < bytes.length; i++) text += decoder.write(bytes.subarray(i, i + 1));
    expect(text + decoder.end()).toBe('山田,ﾗｲﾗ 髙橋');
  });
});
