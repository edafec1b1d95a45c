/**
 * The console and the invitee pages in a real browser (issue 3): Debian's Chromium driven by
 * playwright-core against the built app (dist/web) served by a real listening server, with a real
 * SMTP server on 127.0.0.1 and an in-memory database. axe-core runs on every page visited.
 * Run with `npm run test:browser` (it builds the web app first).
 */
import { copyFileSync, existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { Runtime } from '../../src/runtime.ts';
import { startSmtpServer, type TestSmtpServer } from '../helpers/smtp.ts';
import {
  apiCall,
  axeReport,
  checkA11y,
  launchBrowser,
  linkIn,
  ROOT,
  SHOTS,
  type ShiftedClock,
  shot,
  signedInOrganization,
  startServer,
  waitOrShow,
} from './harness.ts';

const DOCS_SHOTS = join(ROOT, 'docs', 'screenshots');
const OWNER = { name: 'Olivia Owner', email: 'olivia@acme.test', password: 'sunny-meadow-42' };
const ORG = 'Acme Training';

let smtp: TestSmtpServer;
let runtime: Runtime;
let browser: Browser;
let admin: BrowserContext;
let page: Page;
let baseUrl = '';
let clock: ShiftedClock;

/**
 * The first email to `address` from organization `orgId` (null: an account email of no
 * organization) received after `after`: every test
 * invites in an organization of the same name, and an earlier test's email to a recurring
 * address may arrive after this test's mark. The Message-ID names the outbox row.
 */
async function mailTo(orgId: string | null, address: string, after = 0) {
  const deadline = Date.now() + 20_000;
  let from = after;
  for (;;) {
    const mail = await smtp.waitFor(
      (m) => m.to.includes(address) && smtp.messages.indexOf(m) >= from,
      Math.max(1, deadline - Date.now()),
    );
    const emailId = /^<([0-9a-f-]{36})@/.exec(mail.messageId)?.[1] ?? '00000000-0000-0000-0000-000000000000';
    const row = await runtime.services.db
      .selectFrom('emails')
      .select('org_id')
      .where('id', '=', emailId)
      .executeTakeFirst();
    if (row && row.org_id === orgId) return mail;
    from = smtp.messages.indexOf(mail) + 1;
  }
}
/** Where the mail received from now on starts: addresses recur across tests, their mail must not. */
const mark = () => smtp.messages.length;
const call = (method: string, path: string, body?: unknown) => apiCall(page, baseUrl, method, path, body);

/** This test's own organization, its owner (named OWNER.name) signed in on the admin page. */
const ownOrganization = (name = ORG) => signedInOrganization({ runtime, baseUrl, page }, name, OWNER.name);

async function openPeople(orgId: string): Promise<void> {
  await page.goto(`${baseUrl}/o/${orgId}/people`);
  await page.getByRole('heading', { name: 'People' }).waitFor();
}

async function createGroup(
  orgId: string,
  name: string,
  trainings: Array<{ name: string; launchUrl?: string }> = [],
): Promise<string> {
  const res = await call('POST', `/orgs/${orgId}/groups`, { name, trainings });
  expect(res.status).toBe(201);
  return res.body.id;
}

async function invite(
  orgId: string,
  emails: string[],
  options: { role?: string; groupIds?: string[] } = {},
): Promise<Array<{ id: string; email: string }>> {
  const res = await call('POST', `/orgs/${orgId}/invitations`, { emails, ...options });
  expect(res.status).toBe(201);
  expect(res.body.rejected).toEqual([]);
  return res.body.invitations;
}

/** The token at the end of an invitation link. */
const tokenOf = (link: string) => link.slice(link.lastIndexOf('/') + 1);

/** Accepts as a new person through the public API, away from the admin page and its cookies. */
async function acceptAsNewPerson(link: string, name: string, password: string): Promise<void> {
  const res = await fetch(`${baseUrl}/api/v1/invitations/${tokenOf(link)}/accept`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ name, password }),
  });
  expect(res.status, await res.clone().text()).toBe(201);
}

async function decline(link: string): Promise<void> {
  const res = await fetch(`${baseUrl}/api/v1/invitations/${tokenOf(link)}/decline`, { method: 'POST' });
  expect(res.status).toBe(200);
}

/** The row of the invitations table for an address. */
const row = (p: Page, email: string) => p.locator(`tr[data-email="${email}"]`);
/** A status filter chip. */
const chip = (p: Page, name: string) =>
  p.getByRole('group', { name: 'Filter by status' }).getByRole('button', { name, exact: true });
/** The status badge's text of an address's row. */
const status = (p: Page, email: string) =>
  row(p, email).locator('td[data-label="Status"] .badge').textContent();

async function newPage(): Promise<{ context: BrowserContext; page: Page }> {
  const context = await browser.newContext({ viewport: { width: 1280, height: 860 } });
  context.setDefaultTimeout(10_000);
  return { context, page: await context.newPage() };
}

beforeAll(async () => {
  smtp = await startSmtpServer();
  ({ runtime, baseUrl, clock } = await startServer({ SMTP_URL: smtp.url }));
  browser = await launchBrowser();
  admin = await browser.newContext({ viewport: { width: 1280, height: 860 } });
  await admin.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: baseUrl });
  admin.setDefaultTimeout(10_000);
  page = await admin.newPage();
});

// A test that moves the clock (expiry) leaves the next one at the real time.
afterEach(() => {
  clock.offsetMs = 0;
});

