/**
 * The People lists' exports in a real browser (issue 13, item 5): the CSV and Excel links carry
 * the filter and search on screen, and what they download is that list; at 1280 and 375 px, axe.
 * Run with `npm run test:browser` (it builds the web app first).
 */
import type { Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import {
  apiCall,
  type ConsoleSession,
  checkA11y,
  closeConsole,
  openConsole,
  shot,
  signedInOrganization,
} from './harness.ts';

const OWNER_NAME = 'Erin Export';

let session: ConsoleSession;
let page: Page;

beforeAll(async () => {
  session = await openConsole();
  page = session.page;
});
// The 375 px test leaves the next one at desktop width, even when it fails.
afterEach(() => page.setViewportSize({ width: 1280, height: 900 }));
afterAll(() => closeConsole(session));

/** This test's own organization, its owner signed in, on its People page. */
async function ownOrganization(): Promise<{ orgId: string; email: string }> {
  const owner = await signedInOrganization(session, 'Export Institute', OWNER_NAME);
  await page.goto(`${session.baseUrl}/o/${owner.orgId}/people`);
  await page.getByRole('heading', { name: 'People' }).waitFor();
  return owner;
}

const call = (method: string, path: string, body?: unknown) =>
  apiCall(page, session.baseUrl, method, path, body);

/** The rows of a downloaded CSV (no quoted commas in these addresses), header first. */
async function downloadCsv(href: string) {
  const res = await page.request.get(`${session.baseUrl}${href}`);
  expect(res.status()).toBe(200);
  expect(res.headers()['content-disposition']).toMatch(/attachment/);
  return (await res.text())
    .replace(/^\uFEFF/, '')
    .trimEnd()
    .split('\r\n')
    .map((l) => l.split(','));
}

describe('People exports in Chromium', () => {
  it('exports the invitations with the status filter and search on screen', async () => {
    const { orgId } = await ownOrganization();
    const made = await call('POST', `/orgs/${orgId}/invitations`, {
      emails: ['ana.one@example.com', 'ana.two@example.com', 'bo@example.com'],
    });
    expect(made.status).toBe(201);
    const two = made.body.invitations.find((i: any) => i.email === 'ana.two@example.com');
    expect((await call('POST', `/orgs/${orgId}/invitations/${two.id}/cancel`, {})).status).toBe(200);
    await page.reload();
    await page.locator('tr[data-email="bo@example.com"]').waitFor();

    const csvLink = page.getByTestId('export-invitations-csv');
    // No filter yet: every invitation.
    expect(await csvLink.getAttribute('href')).toBe(`/api/v1/orgs/${orgId}/invitations/export?format=csv`);
    expect((await downloadCsv((await csvLink.getAttribute('href'))!)).length).toBe(4);

    await page.getByRole('button', { name: 'Invite pending' }).click();
    await page.getByLabel('Search invitations by address').fill('ana');
    await expect.poll(() => csvLink.getAttribute('href')).toContain('q=ana');
    const href = (await csvLink.getAttribute('href'))!;
    expect(href).toContain('status=pending');
    const rows = await downloadCsv(href);
    expect(rows.slice(1).map((r) => r[0])).toEqual(['ana.one@example.com']);
    const xlsx = await page.request.get(
      `${session.baseUrl}${await page.getByTestId('export-invitations-xlsx').getAttribute('href')}`,
    );
    expect(xlsx.headers()['content-type']).toContain('spreadsheetml');
    await checkA11y(page, 'people: invitations with export links');
  });

  it('exports the members with their filter, and the links fit at 375 px', async () => {
    const { email } = await ownOrganization();
    await page.getByRole('tab', { name: /Members/ }).click();
    const link = page.getByTestId('export-members-csv');
    await link.waitFor();
    const rows = await downloadCsv((await link.getAttribute('href'))!);
    expect(rows[0]!.slice(0, 3)).toEqual(['email', 'name', 'role']);
    expect(rows.slice(1).map((r) => r[0])).toEqual([email]);

    await page.setViewportSize({ width: 375, height: 800 });
    const box = (await link.boundingBox())!;
    expect(box.x).toBeGreaterThanOrEqual(0);
    expect(box.x + box.width).toBeLessThanOrEqual(375);
    await checkA11y(page, 'people: members with export links at 375 px');
    await shot(page, 'people-export-375', { fullPage: false });
  });
});
