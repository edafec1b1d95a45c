/**
 * A member chooses the console's language and time zone in "Your account": the console switches at
 * once and keeps the choice on the next visit; Arabic reads right to left. Signed out, the sign-in
 * page offers its own choice, and refusals come in the reader's language.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  apiCall,
  type ConsoleSession,
  checkA11y,
  closeConsole,
  openConsole,
  signedInOrganization,
} from './harness.ts';

let session: ConsoleSession;

beforeAll(async () => {
  session = await openConsole();
});

afterAll(() => closeConsole(session));

/**
 * This test's own organization, its owner signed in with the console language (and time zone)
 * given, on the account page.
 */
async function onAccountPage(
  preferences: { locale: string; timeZone: string | null } | null,
  heading: string,
): Promise<{ email: string }> {
  const { page, baseUrl } = session;
  const { orgId, email } = await signedInOrganization(session, 'Sakura Training', 'Aiko Owner');
  if (preferences)
    expect((await apiCall(page, baseUrl, 'PATCH', '/session/preferences', preferences)).status).toBe(200);
  await page.goto(`${baseUrl}/o/${orgId}/account`);
  await page.getByRole('heading', { name: heading }).waitFor();
  return { email };
}

const html = (name: 'lang' | 'dir') => session.page.evaluate((n) => document.documentElement[n], name);

describe('console language and time zone', () => {
  it('saves Japanese and Tokyo time, and the console switches at once', async () => {
    const { page, baseUrl } = session;
    await onAccountPage(null, 'Your account');
    expect(await page.getByLabel('Language', { exact: true }).inputValue()).toBe('');
    await page.getByLabel('Language', { exact: true }).selectOption({ label: '日本語' });
    await page.getByLabel('Time zone', { exact: true }).selectOption('Asia/Tokyo');
    await page.getByRole('button', { name: 'Save preferences' }).click();

    await page.getByRole('heading', { name: 'アカウント' }).waitFor();
    await page.getByText('設定を保存しました。').waitFor();
    expect(await html('lang')).toBe('ja');
    expect(await html('dir')).toBe('ltr');
    await page.getByRole('navigation').getByRole('link', { name: '概要' }).waitFor();
    const saved = await apiCall(page, baseUrl, 'GET', '/session');
    expect(saved.body.user).toMatchObject({ locale: 'ja', timeZone: 'Asia/Tokyo' });
    await checkA11y(page, 'account in Japanese');

    // The next visit opens in the member's language, from the session.
    await page.reload();
    await page.getByRole('heading', { name: 'アカウント' }).waitFor();
    expect(await page.getByLabel('タイムゾーン', { exact: true }).inputValue()).toBe('Asia/Tokyo');

    // An organization created from a Japanese console speaks Japanese by default.
    await page.locator('#org-switcher').selectOption('__new');
    const dialog = page.getByRole('dialog', { name: '組織を作成' });
    await dialog.getByLabel('組織名').fill('Sakura Osaka');
    await dialog.getByRole('button', { name: '作成' }).click();
    await page.waitForURL(/\/o\/[0-9a-f-]{36}$/);
    const created = /\/o\/([0-9a-f-]{36})$/.exec(page.url())![1];
    const settings = await apiCall(page, baseUrl, 'GET', `/orgs/${created}/settings`);
    expect(settings.body).toMatchObject({ defaultLocale: 'ja', timeZone: expect.any(String) });
  });

  it('Arabic reads right to left: the navigation moves to the right', async () => {
    const { page } = session;
    const { email } = await onAccountPage({ locale: 'ja', timeZone: 'Asia/Tokyo' }, 'アカウント');
    await page.getByLabel('言語', { exact: true }).selectOption({ label: 'العربية' });
    await page.getByRole('button', { name: '設定を保存' }).click();
    await page.getByRole('heading', { name: 'حسابك' }).waitFor();
    expect(await html('lang')).toBe('ar');
    expect(await html('dir')).toBe('rtl');
    const nav = (await page.getByRole('navigation').boundingBox())!;
    const main = (await page.locator('main').boundingBox())!;
    expect(nav.x).toBeGreaterThan(main.x);
    // The address keeps its own order inside the Arabic page.
    expect(await page.locator('.lead bdi').textContent()).toBe(email);
    await checkA11y(page, 'account in Arabic');
  });

  it('signed out, the sign-in page keeps the language, refuses in it, and offers others', async () => {
    const { page } = session;
    const { email } = await onAccountPage({ locale: 'ar', timeZone: null }, 'حسابك');
    await page.getByRole('button', { name: 'تسجيل الخروج' }).click();
    await page.getByRole('heading', { name: 'تسجيل الدخول' }).waitFor();
    expect(await html('dir')).toBe('rtl');
    await page.getByLabel('عنوان البريد الإلكتروني').fill(email);
    await page.getByLabel('كلمة المرور', { exact: true }).fill('not-the-password-1');
    await page.getByRole('button', { name: 'تسجيل الدخول' }).click();
    expect(await page.getByRole('alert').textContent()).toBe(
      'عنوان البريد الإلكتروني أو كلمة المرور غير صحيحة.',
    );
    await checkA11y(page, 'sign in in Arabic');

    await page.getByLabel('اللغة').selectOption({ label: 'Deutsch' });
    await page.getByRole('heading', { name: 'Anmelden' }).waitFor();
    expect(await html('lang')).toBe('de');
    expect(await html('dir')).toBe('ltr');
    await page.getByRole('link', { name: 'Passwort vergessen?' }).click();
    await page.getByRole('heading', { name: 'Passwort zurücksetzen' }).waitFor();
  });
});
