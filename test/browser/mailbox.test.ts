/**
 * Without SMTP_URL, emails stay in the outbox and the console shows them in a Mailbox page, so a
 * newcomer can follow the links (issue 3). Chromium against the built app; axe on every page.
 */
import type { Browser, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { Runtime } from '../../src/runtime.ts';
import { apiCall, checkA11y, closeConsole, openConsole, shot, signedInOrganization } from './harness.ts';

let runtime: Runtime;
let browser: Browser;
let page: Page;
let baseUrl = '';

beforeAll(async () => {
  ({ runtime, baseUrl, browser, page } = await openConsole({ height: 860 }));
});

// The 375 px part leaves the next test at desktop width, even when it fails.
afterEach(() => page.setViewportSize({ width: 1280, height: 860 }));

afterAll(() => closeConsole({ browser, runtime }));

describe('mailbox (SMTP_URL unset)', () => {
  it('shows captured emails whose links work', async () => {
    await page.goto(baseUrl);
    await page.getByLabel('Organization name').fill('Mailbox Org');
    await page.getByLabel('Your name').fill('Mia Owner');
    await page.getByLabel('Email address').fill('mia@mailbox.test');
    await page.getByLabel('Password', { exact: true }).fill('quiet-forest-path-6');
    await page.getByRole('button', { name: 'Create organization' }).click();
    await page.getByRole('heading', { name: 'People' }).waitFor();

    await page.getByRole('button', { name: 'Invite people' }).first().click();
    const dialog = page.getByRole('dialog', { name: 'Invite people' });
    await dialog.getByLabel('Email addresses').fill('noah@example.com');
    await dialog.getByRole('button', { name: /Send 1 invitation/ }).click();
    await page.getByTestId('invite-result').getByText('Invited (1)').waitFor();
    await page.getByRole('button', { name: 'Done' }).click();

    await page.getByRole('link', { name: 'Mailbox' }).click();
    await page.getByRole('heading', { name: 'Mailbox' }).waitFor();
    // The worker captures the email shortly after the invitation is created.
    const entry = page.locator('tr[data-to="noah@example.com"]');
    await expect
      .poll(
        async () => {
          if ((await entry.count()) === 0) await page.getByRole('button', { name: 'Refresh' }).click();
          return entry.count();
        },
        { timeout: 15_000, interval: 500 },
      )
      .toBe(1);
    expect(await entry.locator('td[data-label="From"]').textContent()).toMatch(/@/);
    await entry.getByRole('button').click();
    const view = page.getByTestId('email-view');
    const frame = view.locator('iframe');
    // The HTML part in a frame that runs no script and cannot reach the console, beside the text.
    expect(await frame.getAttribute('sandbox')).toBe('allow-popups allow-popups-to-escape-sandbox');
    const html = page.frameLocator('[data-testid="email-view"] iframe');
    expect(await html.locator('a[href*="/invite/"]').first().getAttribute('href')).toMatch(/\/invite\//);
    expect(await view.getByRole('region', { name: 'Text part' }).textContent()).toMatch(/\/invite\//);
    await checkA11y(page, 'mailbox');
    await shot(page, '09-mailbox');

    // Searchable by address.
    await page.getByLabel('Search emails by recipient address').fill('nobody-here');
    await page.getByText('No email to an address containing “nobody-here”.').waitFor();
    await page.getByLabel('Search emails by recipient address').fill('NOAH');
    await entry.waitFor();
    await page.setViewportSize({ width: 375, height: 800 });
    await entry.getByRole('button').click();
    await entry.getByRole('button').click();
    await view.waitFor();
    expect(await page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth)).toBe(true);
    await checkA11y(page, 'mailbox at 375 px');
    await page.setViewportSize({ width: 1280, height: 860 });
    await page.getByRole('link', { name: 'Open the link in this email' }).click();
    await page.waitForURL(/\/invite\//);
    // Signed in as the owner: the page says the invitation is for someone else.
    await page.getByText('but this invitation is for').waitFor();
    await checkA11y(page, 'invitee: signed in as someone else');
    await page.getByRole('button', { name: 'Sign out' }).click();
    await page.getByLabel('Your name').waitFor();
    expect(await page.getByText('noah@example.com').first().isVisible()).toBe(true);
  });

  it('is not in the navigation of a manager, who sees emails through their groups', async () => {
    const { orgId } = await signedInOrganization({ runtime, baseUrl, page }, 'Mailbox Org', 'Mia Owner');
    const inv = (
      await apiCall(page, baseUrl, 'POST', `/orgs/${orgId}/invitations`, {
        emails: ['max@example.com'],
        role: 'manager',
      })
    ).body;
    const { url } = (
      await apiCall(page, baseUrl, 'GET', `/orgs/${orgId}/invitations/${inv.invitations[0].id}/link`)
    ).body;
    const context = await browser.newContext({ viewport: { width: 1280, height: 860 } });
    const accepted = await context.request.post(
      `${baseUrl}/api/v1/invitations/${url.split('/invite/')[1]}/accept`,
      {
        data: { name: 'Max Manager', password: 'a-long-enough-passphrase' },
      },
    );
    expect(accepted.status()).toBe(201);
    const manager = await context.newPage();
    await manager.goto(`${baseUrl}/o/${orgId}/people`);
    await manager.getByRole('heading', { name: 'People' }).waitFor();
    const nav = await manager.getByRole('navigation', { name: 'Main' }).textContent();
    expect(nav).toContain('People');
    expect(nav).not.toContain('Mailbox');
    await manager.goto(`${baseUrl}/o/${orgId}/mailbox`);
    await manager.getByRole('heading', { name: 'Page not available' }).waitFor();
    await context.close();
  });
});
