/**
 * The template editor's preview in a real browser (issue 13, item 12): the HTML email at real
 * email width (600 px, and 375 px at a toggle) in a sandboxed frame, with the organization's own
 * name, the person previewing as inviter and a clickable link; the variables reference never
 * breaks a token across lines, at 1280 and at 375 px. axe on both.
 * Run with `npm run test:browser` (it builds the web app first).
 */
import type { Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import {
  type ConsoleSession,
  checkA11y,
  closeConsole,
  openConsole,
  shot,
  signedInOrganization,
} from './harness.ts';

const OWNER_NAME = 'Priya Preview';

let session: ConsoleSession;
let page: Page;

beforeAll(async () => {
  session = await openConsole();
  page = session.page;
});
// The 375 px test leaves the next one at desktop width, even when it fails.
afterEach(() => page.setViewportSize({ width: 1280, height: 900 }));
afterAll(() => closeConsole(session));

/** This test's own organization, its owner writing the "Welcome" invitation template in the editor. */
async function editingWelcome(): Promise<void> {
  const { orgId } = await signedInOrganization(session, 'Northwind Academy', OWNER_NAME);
  await page.goto(`${session.baseUrl}/o/${orgId}/people`);
  await page.getByRole('link', { name: 'Email templates' }).click();
  await page.getByRole('button', { name: 'New template' }).click();
  await page.getByLabel('Kind of email').selectOption('invitation');
  await page.getByLabel('Template name').fill('Welcome');
  await page.getByLabel('Subject').fill('{{ inviter.name }} invites you to {{ organization.name }}');
  await page
    .getByLabel('HTML body (Liquid)')
    .fill(
      '<p>{{ inviter.name }} invited you to {{ organization.name }} as {{ invitation.role }}.</p>\n<p><a href="{{ link }}">Accept the invitation</a></p>',
    );
  await page.getByText('Priya Preview invites you to Northwind Academy').waitFor();
  await page.frameLocator('iframe.email-frame').getByText('Accept the invitation').waitFor();
}

/** The preview frame's width and what its document holds. */
async function frameState() {
  const frame = page.locator('iframe.email-frame');
  const box = await frame.boundingBox();
  const sandbox = await frame.getAttribute('sandbox');
  const inner = page.frameLocator('iframe.email-frame');
  const link = inner.locator('a[href*="/invite/"]').first();
  return {
    width: Math.round(box!.width),
    sandbox: sandbox ?? '',
    text: (await inner.locator('body').textContent()) ?? '',
    href: await link.getAttribute('href'),
  };
}

/** Every variable token renders on one line (one client rect, no wider than its own text). */
async function tokensOnOneLine() {
  return page.evaluate(() =>
    [...document.querySelectorAll<HTMLElement>('.var-token')].map((el) => ({
      text: el.textContent,
      lines: el.getClientRects().length,
      height: el.getBoundingClientRect().height,
      lineHeight: Number.parseFloat(getComputedStyle(el).lineHeight) || 0,
    })),
  );
}

describe('template preview at email width in Chromium', () => {
  it('shows the email at 600 px with the organization, the inviter and a clickable link', async () => {
    await editingWelcome();

    const desktop = await frameState();
    expect(desktop.width).toBe(600);
    expect(desktop.text).toContain('Priya Preview invited you to Northwind Academy as learner.');
    expect(desktop.href).toBe(`${session.baseUrl}/invite/example-link-shown-in-previews`);
    // Nothing in the frame runs; its links may open a tab of their own.
    expect(desktop.sandbox).not.toContain('allow-scripts');
    expect(desktop.sandbox).toContain('allow-popups');
    await checkA11y(page, 'template editor: preview at 600 px');
    await shot(page, 'template-preview-600');

    await page.getByRole('button', { name: 'Phone (375 px)' }).click();
    expect(await page.getByRole('button', { name: 'Phone (375 px)' }).getAttribute('aria-pressed')).toBe(
      'true',
    );
    expect((await frameState()).width).toBe(375);
  });

  it('keeps every variable token on one line, at 1280 and at 375 px', async () => {
    await editingWelcome();
    await page.getByRole('button', { name: 'Phone (375 px)' }).click();
    const wide = await tokensOnOneLine();
    expect(wide.length).toBeGreaterThan(5);
    expect(wide.map((t) => t.text)).toContain('{{ invitation.expires_at_iso }}');
    for (const t of wide) expect(t.lines, `${t.text} at 1280 px`).toBe(1);

    await page.setViewportSize({ width: 375, height: 800 });
    await page.locator('.var-token').first().scrollIntoViewIfNeeded();
    const narrow = await tokensOnOneLine();
    for (const t of narrow) {
      expect(t.lines, `${t.text} at 375 px`).toBe(1);
      // One line high: the token did not wrap inside its own box either.
      if (t.lineHeight) expect(t.height, `${t.text} at 375 px`).toBeLessThan(t.lineHeight * 1.5);
    }
    // The phone-width email is shown whole at 375 px: its frame is 375 px, scrolled if needed.
    expect((await frameState()).width).toBe(375);
    await checkA11y(page, 'template editor at 375 px');
    await shot(page, 'template-preview-375');
  });
});
