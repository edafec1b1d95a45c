/**
 * Without SMTP_URL, emails stay in the outbox and the console shows them in a Mailbox page, so a
 * newcomer can follow the links (issue 3). Chromium against the built app; axe on every page.
 */
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Runtime } from '../../src/runtime.ts';
import { checkA11y, launchBrowser, shot, startServer } from './harness.ts';

let runtime: Runtime;
let browser: Browser;
let page: Page;
let baseUrl = '';

beforeAll(async () => {
  ({ runtime, baseUrl } = await startServer());
  browser = await launchBrowser();
  const context = await browser.newContext({ viewport: { width: 1280, height: 860 } });
  context.setDefaultTimeout(10_000);
  page = await context.newPage();
});

afterAll(async () => {
  await browser?.close().catch(() => {});
  await runtime?.stop().catch(() => {});
});

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
    const summary = page.locator('summary', { hasText: 'noah@example.com' });
    await expect
      .poll(
        async () => {
          if ((await summary.count()) === 0) await page.getByRole('button', { name: 'Refresh' }).click();
          return summary.count();
        },
        { timeout: 15_000, interval: 500 },
      )
      .toBe(1);
    await summary.click();
    await checkA11y(page, 'mailbox');
    await shot(page, '09-mailbox');
    await page.getByRole('link', { name: 'Open the link in this email' }).click();
    await page.waitForURL(/\/invite\//);
    // Signed in as the owner: the page says the invitation is for someone else.
    await page.getByText('but this invitation is for').waitFor();
    await checkA11y(page, 'invitee: signed in as someone else');
    await page.getByRole('button', { name: 'Sign out' }).click();
    await page.getByLabel('Your name').waitFor();
    expect(await page.getByText('noah@example.com').first().isVisible()).toBe(true);
  });
});
