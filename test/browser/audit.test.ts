/**
 * The audit log in a real browser: changes made through the API appear with their actor, the
 * filters narrow the table (and the export links follow them), the CSV export downloads the
 * filtered rows formula-safe, and the page is axe clean and usable at 375 px.
 * Run with `npm run test:browser` (it builds the web app first).
 */
import type { Browser, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { Runtime } from '../../src/runtime.ts';
import { apiCall, checkA11y, closeConsole, openConsole, shot, signedInOrganization } from './harness.ts';

const OWNER_NAME = 'Avery Auditor';

let runtime: Runtime;
let browser: Browser;
let page: Page;
let baseUrl = '';

beforeAll(async () => {
  ({ runtime, baseUrl, browser, page } = await openConsole());
});

// The 375 px test leaves the next one at desktop width, even when it fails.
afterEach(() => page.setViewportSize({ width: 1280, height: 900 }));

afterAll(() => closeConsole({ browser, runtime }));

const call = (method: string, path: string, body?: unknown) => apiCall(page, baseUrl, method, path, body);

/**
 * An organization of the test's own with four audited changes (a group named like a formula, the
 * expiry setting, an API key, a group made by that key), its owner on the Audit log page.
 */
async function auditedOrganization(): Promise<{ keyPrefix: string }> {
  const { orgId } = await signedInOrganization({ runtime, baseUrl, page }, 'Audit Works', OWNER_NAME);
  expect((await call('POST', `/orgs/${orgId}/groups`, { name: '=SUM(A1:A9)' })).status).toBe(201);
  expect((await call('PATCH', `/orgs/${orgId}/settings`, { inviteExpiryDays: 14 })).status).toBe(200);
  const key = await call('POST', `/orgs/${orgId}/api-keys`, { name: 'Robot', role: 'admin' });
  expect(key.status).toBe(201);
  // The key acts on its own: it is the actor of that change.
  const asKey = await page.request.post(`${baseUrl}/api/v1/orgs/${orgId}/groups`, {
    headers: { authorization: `Bearer ${key.body.key}`, 'content-type': 'application/json' },
    data: JSON.stringify({ name: 'Made by robot' }),
  });
  expect(asKey.status()).toBe(201);
  await page.goto(`${baseUrl}/o/${orgId}/people`);
  await page.getByRole('link', { name: 'Audit log' }).click();
  await page.getByRole('heading', { name: 'Audit log' }).waitFor();
  return { keyPrefix: key.body.prefix };
}

describe('audit log in Chromium', () => {
  it('lists changes with their actor; filters by kind and by who', async () => {
    const { keyPrefix } = await auditedOrganization();
    const rows = page.locator('table.audit-log tbody tr');
    await expect.poll(() => rows.count()).toBe(4);
    await expect.poll(() => rows.first().textContent()).toContain('Made by robot');
    expect(await rows.first().textContent()).toContain('API key');
    await checkA11y(page, 'audit log');

    await page.getByLabel('What').selectOption('settings');
    await page.getByRole('button', { name: 'Show' }).click();
    await expect.poll(() => rows.count()).toBe(1);
    expect(await rows.first().textContent()).toMatch(/settings\.changed[\s\S]*inviteExpiryDays: 7 → 14/);

    await page.getByLabel('What').selectOption('');
    await page.getByLabel('Who').selectOption({ label: `API key "Robot" (${keyPrefix}…)` });
    await page.getByRole('button', { name: 'Show' }).click();
    await expect.poll(() => rows.count()).toBe(1);
    expect(await rows.first().textContent()).toContain('group.created');
    await page.getByRole('button', { name: 'Clear' }).click();
    await expect.poll(() => rows.count()).toBe(4);
    await shot(page, 'audit-log');
  });

  it('shows a webhook for every event as such, and one for chosen events by name', async () => {
    const { orgId } = await signedInOrganization({ runtime, baseUrl, page }, 'Hook Audit', OWNER_NAME);
    expect(
      (await call('POST', `/orgs/${orgId}/webhooks`, { url: 'https://hooks.example.com/all' })).status,
    ).toBe(201);
    expect(
      (
        await call('POST', `/orgs/${orgId}/webhooks`, {
          url: 'https://hooks.example.com/some',
          events: ['invitation.accepted'],
        })
      ).status,
    ).toBe(201);
    await page.goto(`${baseUrl}/o/${orgId}/audit-log`);
    const rows = page.locator('table.audit-log tbody tr');
    await expect.poll(() => rows.count()).toBe(2);
    expect(await rows.nth(1).textContent()).toContain('events: every event');
    expect(await rows.first().textContent()).toContain('events: invitation.accepted');
  });

  it('exports the filtered log as CSV, formula-safe', async () => {
    await auditedOrganization();
    await page.getByLabel('What').selectOption('group');
    await page.getByRole('button', { name: 'Show' }).click();
    await expect.poll(() => page.locator('table.audit-log tbody tr').count()).toBe(2);
    const href = await page.getByTestId('export-csv').getAttribute('href');
    expect(href).toContain('type=group');
    const download = page.waitForEvent('download');
    await page.getByTestId('export-csv').click();
    const file = await download;
    expect(file.suggestedFilename()).toMatch(/^beckon-audit-log-\d{4}-\d{2}-\d{2}\.csv$/);
    const body = await (await page.request.get(`${baseUrl}${href}`)).text();
    const lines = body
      .replace(/^\uFEFF/, '')
      .trimEnd()
      .split('\r\n');
    expect(lines).toHaveLength(3);
    expect(lines.slice(1).every((l) => l.includes('group.created'))).toBe(true);
    expect(body).toContain("'=SUM(A1:A9)");
    expect(body).not.toMatch(/(^|,)=SUM/m);
  });

  it('works at 375 px', async () => {
    await auditedOrganization();
    await page.setViewportSize({ width: 375, height: 800 });
    await page.reload();
    await page.getByRole('heading', { name: 'Audit log' }).waitFor();
    await expect.poll(() => page.locator('table.audit-log tbody tr').count()).toBe(4);
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    expect(overflow).toBeLessThanOrEqual(0);
    await checkA11y(page, 'audit log at 375 px');
    await shot(page, 'audit-log-375');
  });
});
