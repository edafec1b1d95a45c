/**
 * Credits in the console, and send times in the past: the balance on People and in Settings,
 * the ledger with who and when, adding credits, the invite dialog and the import saying how many
 * the balance allows before anything is sent, and an import cut short by credits reported as
 * such. A past send time is refused in the dialog, with "Now" an explicit choice.
 */
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Runtime } from '../../src/runtime.ts';
import { apiCall, checkA11y, closeConsole, openConsole, shot, signedInOrganization } from './harness.ts';

let runtime: Runtime;
let browser: Browser;
let page: Page;
let baseUrl = '';

beforeAll(async () => {
  ({ runtime, baseUrl, browser, page } = await openConsole({ timeoutMs: 15_000 }));
});

afterAll(() => closeConsole({ browser, runtime }));

const call = (method: string, path: string, body?: unknown) => apiCall(page, baseUrl, method, path, body);

/** Each test's own organization, owner Carla Credits signed in; credits on with `credits` added. */
async function organization(credits?: number): Promise<string> {
  const { orgId } = await signedInOrganization({ runtime, baseUrl, page }, 'Credit Academy', 'Carla Credits');
  if (credits !== undefined) {
    const on = await call('POST', `/orgs/${orgId}/credits`, {
      enabled: true,
      amount: credits,
      note: 'Trial pack',
    });
    expect(on.status).toBe(200);
  }
  return orgId;
}

/** No element wider than the viewport (nothing cut off at 375 px). */
const overflowing = (p: Page) =>
  p.evaluate(() => document.documentElement.scrollWidth > document.documentElement.clientWidth);

