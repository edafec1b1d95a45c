/**
 * Email templates and bulk resend in a real browser (issue 4): write a template with the live
 * preview and its line-numbered validation, then resend selected invitations with it through the
 * bulk-resend dialog (dry run first) — sent by the background job here, with its progress bar —
 * and receive the email over SMTP.
 * Run with `npm run test:browser` (it builds the web app first).
 */
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Runtime } from '../../src/runtime.ts';
import { startSmtpServer, type TestSmtpServer } from '../helpers/smtp.ts';
import { apiCall, checkA11y, launchBrowser, setUpOrganization, shot, startServer } from './harness.ts';

const OWNER = { name: 'Tara Templates', email: 'tara@templates.test', password: 'sunny-meadow-42' };

let smtp: TestSmtpServer;
let runtime: Runtime;
let browser: Browser;
let page: Page;
let baseUrl = '';
let orgId = '';

beforeAll(async () => {
  smtp = await startSmtpServer();
  // Any bulk resend of two or more people goes to the background job: the dialog shows its progress.
  ({ runtime, baseUrl } = await startServer({ SMTP_URL: smtp.url }, { bulkResendJobThreshold: 1 }));
  browser = await launchBrowser();
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  context.setDefaultTimeout(10_000);
  page = await context.newPage();
});

afterAll(async () => {
  await browser?.close().catch(() => {});
  await runtime?.stop().catch(() => {});
  await smtp?.close().catch(() => {});
});

/** A JSON call with the page's session cookie and CSRF token. */
const call = (method: string, path: string, body?: unknown) => apiCall(page, baseUrl, method, path, body);

describe('email templates and bulk resend in Chromium', () => {
  it('sets up an organization with two invitations', async () => {
    orgId = await setUpOrganization(page, baseUrl, 'Template Works', OWNER);
    const res = await call('POST', `/orgs/${orgId}/invitations`, {
      emails: ['dana@example.com', 'eli@example.com'],
    });
    expect(res.status).toBe(201);
    await smtp.waitFor((m) => m.to.includes('eli@example.com'), 20_000);
  });

  it('writes a template with a live preview; an unknown variable is shown with its line', async () => {
    await page.getByRole('link', { name: 'Email templates' }).click();
    await page.getByRole('heading', { name: 'Email templates' }).waitFor();
    await page.getByText('No templates yet').waitFor();
    await checkA11y(page, 'templates list (empty)');
    await page.getByRole('button', { name: 'New template' }).click();
    await page.getByLabel('Kind of email').selectOption('invitation');
    await page.getByLabel('Template name').fill('Second chance');
    await page.getByLabel('Subject').fill('Second chance: join {{ organization.name }}');
    await page
      .getByLabel('HTML body (Liquid)')
      .fill('<p>Hello!</p>\n<p>{{ nickname }}</p>\n<a href="{{ link }}">Join</a>');
    await page.getByText('HTML body: Unknown variable "nickname" on line 2').waitFor();
    await checkA11y(page, 'template editor with an error');
    await page
      .getByLabel('HTML body (Liquid)')
      .fill('<p>Hello from {{ organization.name }}!</p>\n<a href="{{ link }}">Join</a>');
    await page.getByText('Second chance: join Acme Training').waitFor();
    await page.getByLabel(/Use for every/).check();
    await shot(page, 'templates-editor');
    await page.getByRole('button', { name: 'Save template' }).click();
    await page.getByRole('cell', { name: 'Second chance', exact: true }).waitFor();
    await checkA11y(page, 'templates list');
  });

  it('resends selected invitations with a chosen template after a dry run', async () => {
    await page.getByRole('link', { name: 'People' }).click();
    await page.locator('tr[data-email="dana@example.com"]').waitFor();
    const before = smtp.messages.length;
    await page.locator('tbody input[type="checkbox"]').first().check();
    await page.locator('tbody input[type="checkbox"]').nth(1).check();
    await page.getByRole('button', { name: 'Resend selected…' }).click();
    const dialog = page.getByTestId('bulk-resend');
    await dialog.getByText('Will receive it (2)').waitFor();
    await checkA11y(page, 'bulk resend dialog');
    await dialog.getByLabel('Email template').selectOption({ label: 'Second chance (invitation)' });
    await shot(page, 'bulk-resend-dialog', { fullPage: false });
    await page.getByRole('button', { name: 'Send to 2' }).click();
    const progress = dialog.getByTestId('bulk-resend-progress');
    const bar = progress.getByRole('progressbar', { name: 'Bulk resend progress' });
    await bar.waitFor();
    expect(await bar.getAttribute('aria-valuemax')).toBe('2');
    await progress.getByRole('heading', { name: 'Finished' }).waitFor({ timeout: 20_000 });
    expect(await bar.getAttribute('aria-valuenow')).toBe('2');
    await progress.getByText('2 of 2 processed · 2 emails queued · 0 refused').waitFor();
    await checkA11y(page, 'bulk resend progress');
    await page.getByRole('button', { name: 'Done' }).click();
    const mail = await smtp.waitFor(
      (m) => m.to.includes('dana@example.com') && smtp.messages.indexOf(m) >= before,
      20_000,
    );
    expect(mail.subject).toBe('Second chance: join Template Works');
    expect(mail.html).toContain('Hello from Template Works!');
  });

  it('resets a template to the built-in content', async () => {
    await page.getByRole('link', { name: 'Email templates' }).click();
    await page.getByRole('button', { name: 'Edit Second chance' }).click();
    await page.getByRole('button', { name: 'Reset to default' }).click();
    await expect.poll(() => page.getByLabel('Subject').inputValue()).toContain('invited you to join');
    await page.getByRole('button', { name: 'Cancel' }).click();
  });
});
