import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { LOCALES } from '../../src/i18n/locales.ts';

/**
 * Every error code the server can answer with has a sentence in the console's catalog
 * (`ui.errors.<code>` in web/src/ui/messages), in every language: the console shows a person
 * the code's sentence, never a code it has no words for.
 */
const ROOT = join(import.meta.dirname, '..', '..');
const SRC = join(ROOT, 'src');

function walk(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) =>
    entry.isDirectory()
      ? walk(join(dir, entry.name))
      : entry.name.endsWith('.ts')
        ? [join(dir, entry.name)]
        : [],
  );
}

const sources = walk(SRC).map((file) => ({
  file: file.slice(ROOT.length + 1),
  text: readFileSync(file, 'utf8'),
}));

/**
 * Functions that make an AppError from a code given first (`badRequest`, `conflict`, `gone`, an
 * import's `fileError`): found where they are defined, so a new one is scanned too.
 */
const HELPER_DEFINITION =
  /(?:function\s+(\w+)|(?:const|let)\s+(\w+)\s*=)\s*\(\s*code\s*:\s*string[^)]*\)[^{;]*?(?:=>|\{)\s*(?:return\s+)?new AppError\(/g;
const helpers = new Set<string>();
for (const { text } of sources)
  for (const m of text.matchAll(HELPER_DEFINITION)) helpers.add((m[1] ?? m[2])!);

const CODE = `['"\`]([a-z][a-z0-9_]*)['"\`]`;
const PATTERNS = [
  new RegExp(`\\b(?:${[...helpers].join('|')})\\(\\s*${CODE}`, 'g'),
  // new AppError(409, 'code', …)
  new RegExp(`new AppError\\(\\s*[^,()]+,\\s*${CODE}`, 'g'),
  // tooManyRequests(message, seconds, 'code')
  new RegExp(`tooManyRequests\\((?:[^()]|\\([^()]*\\))*?,\\s*${CODE}\\s*\\)`, 'g'),
  // Answers sent by hand ({ error: { code: 'x' } }) and refusals that become errors later
  // ({ ok: false, code: 'x' }, an import row's problem), which reach AppError through `x.code`.
  new RegExp(`\\bcode:\\s*${CODE}`, 'g'),
];

/**
 * Codes no literal in src/ names: the defaults of the helpers in src/shared/errors.ts are found
 * by the patterns above; these come from elsewhere.
 */
const DYNAMIC = [
  // tooManyRequests' default code, and what @fastify/rate-limit's refusals become.
  'rate_limited',
  // The console's own: the server was not reached, or answered without a code.
  'network',
  'error',
];

/** Codes passed on from a value rather than written out: each must come from a scanned literal. */
const FORWARDED =
  /\b(?:badRequest|conflict|gone|fileError|new AppError)\(\s*(?:[^,'"`()]+,\s*)?([a-z]\w*\.code)\b/g;
const KNOWN_FORWARDS = new Set(['checked.code', 'email.code', 'r.code', 'error.code', 'dead.code']);

function serverCodes(): Set<string> {
  const codes = new Set<string>(DYNAMIC);
  for (const { text } of sources)
    for (const pattern of PATTERNS) for (const m of text.matchAll(pattern)) codes.add(m[1]!);
  return codes;
}

const catalog = (locale: string): Record<string, string> =>
  JSON.parse(readFileSync(join(ROOT, 'web', 'src', 'ui', 'messages', `${locale}.json`), 'utf8'));

describe('error codes in the console catalog', () => {
  it('finds the helpers and the codes (the scan itself works)', () => {
    expect([...helpers].sort()).toEqual(
      expect.arrayContaining(['badRequest', 'conflict', 'fileError', 'gone']),
    );
    const codes = serverCodes();
    // One of each way a code is written: a helper, new AppError, an import helper, a hand-made answer,
    // a refusal forwarded later, the validation handler.
    for (const code of [
      'weak_password',
      'last_owner',
      'creator_unknown',
      'duplicate_column',
      'database_unreachable',
      'invalid_email',
      'invalid_request',
      'invalid_input',
      'unauthenticated',
      'forbidden',
      'not_found',
    ])
      expect(codes, code).toContain(code);
  });

  it('every code forwarded from a value comes from a known source', () => {
    const forwarded = new Set<string>();
    for (const { text } of sources) for (const m of text.matchAll(FORWARDED)) forwarded.add(m[1]!);
    // A new source of codes needs its codes written out where this test's patterns find them.
    expect([...forwarded].filter((f) => !KNOWN_FORWARDS.has(f))).toEqual([]);
  });

  it('every code has a ui.errors message in every language', () => {
    const codes = [...serverCodes()].sort();
    const missing: string[] = [];
    for (const locale of LOCALES) {
      const messages = catalog(locale);
      for (const code of codes)
        if (!messages[`ui.errors.${code}`]) missing.push(`${locale}: ui.errors.${code}`);
    }
    expect(missing).toEqual([]);
  });
});