describe('credits in Chromium', () => {
  it('an owner switches credits on and adds some in Settings; the ledger says who and when', async () => {
    const orgId = await organization();
    await page.goto(`${baseUrl}/o/${orgId}/settings`);
    const panel = page.locator('#credits');
    await panel.getByLabel('Count invitations against a credit balance').check();
    await page.getByText('Credits are on.').waitFor();
    await panel.getByLabel('Credits to add').fill('3');
    await panel.getByLabel('Note (optional)').fill('Trial pack');
    await panel.getByRole('button', { name: 'Add credits' }).click();
    await expect.poll(() => panel.getByTestId('credit-summary').textContent()).toMatch(/^3 available/);
    const first = panel.getByTestId('credit-ledger').locator('tbody tr').first();
    expect(await first.textContent()).toMatch(/Added.*\+3.*Carla Credits.*Trial pack/);
    await checkA11y(page, 'settings with credits');
  });

  it('People shows the balance; the invite dialog says how many it allows before sending', async () => {
    const orgId = await organization(3);
    await page.goto(`${baseUrl}/o/${orgId}/people`);
    await expect.poll(() => page.getByTestId('credit-balance').textContent()).toMatch(/3 credits left/);
    await page.getByRole('button', { name: 'Invite people' }).first().click();
    const dialog = page.getByRole('dialog', { name: 'Invite people' });
    await dialog
      .getByLabel('Email addresses')
      .fill('ann@example.com bo@example.com cy@example.com di@example.com ed@example.com');
    await expect
      .poll(() => dialog.getByTestId('credit-allowance').textContent())
      .toMatch(/allows 3 invitations of 5: the other 2 addresses will not be invited/);
    await checkA11y(page, 'invite dialog beyond the balance');
    await shot(page, 'credits-invite-dialog');
    await dialog.getByRole('button', { name: /Send 5 invitations/ }).click();
    await page.getByTestId('invite-result').getByText('Invited (3)').waitFor();
    await page.getByRole('button', { name: 'Done' }).click();
    await expect
      .poll(() => page.getByTestId('credit-balance').textContent())
      .toMatch(/0 credits left · 3 credits held/);

    await page.goto(`${baseUrl}/o/${orgId}/settings`);
    const ledger = page.locator('#credits').getByTestId('credit-ledger');
    await ledger.locator('tbody tr').nth(3).waitFor();
    expect(await ledger.locator('tbody tr').first().textContent()).toMatch(
      /Held by an invitation.*-1.*@example\.com.*Carla Credits/,
    );
  });

  it('an import says what the balance allows, and one cut short by credits says so', async () => {
    // Two credits, both held by invitations; cancelling one gives its credit back.
    const orgId = await organization(2);
    const invited = await call('POST', `/orgs/${orgId}/invitations`, {
      emails: ['ann@example.com', 'bo@example.com'],
    });
    expect(invited.body.invitations).toHaveLength(2);
    expect((await call('GET', `/orgs/${orgId}/credits`)).body).toMatchObject({ balance: 0, held: 2 });
    const items = (await call('GET', `/orgs/${orgId}/invitations?status=pending`)).body.items;
    expect((await call('POST', `/orgs/${orgId}/invitations/${items[0].id}/cancel`, {})).status).toBe(200);

    await page.goto(`${baseUrl}/o/${orgId}/imports`);
    await page.getByLabel('Spreadsheet file (CSV or XLSX)').setInputFiles({
      name: 'three.csv',
      mimeType: 'text/csv',
      buffer: Buffer.from('email\r\nfay@example.com\r\ngus@example.com\r\nhal@example.com\r\n'),
    });
    await page.getByRole('button', { name: 'Preview upload' }).click();
    const preview = page.getByTestId('import-preview');
    await expect
      .poll(() => preview.getByTestId('credit-allowance').textContent())
      .toMatch(/allows 1 invitation of 3/);
    await preview.getByRole('button', { name: 'Invite 3 people' }).click();
    const confirm = page.getByRole('dialog', { name: 'Are you sure?' });
    expect(await confirm.getByTestId('credit-allowance').textContent()).toMatch(/allows 1 invitation of 3/);
    await confirm.getByRole('button', { name: 'Send 3 invitations' }).click();

    const toast = page.locator('.toast').filter({ hasText: 'Import stopped short' });
    await toast.waitFor({ timeout: 60_000 });
    expect(await toast.textContent()).toMatch(/2 rows not invited because no credits were left/);
    const outcomes = page.getByTestId('import-outcomes');
    expect(await outcomes.getByRole('alert').textContent()).toMatch(/2 not invited: No credits left/);
    await checkA11y(page, 'import cut short by credits');
    await shot(page, 'credits-import-cut-short', { keepToasts: true });
  });

  it('works at 375 px: Settings and People fit the screen', async () => {
    const orgId = await organization(3);
    await page.setViewportSize({ width: 375, height: 800 });
    await page.goto(`${baseUrl}/o/${orgId}/settings`);
    await page.locator('#credits').getByTestId('credit-ledger').waitFor();
    expect(await overflowing(page)).toBe(false);
    await checkA11y(page, 'settings with credits at 375 px');
    await page.goto(`${baseUrl}/o/${orgId}/people`);
    await page.getByTestId('credit-balance').waitFor();
    expect(await overflowing(page)).toBe(false);
    await page.setViewportSize({ width: 1280, height: 900 });
  });
});

describe('a send time in the past', () => {
  it('is refused in the invite dialog, where Now is a choice of its own', async () => {
    const orgId = await organization(10);
    await page.goto(`${baseUrl}/o/${orgId}/people`);
    await page.getByRole('button', { name: 'Invite people' }).first().click();
    const dialog = page.getByRole('dialog', { name: 'Invite people' });
    await dialog.getByLabel('Email addresses').fill('late@example.com');
    expect(await dialog.getByRole('radio', { name: 'Now' }).isChecked()).toBe(true);
    await dialog.getByRole('radio', { name: 'At a time I choose' }).check();
    await dialog.getByLabel('Send at (your local time)').fill('2020-01-01T09:00');
    await dialog.getByRole('button', { name: 'Schedule 1 invitation' }).click();
    await expect.poll(() => dialog.getByRole('alert').textContent()).toMatch(/has already passed/);
    expect(await dialog.getByLabel('Send at (your local time)').getAttribute('aria-invalid')).toBe('true');
    await checkA11y(page, 'invite dialog with a past send time');
    expect((await call('GET', `/orgs/${orgId}/invitations?q=late%40example.com`)).body.items).toEqual([]);

    await dialog.getByRole('radio', { name: 'Now' }).check();
    await dialog.getByRole('button', { name: /Send 1 invitation/ }).click();
    await page.getByTestId('invite-result').getByText('Invited (1)').waitFor();
  });
});
