import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { LOCALES } from '../../src/i18n/locales.ts';
import { catalogProblems, walk } from '../helpers/catalogs.ts';

/**
 * The console's catalogs: each folder of web/src keeps its messages in messages/<locale>.json,
 * ids prefixed with the folder's name. Every language has exactly English's ids, every message is
 * ICU that names the same arguments as English, every id the code uses exists, and none is unused.
 */
const WEB = join(import.meta.dirname, '..', '..', 'web', 'src');

const folders = readdirSync(WEB, { withFileTypes: true })
  .filter((entry) => entry.isDirectory() && readdirSync(join(WEB, entry.name)).includes('messages'))
  .map((entry) => entry.name);

const read = (folder: string, locale: string): Record<string, string> =>
  JSON.parse(readFileSync(join(WEB, folder, 'messages', `${locale}.json`), 'utf8'));

const english: Record<string, string> = Object.assign({}, ...folders.map((f) => read(f, 'en')));

/** Examples in comments are not uses. */
function withoutComments(text: string): string {
  return text.replace(/\/\*[\s\S]*?\*\//g, '').replace(/^\s*\/\/.*$/gm, '');
}

const code = walk(WEB)
  .filter((file) => /\.(ts|tsx)$/.test(file) && !file.includes(`${join('i18n', 'catalogs')}`))
  .map((file) => ({ file: relative(WEB, file), text: withoutComments(readFileSync(file, 'utf8')) }));

const USE = [
  /\b(?:t|msg)\(\s*(['"])([^'"]+)\1/g,
  /<T\s+id=(['"])([^'"]+)\1/g,
  /formatMessage\(\s*\{\s*id:\s*(['"])([^'"]+)\1/g,
];
/** Ids built from a prefix and a code: `ui.errors.${code}` uses every id under "ui.errors.". */
const PREFIX = /`([a-z][\w-]*\.[\w.-]*)\$\{/g;
/** sentenceForCode(intl, 'people.reason', code, …) uses every id under "people.reason.". */
const CODE_PREFIX = /sentenceForCode\(\s*[\w().]+,\s*'([a-z][\w.-]*)'/g;

describe('console catalogs', () => {
  it('has a catalog per language in every folder that has one, ids prefixed by the folder', () => {
    expect(folders.length).toBeGreaterThan(0);
    for (const folder of folders) {
      const files = readdirSync(join(WEB, folder, 'messages')).sort();
      expect(files, folder).toEqual(LOCALES.map((l) => `${l}.json`).sort());
      for (const id of Object.keys(read(folder, 'en'))) expect(id.startsWith(`${folder}.`), id).toBe(true);
    }
  });

  it('every language has exactly the English ids, as ICU naming the same arguments', () => {
    const problems = folders.flatMap((folder) =>
      LOCALES.flatMap((locale) =>
        catalogProblems(`${folder}/${locale}`, read(folder, locale), read(folder, 'en')),
      ),
    );
    expect(problems).toEqual([]);
  });

  it('every id the console uses exists, and every English id is used', () => {
    const used = new Set<string>();
    const prefixes = new Set<string>();
    const missing: string[] = [];
    for (const { file, text } of code) {
      for (const pattern of USE)
        for (const m of text.matchAll(pattern)) {
          used.add(m[2]!);
          if (!(m[2]! in english)) missing.push(`${file}: ${m[2]}`);
        }
      for (const m of text.matchAll(PREFIX)) prefixes.add(m[1]!);
      for (const m of text.matchAll(CODE_PREFIX)) prefixes.add(`${m[1]!}.`);
    }
    expect(missing).toEqual([]);
    const unused = Object.keys(english).filter(
      (id) => !used.has(id) && ![...prefixes].some((prefix) => id.startsWith(prefix)),
    );
    expect(unused).toEqual([]);
  });
});
