/**
 * Japanese and Arabic from end to end: an administrator invites in the invitee's language from
 * the invite dialog; the email arrives over SMTP in that language (subject as RFC 2047 words,
 * body, expiry in the organization's time zone with the zone named); the invitee accepts on the
 * page in that language and lands in a console that speaks it, with the right `lang` and `dir`,
 * axe clean throughout. Run with `npm run test:browser`.
 */
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Runtime } from '../../src/runtime.ts';
import { formatEmailDate } from '../../src/templates/dates.ts';
import consoleAr from '../../web/src/console/messages/ar.json' with { type: 'json' };
import consoleJa from '../../web/src/console/messages/ja.json' with { type: 'json' };
import inviteeAr from '../../web/src/invitee/messages/ar.json' with { type: 'json' };
import inviteeJa from '../../web/src/invitee/messages/ja.json' with { type: 'json' };
import { decodeMimeWords, startSmtpServer, type TestSmtpServer } from '../helpers/smtp.ts';
import { checkA11y, launchBrowser, linkIn, shot, signedInOrganization, startServer } from './harness.ts';

let smtp: TestSmtpServer;
let runtime: Runtime;
let browser: Browser;
let admin: Page;
let baseUrl = '';

beforeAll(async () => {
  smtp = await startSmtpServer();
  ({ runtime, baseUrl } = await startServer({ SMTP_URL: smtp.url }));
  browser = await launchBrowser();
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, locale: 'en-GB' });
  context.setDefaultTimeout(15_000);
  admin = await context.newPage();
});

afterAll(async () => {
  await browser?.close().catch(() => {});
  await runtime?.stop().catch(() => {});
  await smtp?.close().catch(() => {});
});

const LANGUAGES = [
  {
    locale: 'ja',
    name: '日本語',
    dir: 'ltr',
    timeZone: 'Asia/Tokyo',
    zoneName: 'JST',
    script: /[\u3040-\u30ff\u4e00-\u9fff]/,
    org: '東京アカデミー',
    invitee: inviteeJa,
    console: consoleJa,
  },
  {
    locale: 'ar',
    name: 'العربية',
    dir: 'rtl',
    timeZone: 'Asia/Riyadh',
    zoneName: null,
    script: /[\u0600-\u06ff]/,
    org: 'أكاديمية الخليج',
    invitee: inviteeAr,
    console: consoleAr,
  },
] as const;

const fill = (message: string, values: Record<string, string>) =>
  message.replace(/\{(\w+)\}/g, (_, name: string) => values[name] ?? `{${name}}`);

const htmlLangDir = (p: Page) =>
  p.evaluate(() => ({ lang: document.documentElement.lang, dir: document.documentElement.dir }));

describe('an invitation in the invitee’s language, from the dialog to the console', () => {
  for (const language of LANGUAGES) {
    it(`${language.name}: invite, the email, accept, the console`, async () => {
      const { orgId } = await signedInOrganization(
        { runtime, baseUrl, page: admin },
        language.org,
        'Olivia Owner',
      );
      await runtime.services.db
        .updateTable('organizations')
        .set({ time_zone: language.timeZone })
        .where('id', '=', orgId)
        .execute();
      const email = `${language.locale}.${orgId.slice(0, 8)}@example.com`;

      // The administrator reads the console in English and picks the invitee's language.
      await admin.goto(`${baseUrl}/o/${orgId}/people`);
      await admin.getByRole('button', { name: 'Invite people' }).first().click();
      const dialog = admin.getByRole('dialog', { name: 'Invite people' });
      await dialog.getByLabel('Email addresses').fill(email);
      await dialog.getByLabel('Language').selectOption(language.locale);
      const before = smtp.messages.length;
      await dialog.getByRole('button', { name: 'Send 1 invitation' }).click();
      await admin.getByTestId('invite-result').waitFor();

      const mail = await smtp.waitFor(
        (m) => m.to.includes(email) && smtp.messages.indexOf(m) >= before,
        20_000,
      );
      const subject = decodeMimeWords(mail.subject);
      expect(mail.subject).toMatch(/^=\?UTF-8\?[BQ]\?/i);
      expect(subject).toContain(language.org);
      expect(subject).toMatch(language.script);
      expect(mail.text).toMatch(language.script);
      expect(mail.html).toContain(`lang="${language.locale}"`);
      expect(mail.html).toContain(`dir="${language.dir}"`);
      const invitation = await runtime.services.db
        .selectFrom('invitations')
        .select(['expires_at', 'locale'])
        .where('email', '=', email)
        .executeTakeFirstOrThrow();
      expect(invitation.locale).toBe(language.locale);
      // Expiry in the organization's zone, written as that language writes it, the zone named.
      const expiry = formatEmailDate(invitation.expires_at!, {
        locale: language.locale,
        timeZone: language.timeZone,
      });
      expect(mail.text).toContain(expiry);
      if (language.zoneName) expect(expiry).toContain(language.zoneName);

      // The invitee's own browser speaks English; the page follows the invitation.
      const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, locale: 'en-US' });
      context.setDefaultTimeout(15_000);
      const invitee = await context.newPage();
      await invitee.goto(linkIn(mail.text, 'invite'));
      await invitee
        .getByRole('heading', { name: fill(language.invitee['invitee.joinOrg'], { org: language.org }) })
        .waitFor();
      expect(await htmlLangDir(invitee)).toEqual({ lang: language.locale, dir: language.dir });
      await checkA11y(invitee, `invitee page (${language.locale})`);
      await shot(invitee, `languages-${language.locale}-invitee`);
      await invitee.getByLabel(language.invitee['invitee.account.name']).fill('Sam Lee');
      await invitee.getByLabel(language.invitee['invitee.account.password']).fill('violet-harbour-train-9');
      await invitee.getByRole('button', { name: language.invitee['invitee.invite.accept'] }).click();
      await invitee
        .getByRole('heading', {
          name: fill(language.invitee['invitee.welcome.title'], { org: language.org }),
        })
        .waitFor();

      // Their account starts in the invitation's language: the console speaks it.
      await invitee.goto(baseUrl);
      await invitee.getByRole('button', { name: language.console['console.signOut'] }).waitFor();
      expect(await htmlLangDir(invitee)).toEqual({ lang: language.locale, dir: language.dir });
      await checkA11y(invitee, `console (${language.locale})`);
      await shot(invitee, `languages-${language.locale}-console`);
      await context.close();
    });
  }
});

describe('a new organization starts on its creator’s clock', () => {
  it('takes the browser’s time zone', async () => {
    const context = await browser.newContext({ timezoneId: 'America/Sao_Paulo', locale: 'en-GB' });
    context.setDefaultTimeout(15_000);
    const p = await context.newPage();
    await signedInOrganization({ runtime, baseUrl, page: p }, 'First School', 'Paula Owner');
    await p.goto(baseUrl);
    await p.getByLabel('Organization').selectOption({ label: '+ Create organization…' });
    const dialog = p.getByRole('dialog', { name: 'Create an organization' });
    await dialog.getByLabel('Organization name').fill('Escola Paulista');
    await dialog.getByRole('button', { name: 'Create' }).click();
    await p.getByRole('heading', { name: 'Escola Paulista' }).waitFor();
    const org = await runtime.services.db
      .selectFrom('organizations')
      .select('time_zone')
      .where('name', '=', 'Escola Paulista')
      .executeTakeFirstOrThrow();
    expect(org.time_zone).toBe('America/Sao_Paulo');
    await context.close();
  });
});
