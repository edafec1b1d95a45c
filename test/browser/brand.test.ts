/**
 * The organization in its emails and invitee pages, and the console's wording: the logo and accent
 * set in Settings and shown on the invitee page; the email's decline link asks first; the welcome
 * page mentions groups and trainings only when there are some; the expired page names the inviter
 * and asks for a new invitation; the password hint states the server's rule; a manager with no
 * invitations in their groups is told exactly that; at 375 px the navigation is a menu.
 */
import type { Browser, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { organizationRepository } from '../../src/organizations/repository.ts';
import type { Runtime } from '../../src/runtime.ts';
import { hashPassword } from '../../src/security/passwords.ts';
import { pngImage } from '../helpers/images.ts';
import {
  apiCall,
  checkA11y,
  closeConsole,
  openConsole,
  type ShiftedClock,
  shot,
  signedInOrganization,
} from './harness.ts';

const OWNER_NAME = 'Nora North';

let runtime: Runtime;
let browser: Browser;
let page: Page;
let clock: ShiftedClock;
let baseUrl = '';

beforeAll(async () => {
  ({ runtime, baseUrl, clock, browser, page } = await openConsole({ timeoutMs: 15_000 }));
});
// The expiry test moves the clock; the next test starts at the real time.
afterEach(() => {
  clock.offsetMs = 0;
});
afterAll(() => closeConsole({ browser, runtime }));

const call = (method: string, path: string, body?: unknown) => apiCall(page, baseUrl, method, path, body);
const overflowing = (p: Page) =>
  p.evaluate(() => document.documentElement.scrollWidth > document.documentElement.clientWidth);

/** This test's own organization, its owner signed in on the page. */
async function ownOrganization(): Promise<string> {
  return (await signedInOrganization({ runtime, baseUrl, page }, 'Northwind Academy', OWNER_NAME)).orgId;
}

/** The logo and accent colour the Settings test sets, set through the API. */
async function setLook(orgId: string): Promise<void> {
  const { csrfToken } = await (await page.request.get(`${baseUrl}/api/v1/session`)).json();
  const logo = await page.request.fetch(`${baseUrl}/api/v1/orgs/${orgId}/branding/logo`, {
    method: 'PUT',
    headers: { 'x-csrf-token': csrfToken, 'content-type': 'image/png' },
    data: pngImage(480, 120),
  });
  expect(logo.status(), await logo.text()).toBe(200);
  expect((await call('PATCH', `/orgs/${orgId}/branding`, { accentColor: '#0f766e' })).status).toBe(200);
}

async function invite(orgId: string, email: string, groupIds: string[] = []) {
  const res = await call('POST', `/orgs/${orgId}/invitations`, { emails: [email], groupIds });
  expect(res.status, JSON.stringify(res.body)).toBe(201);
  const id = res.body.invitations[0].id as string;
  return { id, url: `${baseUrl}/invite/${runtime.services.links.sign(id, 1)}` };
}

async function newPage(width: number) {
  const context = await browser.newContext({ viewport: { width, height: 800 } });
  context.setDefaultTimeout(15_000);
  return { context, page: await context.newPage() };
}

describe('the organization on its pages, and the console in plain words', () => {
  it('Settings: a logo and an accent colour, with the sender name shown', async () => {
    const orgId = await ownOrganization();
    await page.goto(`${baseUrl}/o/${orgId}/settings`);
    const panel = page.locator('#branding');
    await expect
      .poll(() => panel.getByTestId('sender-name').textContent())
      .toBe('Northwind Academy via Beckon');
    await panel
      .getByLabel('Logo')
      .setInputFiles({ name: 'logo.png', mimeType: 'image/png', buffer: pngImage(480, 120) });
    await page.getByText('Logo saved.').waitFor();
    await panel.getByAltText('Northwind Academy logo').waitFor();
    // Focus comes back to the picker, not to the page.
    await expect.poll(() => page.evaluate(() => document.activeElement?.getAttribute('type'))).toBe('file');
    await panel.getByLabel('Accent colour').fill('#0f766e');
    await panel.getByRole('button', { name: 'Save colour' }).click();
    await page.getByText('Accent colour saved.').waitFor();
    // The Reply-To choice saves by itself, and says so.
    const replyTo = panel.getByLabel('Answers to an invitation email go to the person who invited');
    const hint = await replyTo.getAttribute('aria-describedby');
    expect(await page.locator(`[id="${hint}"]`).textContent()).toBe('Saved as soon as you tick or clear it.');
    // The box follows the saved setting, so it changes when the server has answered, not at the click.
    await replyTo.click();
    await page.getByText('Answers go nowhere: no Reply-To.').waitFor();
    await expect.poll(() => replyTo.isChecked()).toBe(false);
    await replyTo.click();
    await page.getByText('Answers go to the person who invited.').waitFor();
    await expect.poll(() => replyTo.isChecked()).toBe(true);
    await checkA11y(page, 'settings: emails and invitee pages');
    // A refused file says why, in words.
    await panel.getByLabel('Logo').setInputFiles({
      name: 'logo.svg',
      mimeType: 'image/svg+xml',
      buffer: Buffer.from('<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>'),
    });
    // At the picker, naming the file, which is marked invalid.
    await panel.getByText(/^logo\.svg was not saved: .*SVG images are not accepted/).waitFor();
    expect(await panel.getByLabel('Logo').getAttribute('aria-invalid')).toBe('true');
    await checkA11y(page, 'settings: a refused logo');
    // A file over the limit is refused before it is sent, with its size.
    let uploads = 0;
    page.on('request', (r) => {
      if (r.method() === 'PUT' && r.url().endsWith('/branding/logo')) uploads++;
    });
    await panel
      .getByLabel('Logo')
      .setInputFiles({ name: 'huge.png', mimeType: 'image/png', buffer: Buffer.alloc(900 * 1024, 1) });
    await panel.getByText('huge.png is 900 KB: a logo may be at most 256 KB.').waitFor();
    expect(uploads).toBe(0);
    // Removing asks first; keeping it changes nothing.
    await panel.getByRole('button', { name: 'Remove logo' }).click();
    const confirm = page.getByRole('dialog', { name: /^Remove the logo of .+\?$/ });
    await confirm.getByText('Emails not yet sent and invitee pages will carry no picture').waitFor();
    await checkA11y(page, 'settings: removing the logo asked');
    await confirm.getByRole('button', { name: 'Keep it' }).click();
    await confirm.waitFor({ state: 'detached' });
    expect(await panel.locator('.logo-preview img').count()).toBe(1);
    // Removing it leaves focus on the picker (the button is gone).
    await panel.getByRole('button', { name: 'Remove logo' }).click();
    await confirm.getByRole('button', { name: 'Remove logo' }).click();
    await page.getByText('Logo removed.').waitFor();
    expect(await panel.locator('.logo-preview img').count()).toBe(0);
    await expect.poll(() => page.evaluate(() => document.activeElement?.getAttribute('type'))).toBe('file');
  });

  it('the invitee page shows the logo and accent; the email decline link asks before declining', async () => {
    const orgId = await ownOrganization();
    await setLook(orgId);
    const { url } = await invite(orgId, 'dana@example.com');
    const { context, page: p } = await newPage(375);
    await p.goto(`${url}?decline=1`);
    const dialog = p.getByRole('dialog', { name: 'Decline this invitation?' });
    await dialog.waitFor();
    await checkA11y(p, 'invitee page, decline asked from the email link');
    await dialog.getByRole('button', { name: 'Keep it' }).click();
    await p.getByAltText('Northwind Academy').waitFor();
    const background = await p
      .getByRole('button', { name: 'Accept invitation' })
      .first()
      .evaluate((b) => getComputedStyle(b).backgroundColor);
    expect(background).toBe('rgb(15, 118, 110)');
    expect(await overflowing(p)).toBe(false);
    await checkA11y(p, 'invitee page with the organization look at 375 px');
    await shot(p, 'brand-invitee-375');
    await context.close();
  });

  it('the welcome page mentions groups and trainings only when there are some', async () => {
    const orgId = await ownOrganization();
    const plain = await invite(orgId, 'erin@example.com');
    const { context, page: p } = await newPage(1280);
    await p.goto(plain.url);
    await p.getByLabel('Your name').fill('Erin Example');
    await p.getByLabel('Choose a password').fill('violet-harbour-train-9');
    await p
      .getByRole('button', { name: /Create account|Accept/ })
      .first()
      .click();
    const status = p.getByRole('status').filter({ hasText: 'You have joined' });
    await status.waitFor();
    expect(await status.textContent()).toBe('You have joined Northwind Academy. ');
    await context.close();

    const group = await call('POST', `/orgs/${orgId}/groups`, { name: 'Safety', trainings: ['Fire safety'] });
    const withGroups = await invite(orgId, 'finn@example.com', [group.body.id]);
    const second = await newPage(1280);
    await second.page.goto(withGroups.url);
    await second.page.getByLabel('Your name').fill('Finn Example');
    await second.page.getByLabel('Choose a password').fill('violet-harbour-train-9');
    await second.page
      .getByRole('button', { name: /Create account|Accept/ })
      .first()
      .click();
    await second.page.getByText('Your groups and trainings are ready.').waitFor();
    await second.context.close();
  });

  it('the password hint states the rule the server applies, and never calls a refused password weak-but-fine', async () => {
    const { url } = await invite(await ownOrganization(), 'gil@example.com');
    const { context, page: p } = await newPage(1280);
    await p.goto(url);
    await p
      .getByText(
        'At least 10 characters, with at least 4 different ones; not your name or email address, and not a common password.',
      )
      .waitFor();
    await p.getByLabel('Choose a password').fill('password123');
    await p.getByText('Not accepted — That password is too common.').waitFor();
    await p.getByLabel('Choose a password').fill('riverstone');
    await p.getByText(/Accepted\. Strength: (Fair|Good|Strong)/).waitFor();
    await checkA11y(p, 'password hint');
    await context.close();
  });

  it('the expired page names the inviter and asks them for a new invitation', async () => {
    const { url } = await invite(await ownOrganization(), 'hana@example.com');
    clock.advanceDays(8);
    const { context, page: p } = await newPage(375);
    await p.goto(url);
    await p.getByTestId('dead-expired').getByText('Nora North').waitFor();
    await checkA11y(p, 'expired invitation page');
    await p.getByRole('button', { name: 'Ask for a new invitation' }).click();
    await p
      .getByRole('status')
      .getByText('We asked Nora North to send you a new invitation.', { exact: false })
      .waitFor();
    await checkA11y(p, 'expired invitation page, new one asked');
    expect(await overflowing(p)).toBe(false);
    await context.close();
  });

  it('a manager with no invitations in their groups is told exactly that; at 375 px the navigation is a menu', async () => {
    const orgId = await ownOrganization();
    const now = new Date();
    const user = await organizationRepository.insertUser(runtime.services.db, {
      email: 'mo@northwind.test',
      name: 'Mo Manager',
      password_hash: await hashPassword('violet-harbour-train-9'),
      now,
    });
    await organizationRepository.insertMember(runtime.services.db, {
      org_id: orgId,
      user_id: user.id,
      role: 'manager',
      now,
    });
    const { context, page: p } = await newPage(375);
    await p.goto(`${baseUrl}/sign-in`);
    await p.getByLabel('Email address').fill('mo@northwind.test');
    await p.getByLabel('Password', { exact: true }).fill('violet-harbour-train-9');
    await p.getByRole('button', { name: 'Sign in' }).click();
    await p.waitForURL(/\/o\//);
    await p.goto(`${baseUrl}/o/${orgId}/people`);
    await p.getByText('No invitations in the groups you manage yet.', { exact: false }).waitFor();

    const menu = p.getByRole('button', { name: /Menu/ });
    expect(await menu.getAttribute('aria-expanded')).toBe('false');
    expect(
      await p.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'People' }).isVisible(),
    ).toBe(false);
    await checkA11y(p, 'manager with no invitations, 375 px, menu closed');
    await menu.click();
    expect(await menu.getAttribute('aria-expanded')).toBe('true');
    await p
      .getByRole('navigation', { name: 'Main' })
      .getByRole('link', { name: 'Groups & trainings' })
      .click();
    await p.waitForURL(/\/groups$/);
    expect(await menu.getAttribute('aria-expanded')).toBe('false');
    expect(await overflowing(p)).toBe(false);
    await checkA11y(p, 'groups page at 375 px after the menu');
    await shot(p, 'brand-menu-375');
    await context.close();
  });
});
