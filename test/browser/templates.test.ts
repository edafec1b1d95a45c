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
import { apiCall, checkA11y, closeConsole, openConsole, shot, signedInOrganization } from './harness.ts';

const OWNER_NAME = 'Tara Templates';

let smtp: TestSmtpServer;
let runtime: Runtime;
let browser: Browser;
let page: Page;
let baseUrl = '';

beforeAll(async () => {
  smtp = await startSmtpServer();
  // Any bulk resend of two or more people goes to the background job: the dialog shows its progress.
  ({ runtime, baseUrl, browser, page } = await openConsole({
    env: { SMTP_URL: smtp.url },
    overrides: { bulkResendJobThreshold: 1 },
  }));
});

afterAll(async () => {
  await closeConsole({ browser, runtime });
  await smtp?.close().catch(() => {});
});

/** A JSON call with the page's session cookie and CSRF token. */
const call = (method: string, path: string, body?: unknown) => apiCall(page, baseUrl, method, path, body);

/** This test's own organization, its owner signed in, on its People page. */
async function ownOrganization(): Promise<string> {
  const { orgId } = await signedInOrganization({ runtime, baseUrl, page }, 'Template Works', OWNER_NAME);
  await page.goto(`${baseUrl}/o/${orgId}/people`);
  await page.getByRole('heading', { name: 'People' }).waitFor();
  return orgId;
}

/** An organization of the test's own whose invitations to Dana and Eli went out. */
async function organizationWithInvitations(): Promise<string> {
  const orgId = await ownOrganization();
  const before = smtp.messages.length;
  const res = await call('POST', `/orgs/${orgId}/invitations`, {
    emails: ['dana@example.com', 'eli@example.com'],
  });
  expect(res.status).toBe(201);
  await smtp.waitFor((m) => m.to.includes('eli@example.com') && smtp.messages.indexOf(m) >= before, 20_000);
  return orgId;
}

/** The "Second chance" invitation template the editor test writes, made through the API. */
async function secondChanceTemplate(orgId: string): Promise<void> {
  const res = await call('POST', `/orgs/${orgId}/templates`, {
    kind: 'invitation',
    locale: 'en',
    name: 'Second chance',
    subject: 'Second chance: join {{ organization.name }}',
    html: '<p>Hello from {{ organization.name }}!</p>\n<a href="{{ link }}">Join</a>',
    text: 'Hello from {{ organization.name }}! Join: {{ link }}',
    isDefault: true,
  });
  expect(res.status, JSON.stringify(res.body)).toBe(201);
}

describe('email templates and bulk resend in Chromium', () => {
  it('sets up an organization with two invitations', async () => {
    await organizationWithInvitations();
  });

  it('writes a template with a live preview; an unknown variable is shown with its line', async () => {
    await ownOrganization();
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
    // The preview's sample carries the organization's own name.
    await page.getByText('Second chance: join Template Works').waitFor();
    await page.getByLabel(/Use for every/).check();
    await shot(page, 'templates-editor');
    await page.getByRole('button', { name: 'Save template' }).click();
    await page.getByRole('cell', { name: 'Second chance', exact: true }).waitFor();
    await checkA11y(page, 'templates list');
  });

  it('resends selected invitations with a chosen template after a dry run', async () => {
    await secondChanceTemplate(await organizationWithInvitations());
    await page.reload();
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
    await secondChanceTemplate(await ownOrganization());
    await page.getByRole('link', { name: 'Email templates' }).click();
    await page.getByRole('button', { name: 'Edit Second chance' }).click();
    await page.getByRole('button', { name: 'Reset to default' }).click();
    await expect.poll(() => page.getByLabel('Subject').inputValue()).toContain('invited you to join');
    await page.getByRole('button', { name: 'Cancel' }).click();
  });

  it('writes a template per language: the Japanese one starts from the built-in Japanese email and previews in Japanese', async () => {
    // Beside an English template, so the language filter has something to leave out.
    await secondChanceTemplate(await ownOrganization());
    await page.getByRole('link', { name: 'Email templates' }).click();
    await page.getByRole('cell', { name: 'Second chance', exact: true }).waitFor();
    await page.getByRole('button', { name: 'New template' }).click();
    await page.getByLabel('Kind of email').selectOption('invitation');
    await page.getByLabel('Language', { exact: true }).selectOption('ja');
    await expect.poll(() => page.getByLabel('Subject').inputValue()).toContain('への招待が届いています');
    await page.getByRole('heading', { name: 'Preview in 日本語' }).waitFor();
    const frame = page.frameLocator('iframe.email-frame');
    await frame.getByText('招待を承諾する').waitFor();
    expect(await frame.locator('html').getAttribute('lang')).toBe('ja');
    await page.getByLabel('Template name').fill('ようこそ');
    await page.getByLabel(/Use for every invitation email in 日本語/).check();
    await checkA11y(page, 'template editor in Japanese');
    await page.getByRole('button', { name: 'Save template' }).click();
    const row = page.getByRole('row', { name: /ようこそ/ });
    await row.getByRole('cell', { name: '日本語' }).waitFor();

    await page.getByLabel('Show templates in').selectOption('ja');
    await expect.poll(() => page.locator('tbody tr').count()).toBe(1);
    await page.getByLabel('Show templates in').selectOption('');
    await expect.poll(() => page.locator('tbody tr').count()).toBe(2);

    // The page's own words follow the reader's language.
    const url = new URL(page.url());
    url.searchParams.set('lang', 'ja');
    await page.goto(url.toString());
    await page.getByRole('heading', { name: 'メールテンプレート' }).waitFor();
    await page.getByRole('columnheader', { name: '言語' }).waitFor();
    await checkA11y(page, 'templates list in Japanese');
  });
});
