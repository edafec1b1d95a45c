import { readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { orList, readCatalog, readerLocale, translate } from '../../src/i18n/intl.ts';
import { LOCALES } from '../../src/i18n/locales.ts';
import { catalogProblems, walk } from '../helpers/catalogs.ts';

/**
 * The server's catalogs (src/i18n/messages): every language has exactly English's ids, every
 * message is ICU naming the same arguments as English, every id the code uses exists and none is
 * unused.
 */
const SRC = join(import.meta.dirname, '..', '..', 'src');
const english = readCatalog('en');

describe('server message catalogs', () => {
  it('every language has exactly the English ids, as ICU naming the same arguments', () => {
    const problems = LOCALES.flatMap((locale) => catalogProblems(locale, readCatalog(locale), english));
    expect(problems).toEqual([]);
  });

  it('every id the server uses exists, and every English id is used', () => {
    const code = walk(SRC)
      .filter((file) => file.endsWith('.ts'))
      .map((file) => ({ file: relative(SRC, file), text: readFileSync(file, 'utf8') }));
    const used = new Set<string>();
    const missing: string[] = [];
    for (const { file, text } of code)
      for (const m of text.matchAll(
        /'((?:import)\.[a-zA-Z]+\.[\w.]+|(?:oidc|sendingDomain|templates|timeline)\.[a-zA-Z][\w.]*)'/g,
      )) {
        used.add(m[1]!);
        if (!(m[1]! in english)) missing.push(`${file}: ${m[1]}`);
      }
    expect(missing).toEqual([]);
    // Summaries are looked up by problem code (`import.summary.${code}`): each code is listed there.
    const groups = readFileSync(join(SRC, 'imports', 'problem-groups.ts'), 'utf8');
    const unused = Object.keys(english).filter((id) => {
      if (used.has(id)) return false;
      const summary = /^import\.summary\.(\w+)$/.exec(id);
      return !(summary && groups.includes(`'${summary[1]}'`));
    });
    expect(unused).toEqual([]);
  });

  it('keeps Liquid snippets in template variable descriptions literal in every language', () => {
    for (const locale of LOCALES) {
      expect(translate(locale, 'templates.variable.invitationGroups')).toContain(
        '{{ invitation.groups | join: ", " }}',
      );
      expect(translate(locale, 'templates.variable.organizationLogoUrl')).toContain(
        '{% if organization.logo %}',
      );
      expect(translate(locale, 'templates.variable.invitationExpiresAtIso')).toContain('`date`');
    }
  });

  it('formats plurals, lists and languages per reader', () => {
    expect(translate('en', 'import.summary.invalid_email', { count: 1000 })).toBe('1,000 invalid addresses');
    expect(translate('ja', 'import.summary.invalid_email', { count: 3 })).toBe('3 件の無効なメールアドレス');
    expect(translate('de', 'import.summary.invalid_email', { count: 1 })).toBe('1 ungültige Adresse');
    expect(translate('ar', 'import.summary.invalid_email', { count: 2 })).toBe('عناوين غير صالحة: صفان');
    expect(orList('en', ['learner', 'manager', 'hr'])).toBe('learner, manager or hr');
    expect(orList('fr', ['learner', 'hr'])).toBe('learner ou hr');
    expect(readerLocale('ja', 'de', 'en')).toBe('ja');
    expect(readerLocale(null, 'xx, pt-PT;q=0.9, de;q=0.8', 'en')).toBe('pt-BR');
    expect(readerLocale(null, undefined, 'fr')).toBe('fr');
  });
});
