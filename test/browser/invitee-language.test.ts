/**
 * The invitee page speaks the invitation's language: an invitation in Japanese opens in Japanese
 * (whatever the browser's language), the page's switcher changes it to English and to Arabic
 * (right to left) at once and the address keeps the choice across a reload, axe finds nothing in
 * Japanese or Arabic, and the account made on the Arabic page starts in Arabic. The join page
 * opens in the browser's language among the organization's and switches the same way.
 * Run with `npm run test:browser` (it builds the web app first).
 */
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Runtime } from '../../src/runtime.ts';
import { apiCall, checkA11y, closeConsole, openConsole, shot, signedInOrganization } from './harness.ts';

const ORG = 'Sakura Training';

let runtime: Runtime;
let browser: Browser;
let page: Page;
let baseUrl = '';

beforeAll(async () => {
  ({ runtime, baseUrl, browser, page } = await openConsole({ timeoutMs: 15_000 }));
});

afterAll(() => closeConsole({ browser, runtime }));

const call = (method: string, path: string, body?: unknown) => apiCall(page, baseUrl, method, path, body);

/** An invitation in Japanese and its link. The language is set on the row, as an import or the invite dialog store it. */
async function japaneseInvitation(email: string): Promise<{ orgId: string; url: string }> {
  const { orgId } = await signedInOrganization({ runtime, baseUrl, page }, ORG, 'Hana Owner');
  const res = await call('POST', `/orgs/${orgId}/invitations`, { emails: [email] });
  expect(res.status, JSON.stringify(res.body)).toBe(201);
  const id = res.body.invitations[0].id as string;
  await runtime.services.db.updateTable('invitations').set({ locale: 'ja' }).where('id', '=', id).execute();
  const link = await call('GET', `/orgs/${orgId}/invitations/${id}/link`);
  expect(link.status).toBe(200);
  return { orgId, url: link.body.url as string };
}

const htmlLangDir = (p: Page) =>
  p.evaluate(() => ({ lang: document.documentElement.lang, dir: document.documentElement.dir }));

describe('the invitee page in the invitation’s language', () => {
  it('opens in Japanese, switches to English and Arabic, and the new account keeps Arabic', async () => {
    const { url } = await japaneseInvitation('yui@example.com');
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, locale: 'en-US' });
    context.setDefaultTimeout(15_000);
    const p = await context.newPage();

    await p.goto(url);
    await p.getByRole('heading', { name: `${ORG} に参加` }).waitFor();
    expect(await htmlLangDir(p)).toEqual({ lang: 'ja', dir: 'ltr' });
    await p.getByRole('button', { name: '招待を承諾する' }).waitFor();
    await checkA11y(p, 'invitee page in Japanese');
    await shot(p, 'invitee-ja');

    await p.getByLabel('言語').selectOption('en');
    await p.getByRole('heading', { name: `Join ${ORG}` }).waitFor();
    expect(await htmlLangDir(p)).toEqual({ lang: 'en', dir: 'ltr' });
    expect(new URL(p.url()).searchParams.get('lang')).toBe('en');
    await p.reload();
    await p.getByRole('heading', { name: `Join ${ORG}` }).waitFor();
    expect(await p.getByLabel('Language').inputValue()).toBe('en');

    await p.getByLabel('Language').selectOption('ar');
    await p.getByRole('heading', { name: `الانضمام إلى ${ORG}` }).waitFor();
    expect(await htmlLangDir(p)).toEqual({ lang: 'ar', dir: 'rtl' });
    expect(new URL(p.url()).searchParams.get('lang')).toBe('ar');
    await checkA11y(p, 'invitee page in Arabic');
    await shot(p, 'invitee-ar');

    await p.getByLabel('اسمك').fill('Yui Tanaka');
    await p.getByLabel('اختر كلمة مرور').fill('violet-harbour-train-9');
    await p.getByRole('button', { name: 'قبول الدعوة' }).click();
    await p.getByRole('heading', { name: `مرحبًا بك في ${ORG}` }).waitFor();
    await checkA11y(p, 'welcome page in Arabic');
    const user = await runtime.services.db
      .selectFrom('users')
      .select('locale')
      .where('email', '=', 'yui@example.com')
      .executeTakeFirstOrThrow();
    expect(user.locale).toBe('ar');
    await context.close();
  });

  it('?lang= outside the organization’s languages is ignored; the invitation’s language is used', async () => {
    const { orgId, url } = await japaneseInvitation('ren@example.com');
    await runtime.services.db
      .updateTable('organizations')
      .set({ allowed_locales: ['ja', 'en'] })
      .where('id', '=', orgId)
      .execute();
    const context = await browser.newContext({ locale: 'en-US' });
    context.setDefaultTimeout(15_000);
    const p = await context.newPage();
    await p.goto(`${url}?lang=de`);
    await p.getByRole('heading', { name: `${ORG} に参加` }).waitFor();
    const options = await p.getByLabel('言語').locator('option').allTextContents();
    expect(options).toEqual(['日本語', 'English']);
    await context.close();
  });

  it('the join page speaks the browser’s language among the organization’s, and switches', async () => {
    const { orgId } = await signedInOrganization({ runtime, baseUrl, page }, ORG, 'Hana Owner');
    const slug = `sakura-${orgId.slice(0, 8)}`;
    const saved = await call('PATCH', `/orgs/${orgId}/join-page`, { slug, enabled: true });
    expect(saved.status, JSON.stringify(saved.body)).toBe(200);
    const context = await browser.newContext({ locale: 'ar-EG' });
    context.setDefaultTimeout(15_000);
    const p = await context.newPage();
    await p.goto(`${baseUrl}/join/${slug}`);
    await p.getByRole('heading', { name: `الانضمام إلى ${ORG}` }).waitFor();
    expect(await htmlLangDir(p)).toEqual({ lang: 'ar', dir: 'rtl' });
    await p.getByRole('button', { name: 'أرسل لي رابطًا' }).waitFor();
    await checkA11y(p, 'join page in Arabic');
    await p.getByLabel('اللغة').selectOption('ja');
    await p.getByRole('heading', { name: `${ORG} に参加` }).waitFor();
    expect(await htmlLangDir(p)).toEqual({ lang: 'ja', dir: 'ltr' });
    expect(new URL(p.url()).searchParams.get('lang')).toBe('ja');
    await checkA11y(p, 'join page in Japanese');
    await context.close();
  });
});
