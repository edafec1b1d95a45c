/**
 * The import preview of a long file in a real browser (issue 13, item 7): 2,000 rows of which
 * 1,000 are already invited are summarised by kind with counts, the rows behind a kind come on
 * demand a page at a time, and the confirm button is on screen without scrolling to the end of
 * anything (its bounding box measured against the viewport), at 1280 and at 375 px; a preview
 * left for a day is shown as expired. axe on each state.
 * Run with `npm run test:browser` (it builds the web app first).
 */
import type { Browser, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { NewInvitation } from '../../src/db/types.ts';
import type { Runtime } from '../../src/runtime.ts';
import { insertInvitations, sentInvitationRow } from '../helpers/invitation-rows.ts';
import {
  apiCall,
  checkA11y,
  closeConsole,
  openConsole,
  type ShiftedClock,
  shot,
  signedInOrganization,
} from './harness.ts';

const OWNER = { name: 'Lena Long' };
const INVITED = Array.from({ length: 1000 }, (_, i) => `invited${i}@longfile.test`);
const FRESH = Array.from({ length: 1000 }, (_, i) => `fresh${i}@longfile.test`);

let runtime: Runtime;
let clock: ShiftedClock;
let browser: Browser;
let page: Page;
let baseUrl = '';

beforeAll(async () => {
  ({ runtime, baseUrl, clock, browser, page } = await openConsole({ timeoutMs: 15_000 }));
});

// A test that narrows the page or moves the clock leaves the next one at desktop width and real time.
afterEach(async () => {
  clock.offsetMs = 0;
  await page.setViewportSize({ width: 1280, height: 900 });
});

afterAll(() => closeConsole({ browser, runtime }));

/** The confirm button's box against the viewport: on screen as the page is, nothing scrolled. */
async function confirmOnScreen(name: RegExp) {
  const button = page.getByTestId('import-preview').getByRole('button', { name });
  const box = (await button.boundingBox())!;
  const viewport = page.viewportSize()!;
  return {
    box,
    viewport,
    inside:
      box.y >= 0 &&
      box.x >= 0 &&
      box.y + box.height <= viewport.height &&
      box.x + box.width <= viewport.width,
  };
}

async function previewFile() {
  // Below 760 px the navigation is behind its Menu button.
  const menu = page.getByRole('button', { name: /Menu/ });
  if (await menu.isVisible()) await menu.click();
  await page.getByRole('link', { name: 'Import', exact: true }).click();
  await page.getByRole('heading', { name: 'Import', exact: true }).waitFor();
  const csv = ['email,groups,role', ...INVITED.map((e) => `${e},,`), ...FRESH.map((e) => `${e},,`)].join(
    '\r\n',
  );
  await page.locator('input[type="file"]').setInputFiles({
    name: 'long.csv',
    mimeType: 'text/csv',
    buffer: Buffer.from(csv, 'utf8'),
  });
  await page.getByRole('button', { name: 'Preview upload' }).click();
  await page.getByTestId('import-preview').getByText('1,000 already invited').waitFor();
}

/** An organization of the test's own where INVITED are already invited, its owner on its People page. */
async function organizationWithInvited(): Promise<void> {
  const { orgId } = await signedInOrganization({ runtime, baseUrl, page }, 'Longfile College', OWNER.name);
  expect(
    (await apiCall(page, baseUrl, 'PATCH', `/orgs/${orgId}/settings`, { importRowLimit: 5000 })).status,
  ).toBe(200);
  const now = new Date();
  const rows: NewInvitation[] = INVITED.map((email, i) => ({
    ...sentInvitationRow(orgId, email, now, new Date(now.getTime() + 7 * 86_400_000)),
    created_by_name: OWNER.name,
    created_at: new Date(now.getTime() - i),
  }));
  await insertInvitations(runtime.services.db, rows, 500);
  await page.goto(`${baseUrl}/o/${orgId}/people`);
  await page.getByRole('heading', { name: 'People' }).waitFor();
}

describe('a long import preview in Chromium', () => {
  it('sets up an organization where 1,000 addresses are already invited', async () => {
    await organizationWithInvited();
  });

  it('summarises 2,000 rows by kind and keeps the confirm button on screen (1280 px)', async () => {
    await organizationWithInvited();
    await previewFile();
    const preview = page.getByTestId('import-preview');
    await preview.getByText('1,000 ready to invite').waitFor();
    // One line per kind, not a thousand rows.
    expect(await preview.locator('.problem-group').count()).toBe(1);
    expect(await preview.locator('tbody tr').count()).toBe(0);
    const at1280 = await confirmOnScreen(/Invite 1,000 people/);
    expect(at1280.inside, JSON.stringify(at1280)).toBe(true);
    await checkA11y(page, 'long import preview (summary)');
    await shot(page, 'import-preview-summary', { fullPage: false });

    // The rows behind the group, 50 at a time.
    await preview.getByRole('button', { name: /Show rows/ }).click();
    await expect.poll(() => preview.locator('.problem-rows tbody tr').count()).toBe(50);
    expect(await preview.locator('.problem-rows tbody tr').first().textContent()).toContain(INVITED[0]);
    await preview.getByRole('button', { name: /Show 50 more rows/ }).click();
    await expect.poll(() => preview.locator('.problem-rows tbody tr').count()).toBe(100);
    // Still reachable with the rows open, wherever the page is scrolled to.
    await preview.locator('.problem-rows tbody tr').nth(99).scrollIntoViewIfNeeded();
    const scrolled = await confirmOnScreen(/Invite 1,000 people/);
    expect(scrolled.inside, JSON.stringify(scrolled)).toBe(true);
    await checkA11y(page, 'long import preview (rows open)');
  });

  it('keeps the confirm button on screen at 375 px', async () => {
    await organizationWithInvited();
    await page.setViewportSize({ width: 375, height: 740 });
    await previewFile();
    const at375 = await confirmOnScreen(/Invite 1,000 people/);
    expect(at375.inside, JSON.stringify(at375)).toBe(true);
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    expect(overflow).toBeLessThanOrEqual(0);
    await checkA11y(page, 'long import preview at 375 px');
    await shot(page, 'import-preview-summary-375', { fullPage: false });
  });

  it('shows a preview left for a day as expired, without a confirm button', async () => {
    await organizationWithInvited();
    await previewFile();
    clock.advanceDays(1.01);
    await page.reload();
    await page.getByRole('heading', { name: 'Import', exact: true }).waitFor();
    const history = page.getByRole('table', { name: 'Earlier imports' });
    await history.getByText('Expired preview').first().waitFor();
    await checkA11y(page, 'import history with an expired preview');
  });
});
