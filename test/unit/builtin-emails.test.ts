import { describe, expect, it } from 'vitest';
import { LOCALES, textDirection } from '../../src/i18n/locales.ts';
import type { EmailKind } from '../../src/mail/render.ts';
import { BUILT_IN } from '../../src/templates/builtins/index.ts';
import { formatEmailDate } from '../../src/templates/dates.ts';
import { renderTemplate, sampleVars, validateTemplate } from '../../src/templates/engine.ts';
import { VARIABLES } from '../../src/templates/variables.ts';

const KINDS = Object.keys(VARIABLES) as EmailKind[];
const LINK = 'https://beckon.example.com/invite/sample-token';

describe('built-in emails', () => {
  it('exist for every language and every kind, with subject, HTML and text', () => {
    expect(Object.keys(BUILT_IN).sort()).toEqual([...LOCALES].sort());
    for (const locale of LOCALES) {
      expect(Object.keys(BUILT_IN[locale]).sort()).toEqual([...KINDS].sort());
      for (const kind of KINDS) {
        const content = BUILT_IN[locale][kind];
        for (const field of ['subject', 'html', 'text'] as const) expect(content[field].trim()).not.toBe('');
        expect(content.html).toContain('{{ link }}');
        expect(content.text).toContain('{{ link }}');
      }
    }
  });

  it.each(LOCALES)(
    'render in %s with sample data, the link in both bodies, lang and dir on the HTML',
    async (locale) => {
      for (const kind of KINDS) {
        const content = BUILT_IN[locale][kind];
        await expect(
          validateTemplate(kind, content, { locale, timeZone: 'Asia/Tokyo' }),
        ).resolves.toBeUndefined();
        const out = await renderTemplate(
          kind,
          content,
          { ...sampleVars(kind), link: LINK },
          { locale, timeZone: 'Asia/Tokyo' },
        );
        expect(out.html).toContain(LINK);
        expect(out.text).toContain(LINK);
        expect(out.subject).not.toMatch(/[\r\n]|\{\{|\{%/);
        expect(
          out.html.startsWith(`<!doctype html><html lang="${locale}" dir="${textDirection(locale)}">`),
        ).toBe(true);
      }
    },
  );

  it('are translated: no language but English carries an English sentence of the built-in emails', async () => {
    for (const locale of LOCALES.filter((l) => l !== 'en')) {
      for (const kind of KINDS) {
        const out = await renderTemplate(kind, BUILT_IN[locale][kind], sampleVars(kind), {
          locale,
          timeZone: 'UTC',
        });
        const english = await renderTemplate(kind, BUILT_IN.en[kind], sampleVars(kind));
        expect(out.subject, `${locale} ${kind}`).not.toBe(english.subject);
        for (const phrase of ['invited you', 'This link expires', 'Sign in', 'password', 'Beckon account'])
          expect(out.text, `${locale} ${kind}`).not.toContain(phrase);
      }
    }
  });

  it("draw the inviter's message quote on the side the language starts from", async () => {
    const vars = { ...sampleVars('invitation'), message: 'مرحبا' };
    const ar = await renderTemplate('invitation', BUILT_IN.ar.invitation, vars, {
      locale: 'ar',
      timeZone: 'UTC',
    });
    expect(ar.html).toContain(
      '<blockquote style="border-right:3px solid #cbd2d9;margin:0;padding-right:12px">',
    );
    const en = await renderTemplate('invitation', BUILT_IN.en.invitation, vars);
    expect(en.html).toContain(
      '<blockquote style="border-left:3px solid #cbd2d9;margin:0;padding-left:12px">',
    );
  });

  it('state the expiry in the language and zone, the zone named', async () => {
    const at = new Date(Date.UTC(2026, 11, 9, 9, 0));
    expect(formatEmailDate(at, { locale: 'ja', timeZone: 'Asia/Tokyo' })).toBe('2026年12月9日 18:00 JST');
    expect(formatEmailDate(at, { locale: 'en', timeZone: 'Europe/London' })).toBe(
      '9 December 2026 at 09:00 GMT',
    );
    expect(formatEmailDate(at, { locale: 'de', timeZone: 'Europe/Berlin' })).toBe(
      '9. Dezember 2026 um 10:00 MEZ',
    );
    // A zone Intl does not know reads as UTC rather than failing the email.
    expect(formatEmailDate(at, { locale: 'en', timeZone: 'Mars/Olympus' })).toBe(
      '9 December 2026 at 09:00 UTC',
    );
    const out = await renderTemplate(
      'invitation',
      BUILT_IN.ja.invitation,
      { ...sampleVars('invitation'), expiresAt: at, role: 'hr' },
      { locale: 'ja', timeZone: 'Asia/Tokyo' },
    );
    expect(out.text).toContain('このリンクの有効期限は2026年12月9日 18:00 JSTです。');
    expect(out.text).toContain('人事として参加します。');
  });
});