afterAll(async () => {
  await browser?.close().catch(() => {});
  await runtime?.stop().catch(() => {});
  await smtp?.close().catch(() => {});
  if (axeReport.length) console.log(`axe checked ${axeReport.length} page states: ${axeReport.join(', ')}`);
});

describe('console and invitee pages in Chromium', () => {
  it('first start shows the setup page, which creates the organization and its owner', async () => {
    await page.goto(baseUrl);
    await page.waitForURL('**/setup');
    await expect.poll(() => page.getByRole('heading', { name: 'Set up Beckon' }).isVisible()).toBe(true);
    await checkA11y(page, 'setup');
    await page.getByLabel('Organization name').fill(ORG);
    await page.getByLabel('Your name').fill(OWNER.name);
    await page.getByLabel('Email address').fill(OWNER.email);
    await page.getByLabel('Password', { exact: true }).fill(OWNER.password);
    await shot(page, '01-setup');
    await page.getByRole('button', { name: 'Create organization' }).click();
    await page.waitForURL(/\/o\/[0-9a-f-]+\/people/);
    await page.getByRole('heading', { name: 'People' }).waitFor();
    await checkA11y(page, 'people (empty)');
  });

  it('creates a group with trainings', async () => {
    await openPeople((await ownOrganization()).orgId);
    await page.getByRole('link', { name: 'Groups & trainings' }).click();
    await page.getByRole('button', { name: 'New group' }).click();
    const dialog = page.getByRole('dialog', { name: 'New group' });
    await dialog.getByLabel('Group name').fill('New starters');
    await dialog.getByLabel('Training 1', { exact: true }).fill('Safety basics');
    await dialog.getByLabel('Launch URL of training 1 (optional)').fill(`${baseUrl}/learn/safety`);
    await dialog.getByRole('button', { name: 'Add training' }).click();
    await dialog.getByLabel('Training 2', { exact: true }).fill('Company tour');
    await checkA11y(page, 'group dialog');
    await dialog.getByRole('button', { name: 'Create group' }).click();
    await page.getByRole('cell', { name: 'New starters', exact: true }).waitFor();
    await checkA11y(page, 'groups');
  });

  it('invites three people, one address corrected through the "did you mean" suggestion', async () => {
    const { orgId } = await ownOrganization();
    await createGroup(orgId, 'New starters');
    await openPeople(orgId);
    await page.getByRole('button', { name: 'Invite people' }).first().click();
    const dialog = page.getByRole('dialog', { name: 'Invite people' });
    await dialog.getByLabel('Email addresses').fill('ann@example.com\nbob@gmial.com\ncarl@example.com');
    const fix = dialog.getByRole('button', { name: 'Use bob@gmail.com' });
    await fix.waitFor();
    await expect.poll(() => dialog.getByText('Did you mean bob@gmail.com?').isVisible()).toBe(true);
    await checkA11y(page, 'invite dialog with suggestion');
    await shot(page, '02-invite-dialog-suggestion', { fullPage: false });
    await fix.click();
    await expect.poll(() => dialog.getByLabel('Email addresses').inputValue()).toContain('bob@gmail.com');
    await dialog.getByLabel('New starters').check();
    await dialog
      .getByLabel('Personal message (optional)')
      .fill('Welcome aboard! Your first course starts Monday.');
    await dialog.getByRole('button', { name: /Send 3 invitations/ }).click();
    const result = page.getByTestId('invite-result');
    await result.getByText('Invited (3)').waitFor();
    for (const e of ['ann@example.com', 'bob@gmail.com', 'carl@example.com'])
      await result.getByText(e).waitFor();
    await checkA11y(page, 'invite result');
    await page.getByRole('button', { name: 'Done' }).click();
    await row(page, 'bob@gmail.com').waitFor();
    await expect(await page.locator('tbody tr').count()).toBe(3);
    await page.getByTestId('toast-success').first().waitFor();
  });

  it('the invitee opens the received email and accepts as a new person in a fresh browser', async () => {
    const { orgId } = await ownOrganization();
    const groupId = await createGroup(orgId, 'New starters', [
      { name: 'Safety basics', launchUrl: `${baseUrl}/learn/safety` },
      { name: 'Company tour' },
    ]);
    const [invitation] = await invite(orgId, ['ann@example.com'], { groupIds: [groupId] });
    await openPeople(orgId);
    const mail = await mailTo(orgId, invitation!.email);
    const link = linkIn(mail.text, 'invite');
    expect(link.startsWith(`${baseUrl}/invite/`)).toBe(true);
    const { context, page: p } = await newPage();
    await p.goto(link);
    await p.getByRole('heading', { name: `Join ${ORG}` }).waitFor();
    await expect(await p.getByText(OWNER.name, { exact: true }).isVisible()).toBe(true); // the inviter is named
    await p.getByLabel('Your name').fill('Ann Example');
    await p.getByLabel('Choose a password').fill('abc');
    await p.getByText(/Not accepted — Use at least 10 characters/).waitFor();
    await p.getByLabel('Choose a password').fill('violet-harbour-train-9');
    await p.getByText(/Strength: (Good|Strong)/).waitFor();
    await checkA11y(p, 'invitee accept (new person)');
    await shot(p, '03-invitee-accept');
    await p.getByRole('button', { name: 'Accept invitation' }).click();
    await p.getByRole('heading', { name: `Welcome to ${ORG}` }).waitFor();
    await checkA11y(p, 'invitee welcome');
    await p.getByRole('button', { name: `Go to ${ORG}` }).click();
    // The page's heading shows at once; its trainings come with the console's chunk and the new
    // member's first reads, which are slower under load.
    await p.getByRole('heading', { name: 'My trainings' }).waitFor({ timeout: 30_000 });
    await waitOrShow(p, p.getByTestId('my-trainings').getByText('Safety basics'), 'my-trainings');
    // A training with a launch URL opens there; one without has no Open button.
    const open = p.getByTestId('my-trainings').getByRole('link', { name: 'Open Safety basics' });
    expect(await open.getAttribute('href')).toBe(`${baseUrl}/learn/safety`);
    expect(await p.getByTestId('my-trainings').getByRole('link', { name: 'Open Company tour' }).count()).toBe(
      0,
    );
    // A learner sees no admin pages.
    await expect(await p.getByRole('link', { name: 'People' }).count()).toBe(0);
    await expect(await p.getByRole('link', { name: 'Settings' }).count()).toBe(0);
    await checkA11y(p, 'learner home');
    // The used link now says so.
    await p.goto(link);
    await p.getByTestId('dead-accepted').waitFor();
    await checkA11y(p, 'dead link: accepted');
    // Ann is signed in: the page takes her to the organization, not to a sign-in form.
    expect(await p.getByRole('link', { name: 'Sign in' }).count()).toBe(0);
    expect(await p.getByRole('link', { name: `Go to ${ORG}` }).getAttribute('href')).toMatch(
      /^\/o\/[0-9a-f-]{36}$/,
    );
    await p.getByRole('link', { name: `Go to ${ORG}` }).click();
    await p.getByRole('heading', { name: 'My trainings' }).waitFor({ timeout: 30_000 });
    await context.close();

    await page.reload();
    await expect.poll(() => status(page, 'ann@example.com')).toBe('Accepted');
    await expect(await row(page, 'ann@example.com').getByText('Ann Example').isVisible()).toBe(true);
    // No action applies: no ⋮ menu, and the status explains why.
    await expect(
      await row(page, 'ann@example.com')
        .getByRole('button', { name: /Actions for/ })
        .count(),
    ).toBe(0);
    await row(page, 'ann@example.com').locator('.tip-anchor').focus();
    await expect.poll(() => row(page, 'ann@example.com').getByRole('tooltip').isVisible()).toBe(true);
    await expect(await row(page, 'ann@example.com').getByRole('tooltip').textContent()).toMatch(
      /cannot be invited again/,
    );
  });

  it('resends another invitation; the old link then says it was replaced', async () => {
    const { orgId } = await ownOrganization();
    const sent = mark();
    await invite(orgId, ['bob@gmail.com']);
    await openPeople(orgId);
    const first = await mailTo(orgId, 'bob@gmail.com', sent);
    const oldLink = linkIn(first.text, 'invite');
    const before = smtp.messages.length;
    const menu = row(page, 'bob@gmail.com').getByRole('button', { name: 'Actions for bob@gmail.com' });
    // Keyboard: open the menu with the keyboard and check the offered items.
    await menu.focus();
    await page.keyboard.press('Enter');
    const items = page.getByRole('menuitem');
    await expect(await items.allTextContents()).toEqual([
      'Resend invite',
      'Copy invitation link',
      'Set password',
      'Correct address',
      'Cancel invite',
    ]);
    await checkA11y(page, 'row menu open');
    await shot(page, '04-people-row-menu', { fullPage: false });
    await page.getByRole('menuitem', { name: 'Resend invite' }).click();
    await page.getByText('Invitation resent to bob@gmail.com').waitFor();
    await expect
      .poll(() => row(page, 'bob@gmail.com').locator('td[data-label="Last updated"]').textContent())
      .toMatch(/Re-invited/);
    await expect
      .poll(() => row(page, 'bob@gmail.com').locator('td[data-label="Sent"]').textContent())
      .toBe('2');
    const second = await mailTo(orgId, 'bob@gmail.com', before);
    expect(linkIn(second.text, 'invite')).not.toBe(oldLink);

    const { context, page: p } = await newPage();
    await p.goto(oldLink);
    await p.getByTestId('dead-replaced').waitFor();
    await expect(await p.getByRole('heading').first().textContent()).toMatch(
      /replaced by a newer invitation/,
    );
    await p.getByText(`Your invitation to join ${ORG} was sent again`).waitFor();
    await checkA11y(p, 'dead link: replaced');
    await shot(p, '05-dead-link-replaced');
    await p.goto(`${baseUrl}/invite/not-a-real-token`);
    await p.getByTestId('dead-unknown').waitFor();
    await checkA11y(p, 'dead link: unknown');
    await context.close();
  });

  it('copies an invitation link to the clipboard', async () => {
    const { orgId } = await ownOrganization();
    await invite(orgId, ['bob@gmail.com']);
    await openPeople(orgId);
    await row(page, 'bob@gmail.com').getByRole('button', { name: 'Actions for bob@gmail.com' }).click();
    await page.getByRole('menuitem', { name: 'Copy invitation link' }).click();
    await page.getByText('Invitation link for bob@gmail.com copied').waitFor();
    const copied = await page.evaluate(() => navigator.clipboard.readText());
    expect(copied).toMatch(new RegExp(`^${baseUrl}/invite/`));
  });

  it('cancels an invitation after confirmation; its link then says so', async () => {
    const { orgId } = await ownOrganization();
    const before = mark();
    await invite(orgId, ['carl@example.com']);
    await openPeople(orgId);
    const link = linkIn((await mailTo(orgId, 'carl@example.com', before)).text, 'invite');
    await row(page, 'carl@example.com').getByRole('button', { name: 'Actions for carl@example.com' }).click();
    await page.getByRole('menuitem', { name: 'Cancel invite' }).click();
    const confirm = page.getByRole('dialog', { name: 'Cancel this invitation?' });
    await confirm.waitFor();
    await checkA11y(page, 'cancel confirmation');
    await confirm.getByRole('button', { name: 'Cancel invite' }).click();
    await page.getByText('Invitation to carl@example.com cancelled.').waitFor();
    await expect.poll(() => status(page, 'carl@example.com')).toBe('Cancelled');
    await expect(
      await row(page, 'carl@example.com')
        .getByRole('button', { name: /Actions for/ })
        .count(),
    ).toBe(0);

    const { context, page: p } = await newPage();
    await p.goto(link);
    await p.getByTestId('dead-cancelled').waitFor();
    await checkA11y(p, 'dead link: cancelled');
    await context.close();
  });

  it('shows the invitation detail: timeline, delivery with the server answer, emails', async () => {
    const { orgId } = await ownOrganization();
    const before = mark();
    const [bob] = await invite(orgId, ['bob@gmail.com']);
    await mailTo(orgId, 'bob@gmail.com', before);
    const resent = mark();
    expect((await call('POST', `/orgs/${orgId}/invitations/${bob!.id}/resend`, {})).status).toBe(200);
    await mailTo(orgId, 'bob@gmail.com', resent);
    await openPeople(orgId);
    await row(page, 'bob@gmail.com').getByRole('link', { name: 'bob@gmail.com' }).click();
    await page.getByRole('heading', { name: 'bob@gmail.com' }).waitFor();
    await page.getByRole('heading', { name: 'History' }).waitFor();
    const timeline = page.locator('.timeline');
    await expect
      .poll(() => timeline.textContent())
      .toMatch(/Invited.*Invite sent.*Re-invited|Re-invited.*Invite sent.*Invited/s);
    await expect.poll(() => page.locator('.server-answer').first().textContent()).toMatch(/250|queued/i);
    await page.locator('.emails summary').first().click();
    await expect.poll(() => page.locator('.emails summary').first().textContent()).toMatch(/ — invitation, /);
    await checkA11y(page, 'invitation detail');
    await shot(page, '06-invitation-detail');
    await page.getByRole('link', { name: 'People' }).first().click();
  });

  it('sets a password for an invitee, who signs in through the forced change', async () => {
    // Ben's account is made here, so no other test invites his address.
    const { orgId } = await ownOrganization();
    await invite(orgId, ['ben@example.com']);
    await openPeople(orgId);
    await row(page, 'ben@example.com').getByRole('button', { name: 'Actions for ben@example.com' }).click();
    await page.getByRole('menuitem', { name: 'Set password' }).click();
    const dialog = page.getByRole('dialog', { name: 'Set a temporary password' });
    await dialog.getByLabel('Temporary password').fill('temporary-River-77');
    await checkA11y(page, 'set password dialog');
    await dialog.getByRole('button', { name: 'Set password' }).click();
    await page.getByText(/must choose a new one at first sign-in/).waitFor();
    await expect.poll(() => status(page, 'ben@example.com')).toBe('Accepted');

    const { context, page: p } = await newPage();
    await p.goto(baseUrl);
    await p.waitForURL('**/sign-in');
    await checkA11y(p, 'sign in');
    await p.getByLabel('Email address').fill('ben@example.com');
    await p.getByLabel('Password', { exact: true }).fill('temporary-River-77');
    await p.getByRole('button', { name: 'Sign in' }).click();
    await p.getByRole('heading', { name: 'Choose your own password' }).waitFor();
    await checkA11y(p, 'forced password change');
    await p.getByLabel('Temporary password').fill('temporary-River-77');
    await p.getByLabel('New password').fill('bright-Lantern-castle-5');
    await p.getByRole('button', { name: 'Save new password' }).click();
    await p.getByRole('heading', { name: 'My trainings' }).waitFor();
    await context.close();
  });

  it('filters by status and searches by address', async () => {
    // Two accepted (accounts of their own), one cancelled.
    const { orgId } = await ownOrganization();
    const before = mark();
    const [, , hal] = await invite(orgId, ['fay@example.com', 'gus@example.com', 'hal@example.com']);
    for (const [email, name] of [
      ['fay@example.com', 'Fay Example'],
      ['gus@example.com', 'Gus Example'],
    ] as const)
      await acceptAsNewPerson(
        linkIn((await mailTo(orgId, email, before)).text, 'invite'),
        name,
        'violet-harbour-train-9',
      );
    expect((await call('POST', `/orgs/${orgId}/invitations/${hal!.id}/cancel`, {})).status).toBe(200);
    await openPeople(orgId);
    await chip(page, 'Cancelled').click();
    await expect.poll(() => page.locator('tbody tr').count()).toBe(1);
    await row(page, 'hal@example.com').waitFor();
    expect(page.url()).toContain('status=cancelled');
    await chip(page, 'Cancelled').click();
    await chip(page, 'Accepted').click();
    await expect.poll(() => page.locator('tbody tr').count()).toBe(2);
    await page.getByRole('button', { name: 'Clear' }).click();
    await page.getByLabel('Search invitations by address').fill('fay');
    await expect.poll(() => page.locator('tbody tr').count()).toBe(1);
    await row(page, 'fay@example.com').waitFor();
    await page.getByLabel('Search invitations by address').fill('');
    await expect.poll(() => page.locator('tbody tr').count()).toBe(3);
    await checkA11y(page, 'people invitations');
  });

  it('manages members: role, permissions, deactivate and reactivate', async () => {
    // Ann joins as a learner with an account of her own, made here only.
    const { orgId } = await ownOrganization();
    const before = mark();
    await invite(orgId, ['ann.hr@example.com']);
    const link = linkIn((await mailTo(orgId, 'ann.hr@example.com', before)).text, 'invite');
    await acceptAsNewPerson(link, 'Ann Example', 'violet-harbour-train-9');
    await openPeople(orgId);
    await page.getByRole('tab', { name: 'Members' }).click();
    await page.getByRole('cell', { name: 'Ann Example ann.hr@example.com' }).waitFor();
    await checkA11y(page, 'people members');
    await page.getByLabel('Role of Ann Example').selectOption('hr');
    await page
      .getByRole('dialog', { name: 'Make Ann Example HR?' })
      .getByRole('button', { name: 'Make HR' })
      .click();
    await page.getByText('Ann Example is now HR.').waitFor();
    await page.getByRole('checkbox', { name: 'Templates for Ann Example' }).check();
    await page.getByText('Permissions of Ann Example updated.').waitFor();
    await page.getByRole('button', { name: 'Deactivate Ann Example' }).click();
    await page
      .getByRole('dialog', { name: 'Deactivate Ann Example?' })
      .getByRole('button', { name: 'Deactivate' })
      .click();
    await page.getByText('Ann Example deactivated.').waitFor();
    await page
      .getByRole('group', { name: 'Filter members' })
      .getByRole('button', { name: 'Deactivated' })
      .click();
    await page.getByRole('button', { name: 'Reactivate Ann Example' }).click();
    await page.getByText('Ann Example reactivated.').waitFor();
    await page
      .getByRole('group', { name: 'Filter members' })
      .getByRole('button', { name: 'Never signed in' })
      .click();
    await checkA11y(page, 'members: never signed in');

    // Navigation follows the role: HR sees People but not Settings.
    const { context, page: p } = await newPage();
    await p.goto(`${baseUrl}/sign-in`);
    await p.getByLabel('Email address').fill('ann.hr@example.com');
    await p.getByLabel('Password', { exact: true }).fill('violet-harbour-train-9');
    await p.getByRole('button', { name: 'Sign in' }).click();
    await p.getByRole('heading', { name: 'People' }).waitFor();
    const nav = p.getByRole('navigation', { name: 'Main' });
    const links = await nav.getByRole('link').allTextContents();
    expect(links).toContain('People');
    for (const adminOnly of ['Settings', 'API keys', 'Join page']) expect(links).not.toContain(adminOnly);
    await p.goto(`${baseUrl}/o/${orgId}/settings`);
    await p.getByRole('heading', { name: 'Page not available' }).waitFor();
    await checkA11y(p, 'hr: page not available');
    await context.close();
  });

  it('an invitee declines; the link then says so and the list shows why nothing applies', async () => {
    const { orgId } = await ownOrganization();
    await openPeople(orgId);
    const before = mark();
    await page.getByRole('button', { name: 'Invite people' }).first().click();
    const dialog = page.getByRole('dialog', { name: 'Invite people' });
    await dialog.getByLabel('Email addresses').fill('dora@example.com');
    await dialog.getByRole('button', { name: /Send 1 invitation/ }).click();
    await page.getByTestId('invite-result').getByText('Invited (1)').waitFor();
    await page.getByRole('button', { name: 'Done' }).click();
    const link = linkIn((await mailTo(orgId, 'dora@example.com', before)).text, 'invite');

    const { context, page: p } = await newPage();
    await p.goto(link);
    await p.getByRole('button', { name: 'Decline invitation' }).click();
    await p
      .getByRole('dialog', { name: 'Decline this invitation?' })
      .getByRole('button', { name: 'Decline' })
      .click();
    await p.getByRole('heading', { name: 'Invitation declined' }).waitFor();
    await p.reload();
    await p.getByTestId('dead-declined').waitFor();
    await checkA11y(p, 'dead link: declined');
    await context.close();

    await page.reload();
    await expect.poll(() => status(page, 'dora@example.com')).toBe('Declined');
    await expect(
      await row(page, 'dora@example.com')
        .getByRole('button', { name: /Actions for/ })
        .count(),
    ).toBe(0);
  });

  it('shows a delivery problem with the mail server answer', async () => {
    smtp.rejectRecipient('frank@example.com', 550, '5.1.1 <frank@example.com>: Recipient address rejected');
    const { orgId } = await ownOrganization();
    await openPeople(orgId);
    const before = mark();
    await page.getByRole('button', { name: 'Invite people' }).first().click();
    const dialog = page.getByRole('dialog', { name: 'Invite people' });
    await dialog.getByLabel('Email addresses').fill('frank@example.com, gina@example.com');
    await dialog.getByLabel('Role').selectOption('hr');
    await dialog.getByRole('button', { name: /Send 2 invitations/ }).click();
    await page.getByTestId('invite-result').getByText('Invited (2)').waitFor();
    await page.getByRole('button', { name: 'Done' }).click();
    const delivery = row(page, 'frank@example.com').locator('td[data-label="Delivery"]');
    await expect
      .poll(
        async () => {
          await page.reload();
          await row(page, 'frank@example.com').waitFor();
          return delivery.textContent();
        },
        { timeout: 20_000, interval: 1000 },
      )
      .toMatch(/Recipient address rejected/);
    await mailTo(orgId, 'gina@example.com', before);
    await checkA11y(page, 'people with a delivery problem');
    await shot(page, '07-people-invitations', { fullPage: false });
  });

  it('bulk resend: shows who receives it and who is not eligible, then sends', async () => {
    // Gina's invitation is pending; Dora declined hers.
    const { orgId } = await ownOrganization();
    const sent = mark();
    await invite(orgId, ['gina@example.com', 'dora@example.com']);
    await mailTo(orgId, 'gina@example.com', sent);
    await decline(linkIn((await mailTo(orgId, 'dora@example.com', sent)).text, 'invite'));
    await openPeople(orgId);
    await expect.poll(() => status(page, 'dora@example.com')).toBe('Declined');
    await row(page, 'gina@example.com').getByRole('checkbox').check();
    await row(page, 'dora@example.com').getByRole('checkbox').check();
    await page.getByRole('button', { name: 'Resend selected…' }).click();
    const dialog = page.getByRole('dialog', { name: 'Resend invitation email' });
    await dialog.getByRole('heading', { name: 'Will receive it (1)' }).waitFor();
    await dialog.getByRole('heading', { name: 'Not eligible (1)' }).waitFor();
    expect(await dialog.getByText('dora@example.com').isVisible()).toBe(true);
    // The reason comes from the console's catalog, by the server's reason code.
    await dialog.getByText('dora@example.com — Declined by the invitee.').waitFor();
    await checkA11y(page, 'bulk resend dialog');
    const before = smtp.messages.length;
    await dialog.getByRole('button', { name: 'Send to 1' }).click();
    await page.getByText(/Resending 1 invitation email/).waitFor();
    await mailTo(orgId, 'gina@example.com', before);
  });

  it('an expired invitation: its link says so, and "Send new invitation" renews it', async () => {
    const { orgId } = await ownOrganization();
    await openPeople(orgId);
    const sent = mark();
    await page.getByRole('button', { name: 'Invite people' }).first().click();
    const dialog = page.getByRole('dialog', { name: 'Invite people' });
    await dialog.getByLabel('Email addresses').fill('eve@example.com');
    await dialog.getByRole('button', { name: /Send 1 invitation/ }).click();
    await page.getByTestId('invite-result').getByText('Invited (1)').waitFor();
    await page.getByRole('button', { name: 'Done' }).click();
    const oldLink = linkIn((await mailTo(orgId, 'eve@example.com', sent)).text, 'invite');

    clock.advanceDays(8); // past the 7-day default expiry
    await page.reload();
    await expect.poll(() => status(page, 'eve@example.com')).toBe('Invitation expired');
    const { context, page: p } = await newPage();
    await p.goto(oldLink);
    await p.getByTestId('dead-expired').waitFor();
    await checkA11y(p, 'dead link: expired');
    // Its page says when it expired, not when it "expires".
    await row(page, 'eve@example.com').getByRole('link', { name: 'eve@example.com' }).click();
    await page.getByRole('heading', { name: 'eve@example.com' }).waitFor();
    expect(await page.locator('dl dt').allTextContents()).toContain('Expired');
    expect(await page.locator('dl dt').allTextContents()).not.toContain('Expires');
    await page.goBack();
    await expect.poll(() => status(page, 'eve@example.com')).toBe('Invitation expired');

    const before = smtp.messages.length;
    await row(page, 'eve@example.com').getByRole('button', { name: 'Actions for eve@example.com' }).click();
    expect(await page.getByRole('menuitem').allTextContents()).toEqual([
      'Send new invitation',
      'Correct address',
      'Cancel invite',
    ]);
    await page.getByRole('menuitem', { name: 'Send new invitation' }).click();
    // It says until when the new one lasts, and that the old link is dead.
    await page
      .getByText(/New invitation sent to eve@example\.com\. It expires [\s\S]+the old link no longer works/)
      .waitFor();
    await expect.poll(() => status(page, 'eve@example.com')).toBe('Invite pending');
    const fresh = linkIn((await mailTo(orgId, 'eve@example.com', before)).text, 'invite');
    await p.goto(fresh);
    await p.getByRole('heading', { name: `Join ${ORG}` }).waitFor();
    await context.close();
  });

  it('settings and API keys (the key is shown once)', async () => {
    const { orgId } = await ownOrganization();
    await openPeople(orgId);
    await page.getByRole('link', { name: 'Settings' }).click();
    await page.getByLabel('Invitations expire after (days)').fill('14');
    await checkA11y(page, 'settings');
    await page.getByRole('button', { name: 'Save settings' }).click();
    await page.getByText('Settings saved.').waitFor();

    await page.getByRole('link', { name: 'API keys' }).click();
    await page.getByLabel('Key name').fill('HR sync');
    await page.getByRole('button', { name: 'Create key' }).click();
    const key = await page.getByTestId('new-api-key').textContent();
    expect(key?.length).toBeGreaterThan(20);
    await checkA11y(page, 'api key shown once');
    await page.getByRole('button', { name: 'I have stored it' }).click();
    await page.getByRole('cell', { name: 'HR sync', exact: true }).waitFor();
    expect(await page.getByText(key!).count()).toBe(0);
    const res = await fetch(`${baseUrl}/api/v1/orgs/${orgId}/settings`, {
      headers: { authorization: `Bearer ${key}` },
    });
    expect((await res.json()).inviteExpiryDays).toBe(14);
  });

  it('imports a spreadsheet: preview with every row problem, confirm, progress, history', async () => {
    // The owner is the row that is already a member.
    const { orgId, email: owner } = await ownOrganization();
    await createGroup(orgId, 'New starters');
    await openPeople(orgId);
    const before = mark();
    await page.getByRole('link', { name: 'Import' }).click();
    await page.getByRole('heading', { name: 'Import', exact: true }).waitFor();
    const csv = [
      'email,groups,role',
      'hank@example.com,New starters,learner',
      'ivy@example.com,,',
      'not-an-address,,',
      `${owner},,`,
      'jack@example.com,No such group,',
    ].join('\n');
    await page
      .getByLabel('Spreadsheet file (CSV or XLSX)')
      .setInputFiles({ name: 'people.csv', mimeType: 'text/csv', buffer: Buffer.from(csv) });
    await page.getByRole('button', { name: 'Preview upload' }).click();
    const preview = page.getByTestId('import-preview');
    await preview.getByText('2 ready to invite').waitFor();
    // One line per kind of problem (invalid address, already a member, unknown group); the rows
    // behind each come on demand, and each opened group's button turns into "Hide rows".
    expect(await preview.locator('.problem-group').count()).toBe(3);
    for (let i = 0; i < 3; i++)
      await preview
        .getByRole('button', { name: /Show rows/ })
        .first()
        .click();
    await expect.poll(() => preview.locator('tbody tr').count()).toBe(3);
    await checkA11y(page, 'import preview');
    await shot(page, '10-import-preview');
    await preview.getByRole('button', { name: 'Invite 2 people' }).click();
    await page
      .getByRole('dialog', { name: 'Are you sure?' })
      .getByRole('button', { name: 'Send 2 invitations' })
      .click();
    const progress = page.getByTestId('import-progress');
    await progress.getByRole('heading', { name: '3. Done' }).waitFor({ timeout: 20_000 });
    await expect(await progress.getByRole('status').textContent()).toMatch(/2 invited/);
    await page.getByRole('cell', { name: 'people.csv', exact: true }).waitFor();
    await checkA11y(page, 'import done');
    await mailTo(orgId, 'hank@example.com', before);
  });

  it('works at 375 px wide', async () => {
    const { orgId } = await ownOrganization();
    await invite(orgId, ['bob@gmail.com']);
    const { context, page: p } = await newPage();
    await p.setViewportSize({ width: 375, height: 800 });
    await context.addCookies(await admin.cookies());
    await p.goto(`${baseUrl}/o/${orgId}/people`);
    await row(p, 'bob@gmail.com').waitFor();
    // A long address wraps before the @ or after a dot, not inside a word.
    expect(await row(p, 'bob@gmail.com').getByRole('link', { name: 'bob@gmail.com' }).innerHTML()).toBe(
      '<bdi translate="no">bob<wbr>@gmail.<wbr>com</bdi>',
    );
    const overflow = await p.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    expect(overflow).toBeLessThanOrEqual(1);
    await checkA11y(p, 'people at 375 px');
    await shot(p, '08-people-mobile');
    const noOverflow = async () =>
      expect(
        await p.evaluate(() => document.documentElement.scrollWidth - window.innerWidth),
      ).toBeLessThanOrEqual(1);
    await p.getByRole('button', { name: 'Invite people' }).first().click();
    await p
      .getByRole('dialog', { name: 'Invite people' })
      .getByLabel('Email addresses')
      .fill('kim@gmial.com');
    await p.getByRole('button', { name: 'Use kim@gmail.com' }).waitFor();
    await noOverflow();
    await shot(p, '08b-invite-dialog-mobile', { fullPage: false });
    await p.keyboard.press('Escape');
    await p.getByRole('link', { name: 'bob@gmail.com' }).click();
    await p.getByRole('heading', { name: 'History' }).waitFor();
    await noOverflow();
    await checkA11y(p, 'invitation detail at 375 px');
    await p.goto(`${baseUrl}/invite/unknown-token`);
    await p.getByTestId('dead-unknown').waitFor();
    await noOverflow();
    await context.close();
  });

  it('joins through the join page after verifying the address', async () => {
    const { orgId } = await ownOrganization();
    await openPeople(orgId);
    await page.getByRole('link', { name: 'Join page' }).click();
    await page.getByRole('heading', { name: 'Join page' }).waitFor();
    await page.getByLabel('Address (slug)').fill('acme-team');
    await page.getByLabel('Allowed email domains').fill('example.org');
    await page.getByRole('button', { name: 'Save join page' }).click();
    await page.getByText('Join page saved.').waitFor();
    await page.getByRole('switch').check();
    await page.getByText('Join page is on.').waitFor();
    await checkA11y(page, 'join page settings');

    const { context, page: p } = await newPage();
    await p.goto(`${baseUrl}/join/acme-team`);
    await p.getByRole('heading', { name: `Join ${ORG}` }).waitFor();
    await checkA11y(p, 'public join page');
    const before = smtp.messages.length;
    await p.getByLabel('Email address').fill('erin@example.org');
    await p.getByRole('button', { name: 'Send me a link' }).click();
    await p.getByRole('status').filter({ hasText: /email/i }).first().waitFor();
    const mail = await mailTo(orgId, 'erin@example.org', before);
    const link = linkIn(mail.text, 'join');
    await p.goto(link);
    await p.getByLabel('Your name').fill('Erin Joiner');
    await p.getByLabel('Choose a password').fill('marble-Orchard-sky-3');
    await checkA11y(p, 'join verification');
    await p.getByRole('button', { name: 'Join' }).click();
    await p.getByRole('heading', { name: `Welcome to ${ORG}` }).waitFor();
    await context.close();
  });

  it('creates a second organization and switches between them', async () => {
    // Amy already has an account: she is HR in the first organization.
    const { orgId } = await ownOrganization();
    const invited = mark();
    await invite(orgId, ['amy@example.com'], { role: 'hr' });
    const first = linkIn((await mailTo(orgId, 'amy@example.com', invited)).text, 'invite');
    await acceptAsNewPerson(first, 'Amy Example', 'violet-harbour-train-9');
    await openPeople(orgId);
    await page.getByLabel('Organization').selectOption({ label: '+ Create organization…' });
    const dialog = page.getByRole('dialog', { name: 'Create an organization' });
    await dialog.getByLabel('Organization name').fill('Beta School');
    await checkA11y(page, 'create organization');
    await dialog.getByRole('button', { name: 'Create' }).click();
    await page.getByRole('heading', { name: 'Beta School' }).waitFor();
    expect(page.url()).not.toContain(orgId);
    const betaUrl = page.url();

    // Someone who already has an account (Amy) is invited to the second organization: she signs in to accept.
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'People' }).click();
    await page.getByRole('button', { name: 'Invite people' }).first().click();
    const inviteDialog = page.getByRole('dialog', { name: 'Invite people' });
    await inviteDialog.getByLabel('Email addresses').fill('amy@example.com');
    await inviteDialog.getByRole('button', { name: /Send 1 invitation/ }).click();
    await page.getByTestId('invite-result').getByText('Invited (1)').waitFor();
    await page.getByRole('button', { name: 'Done' }).click();
    const before = smtp.messages.filter((m) => m.to.includes('amy@example.com')).length;
    const mail = await smtp.waitFor(
      (m) => m.to.includes('amy@example.com') && m.subject.includes('Beta School'),
      20_000,
    );
    expect(before).toBeGreaterThan(0);
    const { context, page: p } = await newPage();
    await p.goto(linkIn(mail.text, 'invite'));
    await p.getByText('already has a Beckon account').waitFor();
    await checkA11y(p, 'invitee accept (existing account)');
    await p.getByLabel('Password', { exact: true }).fill('violet-harbour-train-9');
    await p.getByRole('button', { name: 'Sign in and accept invitation' }).click();
    await p.getByRole('heading', { name: 'Welcome to Beta School' }).waitFor();
    await p.getByRole('button', { name: 'Go to Beta School' }).click();
    // Amy now belongs to two organizations: the switcher lists both.
    await expect
      .poll(() => p.getByLabel('Organization').locator('option').allTextContents())
      .toEqual(expect.arrayContaining([`${ORG} (HR)`, 'Beta School (Learner)']));
    await context.close();

    await page.goto(betaUrl);
    await page.getByLabel('Organization').selectOption({ label: `${ORG} (Owner)` });
    await page.getByRole('heading', { name: ORG }).waitFor();
    expect(page.url()).toContain(orgId);

    await page.getByRole('link', { name: OWNER.name }).click();
    await page.getByRole('heading', { name: 'Your account' }).waitFor();
    await checkA11y(page, 'account');
  });

  it('signs out, and a forgotten password is reset by email', async () => {
    const { orgId, email } = await ownOrganization();
    await openPeople(orgId);
    await page.getByRole('button', { name: 'Sign out' }).click();
    await page.waitForURL('**/sign-in');
    await page.getByRole('link', { name: 'Forgot your password?' }).click();
    await page.getByLabel('Email address').fill(email);
    const before = smtp.messages.length;
    await checkA11y(page, 'forgot password');
    await page.getByRole('button', { name: 'Send reset link' }).click();
    await page.getByText(/we have sent it a link/).waitFor();
    const mail = await mailTo(null, email, before);
    await page.goto(linkIn(mail.text, 'reset-password'));
    await page.getByLabel('New password').fill('another-Secret-phrase-8');
    await checkA11y(page, 'reset password');
    await page.getByRole('button', { name: 'Change password' }).click();
    await page.getByText('Your password has been changed.').waitFor();
    await page.getByRole('link', { name: 'Sign in' }).click();
    await page.getByLabel('Email address').fill(email);
    await page.getByLabel('Password', { exact: true }).fill('another-Secret-phrase-8');
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('heading', { name: 'People' }).waitFor();
  });

  // UPDATE_SCREENSHOTS=1 npm run test:browser refreshes the README's pictures in docs/screenshots.
  it.runIf(process.env.UPDATE_SCREENSHOTS === '1')('keeps a few screenshots for the README', () => {
    mkdirSync(DOCS_SHOTS, { recursive: true });
    for (const name of [
      '07-people-invitations',
      '02-invite-dialog-suggestion',
      '03-invitee-accept',
      '06-invitation-detail',
    ]) {
      const from = join(SHOTS, `${name}.png`);
      if (existsSync(from)) copyFileSync(from, join(DOCS_SHOTS, `${name}.png`));
    }
  });
});
