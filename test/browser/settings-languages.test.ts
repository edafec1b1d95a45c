/**
 * The organization's languages and time zone in Settings: chosen in English, read back through
 * the API; the same page in Japanese and in Arabic (right to left), accessible, with the import
 * page naming the language column in the reader's language.
 */
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Runtime } from '../../src/runtime.ts';
import { apiCall, checkA11y, closeConsole, openConsole, signedInOrganization } from './harness.ts';

let runtime: Runtime;
let browser: Browser;
let page: Page;
let baseUrl = '';

beforeAll(async () => {
  ({ runtime, baseUrl, browser, page } = await openConsole({ timeoutMs: 15_000 }));
});

afterAll(() => closeConsole({ browser, runtime }));

const call = (method: string, path: string, body?: unknown) => apiCall(page, baseUrl, method, path, body);

describe('languages in Settings', () => {
  it('chooses the default and the allowed languages and the time zone; the default stays allowed', async () => {
    const { orgId } = await signedInOrganization({ runtime, baseUrl, page }, 'Lingua Academy', 'Lena Lingua');
    await page.goto(`${baseUrl}/o/${orgId}/settings?lang=en`);
    const languages = page.getByRole('group', { name: 'Languages' });
    await languages.waitFor();
    // Choosing a default allows it; its own box cannot be cleared.
    await languages.getByLabel('Default language').selectOption('ja');
    expect(await languages.getByRole('checkbox', { name: '日本語' }).isDisabled()).toBe(true);
    for (const name of ['Deutsch', 'Français', 'Español', 'Português (Brasil)'])
      await languages.getByRole('checkbox', { name }).uncheck();
    await page.getByLabel('Time zone').selectOption('Asia/Tokyo');
    await checkA11y(page, 'settings: languages');
    await page.getByRole('button', { name: 'Save settings' }).click();
    await page.getByText('Settings saved.').waitFor();
    const saved = await call('GET', `/orgs/${orgId}/settings`);
    expect(saved.body).toMatchObject({
      defaultLocale: 'ja',
      allowedLocales: ['en', 'ja', 'ar'],
      timeZone: 'Asia/Tokyo',
    });
  });

  it('speaks Japanese, and Arabic right to left, on Settings and Import', async () => {
    const { orgId } = await signedInOrganization({ runtime, baseUrl, page }, 'Polyglot Academy', 'Pia Poly');
    await page.goto(`${baseUrl}/o/${orgId}/settings?lang=ja`);
    await page.getByRole('heading', { name: '設定' }).waitFor();
    await page.getByRole('group', { name: '言語' }).getByLabel('既定の言語').waitFor();
    await page.getByRole('button', { name: '設定を保存' }).waitFor();
    await checkA11y(page, 'settings in Japanese');

    await page.goto(`${baseUrl}/o/${orgId}/settings?lang=ar`);
    await page.getByRole('heading', { name: 'الإعدادات' }).waitFor();
    expect(await page.evaluate(() => [document.documentElement.lang, document.documentElement.dir])).toEqual([
      'ar',
      'rtl',
    ]);
    await page.getByRole('group', { name: 'اللغات' }).getByLabel('اللغة الافتراضية').waitFor();
    await checkA11y(page, 'settings in Arabic');

    await page.goto(`${baseUrl}/o/${orgId}/imports?lang=ja`);
    await page.getByRole('heading', { name: '1. スプレッドシートをアップロード' }).waitFor();
    expect(await page.getByText('招待の言語', { exact: false }).count()).toBeGreaterThan(0);
    await checkA11y(page, 'import page in Japanese');
  });
});
