/**
 * The overview and a person's page in Chromium, against a seeded organization with known counts:
 * the figures and the activity chart's text alternative match the seed (and a manager's narrower
 * view), clicking a figure opens the People list filtered to exactly what it counts, the person's
 * page shows their invitations and role changes; axe clean, and usable at 375 px.
 * Run with `npm run test:browser` (it builds the web app first).
 */
import type { Browser, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { organizationRepository } from '../../src/organizations/repository.ts';
import type { Runtime } from '../../src/runtime.ts';
import { hashPassword } from '../../src/security/passwords.ts';
import { seedOverviewRows } from '../helpers/overview-seed.ts';
import { apiCall, checkA11y, closeConsole, openConsole, shot, signedInOrganization } from './harness.ts';

const OWNER_NAME = 'Olivia Owner';
const MANAGER = { name: 'Mona Manager', password: 'steady-river-42' };

let runtime: Runtime;
let browser: Browser;
let page: Page;
let baseUrl = '';

beforeAll(async () => {
  ({ runtime, baseUrl, browser, page } = await openConsole());
});

// A test that narrows the page leaves the next one at desktop width, even when it fails.
afterEach(() => page.setViewportSize({ width: 1280, height: 900 }));

afterAll(() => closeConsole({ browser, runtime }));

/**
 * An organization of the test's own with the overview's known rows and a manager of group Alpha,
 * its owner signed in on the page.
 */
async function seededOrganization() {
  const { orgId } = await signedInOrganization({ runtime, baseUrl, page }, 'Overview Works', OWNER_NAME);
  const session = await apiCall(page, baseUrl, 'GET', '/session');
  const db = runtime.services.db;
  const now = runtime.services.clock.now();
  const managerEmail = `mona.${orgId.slice(0, 8)}@overview.test`;
  const user = await organizationRepository.insertUser(db, {
    email: managerEmail,
    name: MANAGER.name,
    password_hash: await hashPassword(MANAGER.password),
    now,
  });
  const member = await organizationRepository.insertMember(db, {
    org_id: orgId,
    user_id: user.id,
    role: 'manager',
    now,
  });
  const seed = await seedOverviewRows(db, orgId, session.body.user.id, now, member.id);
  return { orgId, seed, managerEmail, managerMemberId: member.id };
}

async function figureValues(p: Page): Promise<Record<string, string>> {
  await p.locator('[data-figure="pending"]').waitFor();
  const tiles = p.locator('[data-figure]');
  const out: Record<string, string> = {};
  for (let i = 0; i < (await tiles.count()); i++) {
    const tile = tiles.nth(i);
    out[(await tile.getAttribute('data-figure'))!] = (await tile
      .locator('.overview-figure-value')
      .textContent())!;
  }
  return out;
}

describe('overview in Chromium', () => {
  it("shows the seeded organization's figures and the activity chart's text alternative", async () => {
    const { orgId } = await seededOrganization();
    await page.goto(`${baseUrl}/o/${orgId}`);
    const values = await figureValues(page);
    expect(values).toEqual({
      pending: '4',
      expiringSoon: '2',
      deliveryProblems: '1',
      scheduledSoon: '1',
      accepted7: '1',
      accepted30: '2',
      acceptanceRate: '50 %',
      medianTimeToAccept: '1 d 12 h',
    });
    const summary = page.getByTestId('activity-summary');
    await expect.poll(() => summary.textContent()).toMatch(/^4 sent and 2 accepted from /);
    await page.getByText('Show the numbers per day').click();
    const rows = page.getByTestId('activity-table').locator('tbody tr');
    expect(await rows.count()).toBe(30);
    const totals = await rows.evaluateAll((trs) =>
      trs.reduce(
        (t, tr) => {
          const [sent, accepted] = [...tr.querySelectorAll('td')].map((td) => Number(td.textContent));
          return { sent: t.sent + sent!, accepted: t.accepted + accepted! };
        },
        { sent: 0, accepted: 0 },
      ),
    );
    expect(totals).toEqual({ sent: 4, accepted: 2 });
    const funnel = await page.getByTestId('funnel').textContent();
    expect(funnel).toMatch(/Invited\s*11[\s\S]*Delivered\s*8[\s\S]*Opened\s*3[\s\S]*Accepted\s*2/);
    await page.getByLabel('Break down by').selectOption('byGroup');
    const groups = await page.getByTestId('breakdown-table').locator('tbody tr').allTextContents();
    expect(groups.join('|')).toMatch(/Alpha\s*5\s*4\s*1\s*1/);
    expect(await page.getByTestId('needs-attention').textContent()).toContain(
      '1 expiring within 48 hours, never opened',
    );
    await page.getByRole('button', { name: 'Last 90 days' }).click();
    await expect.poll(() => page.getByTestId('activity-table').locator('tbody tr').count()).toBe(90);
    await checkA11y(page, 'overview');
    await shot(page, 'overview');
  });

  it('opens, from a figure, the People list filtered to what it counts', async () => {
    const { orgId, seed } = await seededOrganization();
    await page.goto(`${baseUrl}/o/${orgId}`);
    await page.locator('[data-figure="expiringSoon"]').click();
    await page.waitForURL(/\/people\?.*expiringWithinHours=48/);
    const rows = page.locator('table.invitations tbody tr');
    await expect.poll(() => rows.count()).toBe(2);
    expect(await page.getByTestId('overview-filter').textContent()).toContain('expiring within 48 hours');
    await checkA11y(page, 'people filtered by a figure');

    await page.goto(`${baseUrl}/o/${orgId}`);
    await page.locator('[data-figure="deliveryProblems"]').click();
    await page.waitForURL(/deliveryProblem=true/);
    await expect.poll(() => rows.count()).toBe(1);
    expect(await rows.first().textContent()).toContain(seed.invitations.f1!.email);
  });

  it('works at 375 px: no sideways scrolling, axe clean', async () => {
    const { orgId } = await seededOrganization();
    await page.setViewportSize({ width: 375, height: 800 });
    await page.goto(`${baseUrl}/o/${orgId}`);
    await figureValues(page);
    await page.getByTestId('activity-summary').waitFor();
    await page.locator('.overview-canvas canvas').first().waitFor();
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(375);
    await checkA11y(page, 'overview at 375 px');
    await shot(page, 'overview-375');
  });

  it("gives a manager their groups' figures only", async () => {
    const { orgId, managerEmail } = await seededOrganization();
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    const other = await context.newPage();
    await other.goto(`${baseUrl}/sign-in`);
    await other.getByLabel('Email address').fill(managerEmail);
    await other.getByLabel('Password', { exact: true }).fill(MANAGER.password);
    await other.getByRole('button', { name: 'Sign in' }).click();
    await other.waitForURL(/\/o\//);
    await other.goto(`${baseUrl}/o/${orgId}`);
    expect(await figureValues(other)).toEqual({
      pending: '2',
      expiringSoon: '1',
      deliveryProblems: '0',
      scheduledSoon: '1',
      accepted7: '1',
      accepted30: '1',
      acceptanceRate: '66.7 %',
      medianTimeToAccept: '1 d',
    });
    await checkA11y(other, 'overview for a manager');
    await context.close();
  });
});

describe("a person's page in Chromium", () => {
  it('shows their invitations, role changes and actions; axe clean at 1280 and 375 px', async () => {
    const { orgId, managerMemberId } = await seededOrganization();
    expect(
      (
        await apiCall(page, baseUrl, 'PATCH', `/orgs/${orgId}/members/${managerMemberId}`, {
          role: 'curator',
        })
      ).status,
    ).toBe(200);
    await page.goto(`${baseUrl}/o/${orgId}/people?tab=members`);
    await page.getByRole('link', { name: MANAGER.name }).click();
    await page.getByRole('heading', { name: MANAGER.name }).waitFor();
    expect(await page.getByTestId('person-facts').textContent()).toMatch(/Role\s*Curator/);
    expect(await page.getByTestId('person-history').textContent()).toMatch(/Role changed Manager → Curator/);
    expect(await page.getByRole('heading', { name: 'Actions' }).count()).toBe(1);
    await checkA11y(page, 'person page');
    await page.setViewportSize({ width: 375, height: 800 });
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(375);
    await checkA11y(page, 'person page at 375 px');
    await shot(page, 'person-375');
  });
});

describe("the organization's time zone in Chromium", () => {
  it('is chosen in Settings and names the days of the overview', async () => {
    const { orgId } = await seededOrganization();
    await page.goto(`${baseUrl}/o/${orgId}/settings`);
    await page.getByLabel('Time zone').selectOption('Europe/Paris');
    await page.getByRole('button', { name: 'Save settings' }).click();
    await expect
      .poll(async () => (await apiCall(page, baseUrl, 'GET', `/orgs/${orgId}/settings`)).body.timeZone)
      .toBe('Europe/Paris');
    await checkA11y(page, 'settings with the time zone');
    await page.goto(`${baseUrl}/o/${orgId}`);
    await expect.poll(() => page.getByTestId('activity-summary').textContent()).toContain('(Europe/Paris)');
    // The same four sends and two acceptances, now counted in Paris days.
    expect(await page.getByTestId('activity-summary').textContent()).toMatch(/^4 sent and 2 accepted/);
  });
});
