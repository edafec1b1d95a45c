/**
 * Send times on the organization's clocks: a browser in New York schedules and moves an invitation
 * of an organization in Tokyo. The dialogs name the zone, read what is typed as Tokyo time and show
 * the saved time back in Tokyo time; the invitation page shows its language.
 */
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Runtime } from '../../src/runtime.ts';
import { apiCall, checkA11y, launchBrowser, signedInOrganization, startServer } from './harness.ts';

let runtime: Runtime;
let browser: Browser;
let page: Page;
let baseUrl = '';

beforeAll(async () => {
  ({ runtime, baseUrl } = await startServer());
  browser = await launchBrowser();
  // The reader's clocks are not the organization's: New York, fourteen hours behind Tokyo in January.
  const context = await browser.newContext({
    viewport: { width: 1280, height: 900 },
    timezoneId: 'America/New_York',
  });
  context.setDefaultTimeout(15_000);
  page = await context.newPage();
});

afterAll(async () => {
  await browser?.close().catch(() => {});
  await runtime?.stop().catch(() => {});
});

const call = (method: string, path: string, body?: unknown) => apiCall(page, baseUrl, method, path, body);

/** This test's own organization on Tokyo time, its owner signed in. */
async function tokyoOrganization(): Promise<string> {
  const { orgId } = await signedInOrganization({ runtime, baseUrl, page }, 'Tokyo Academy', 'Tomo Owner');
  const settings = await call('PATCH', `/orgs/${orgId}/settings`, { timeZone: 'Asia/Tokyo' });
  expect(settings.status, JSON.stringify(settings.body)).toBe(200);
  return orgId;
}

/** A Tokyo organization with an invitation to kei@example.com scheduled at `sendAt`, on People. */
async function scheduledForKei(sendAt: string): Promise<string> {
  const orgId = await tokyoOrganization();
  const made = await call('POST', `/orgs/${orgId}/invitations`, { emails: ['kei@example.com'], sendAt });
  expect(made.status, JSON.stringify(made.body)).toBe(201);
  await page.goto(`${baseUrl}/o/${orgId}/people`);
  await page.locator('tr[data-email="kei@example.com"]').waitFor();
  return orgId;
}

describe('send times in the organization time zone, in Chromium', () => {
  it('schedules an invitation at a time typed on Tokyo clocks', async () => {
    const orgId = await tokyoOrganization();
    await page.goto(`${baseUrl}/o/${orgId}/people`);
    await page.getByRole('button', { name: 'Invite people' }).first().click();
    const dialog = page.getByRole('dialog', { name: 'Invite people' });
    await dialog.getByLabel('Email addresses').fill('kei@example.com');
    await dialog.getByRole('radio', { name: 'At a time I choose' }).check();
    const input = dialog.getByLabel('Send at (Asia/Tokyo time)');
    expect(await dialog.getByTestId('send-time-zone').textContent()).toMatch(
      /^Times are in Asia\/Tokyo \(.+\)\.$/,
    );
    await input.fill('2027-01-15T09:00');
    await checkA11y(page, 'invite dialog with a send time in Tokyo');
    await dialog.getByRole('button', { name: 'Schedule 1 invitation' }).click();
    const result = page.getByTestId('invite-result');
    await result.getByText('Invited (1) — scheduled').waitFor();
    // Shown back on Tokyo clocks, the zone named because the reader's differ.
    expect(await result.getByRole('listitem').textContent()).toMatch(/15 Jan 2027, 09:00 GMT\+9/);
    const list = await call('GET', `/orgs/${orgId}/invitations`);
    expect(list.body.items[0]).toMatchObject({
      email: 'kei@example.com',
      sendAt: '2027-01-15T00:00:00.000Z',
    });
    await page.getByRole('button', { name: 'Done' }).click();
  });

  it('moves it: the dialog starts at the Tokyo time and refuses a past one', async () => {
    // 09:00 on 15 January 2027 in Tokyo, as the first test schedules it.
    const orgId = await scheduledForKei('2027-01-15T00:00:00.000Z');
    await page
      .locator('tr[data-email="kei@example.com"]')
      .getByRole('button', { name: 'Actions for kei@example.com' })
      .click();
    await page.getByRole('menuitem', { name: 'Change send time' }).click();
    const dialog = page.getByRole('dialog', { name: 'Change send time' });
    const input = dialog.getByLabel('Send at (Asia/Tokyo time)');
    expect(await input.inputValue()).toBe('2027-01-15T09:00');
    await input.fill('2020-01-01T09:00');
    await dialog.getByRole('button', { name: 'Save' }).click();
    await expect.poll(() => dialog.getByRole('alert').textContent()).toContain('has already passed');
    await checkA11y(page, 'change send time in Tokyo with an error');
    await input.fill('2027-01-16T18:30');
    await dialog.getByRole('button', { name: 'Save' }).click();
    await page.getByText(/Invitation to kei@example\.com will be sent 16 Jan 2027, 18:30 GMT\+9\./).waitFor();
    const list = await call('GET', `/orgs/${orgId}/invitations`);
    expect(list.body.items[0].sendAt).toBe('2027-01-16T09:30:00.000Z');
  });

  it("shows the invitation's send time and language on its page", async () => {
    // Scheduled and then moved to 18:30 on 16 January 2027 in Tokyo, as the second test does.
    const orgId = await scheduledForKei('2027-01-15T00:00:00.000Z');
    const [kei] = (await call('GET', `/orgs/${orgId}/invitations`)).body.items;
    const moved = await call('PATCH', `/orgs/${orgId}/invitations/${kei.id}`, {
      sendAt: '2027-01-16T09:30:00.000Z',
    });
    expect(moved.status, JSON.stringify(moved.body)).toBe(200);
    await page.reload();
    await page
      .locator('tr[data-email="kei@example.com"]')
      .getByRole('link', { name: 'kei@example.com' })
      .click();
    const summary = page.getByRole('region', { name: 'Summary' });
    await summary.waitFor();
    expect(await summary.textContent()).toMatch(/Sends16 Jan 2027, 18:30 GMT\+9/);
    // Invitations store their language when created: the organization's default, named plainly.
    expect(await summary.textContent()).toContain('LanguageEnglish');
    expect(await summary.textContent()).not.toContain('organization default');
  });
});
