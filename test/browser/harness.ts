/** Shared by the browser tests: a real listening server on 127.0.0.1, Chromium, axe. */
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { type Browser, chromium, type Locator, type Page } from 'playwright-core';
import { expect } from 'vitest';
import { loadConfig } from '../../src/config/config.ts';
import { organizationRepository } from '../../src/organizations/repository.ts';
import { type Runtime, type RuntimeOverrides, startRuntime } from '../../src/runtime.ts';
import { hashPassword } from '../../src/security/passwords.ts';
import { TEST_PASSWORD_HASH_COST } from '../helpers/app.ts';
import { openTestDatabase } from '../helpers/database.ts';

export const ROOT = join(import.meta.dirname, '..', '..');
export const SHOTS = join(ROOT, 'test-results', 'browser');
const AXE = join(ROOT, 'node_modules', 'axe-core', 'axe.min.js');
const CHROMIUM = process.env.CHROMIUM_PATH || '/usr/bin/chromium';

/** Real time plus an offset the test can move forward (expiry without waiting a week). */
export class ShiftedClock {
  offsetMs = 0;
  now(): Date {
    return new Date(Date.now() + this.offsetMs);
  }
  advanceDays(days: number): void {
    this.offsetMs += days * 86_400_000;
  }
}

export async function freePort(): Promise<number> {
  const srv = createServer();
  await new Promise<void>((resolve) => srv.listen(0, '127.0.0.1', resolve));
  const port = (srv.address() as { port: number }).port;
  await new Promise<void>((resolve) => srv.close(() => resolve()));
  return port;
}

/** Starts the whole service (API + built console) listening on a free loopback port; APP_URL points at it. */
export async function startServer(
  env: Record<string, string> = {},
  overrides: Pick<RuntimeOverrides, 'bulkResendJobThreshold' | 'shortTermScan'> = {},
): Promise<{ runtime: Runtime; baseUrl: string; clock: ShiftedClock }> {
  if (!existsSync(join(ROOT, 'dist', 'web', 'index.html'))) {
    throw new Error('Run `npm run build:web` first (npm run test:browser does).');
  }
  mkdirSync(SHOTS, { recursive: true });
  const port = await freePort();
  const baseUrl = `http://127.0.0.1:${port}`;
  const config = loadConfig({
    NODE_ENV: 'test',
    SECRET_KEY: 'browser-test-secret-0123456789abcdef0123456789',
    APP_URL: baseUrl,
    PORT: String(port),
    LOG_LEVEL: process.env.TEST_LOG_LEVEL ?? 'silent',
    RESEND_COOLDOWN_SECONDS: '0',
    PASSWORD_HASH_COST: TEST_PASSWORD_HASH_COST,
    ...env,
  });
  const clock = new ShiftedClock();
  const runtime = await startRuntime(config, { ...overrides, database: await openTestDatabase(), clock });
  await runtime.app.listen({ port, host: '127.0.0.1' });
  return { runtime, baseUrl, clock };
}

export function launchBrowser(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
}

export const axeReport: string[] = [];

/** Runs axe on the page as it is now; fails on any serious or critical violation. */
export async function checkA11y(p: Page, name: string): Promise<void> {
  await p.waitForLoadState('networkidle').catch(() => {});
  if (!(await p.evaluate(() => 'axe' in window))) await p.addScriptTag({ path: AXE });
  const violations = await p.evaluate(async () => {
    const axe = (window as any).axe;
    const result = await axe.run(document, { resultTypes: ['violations'] });
    return result.violations
      .filter((v: any) => v.impact === 'serious' || v.impact === 'critical')
      .map((v: any) => ({
        id: v.id,
        impact: v.impact,
        help: v.help,
        nodes: v.nodes.slice(0, 3).map((n: any) => `${n.target.join(' ')} — ${n.failureSummary}`),
      }));
  });
  axeReport.push(name);
  expect(violations, `axe on ${name}: ${JSON.stringify(violations, null, 2)}`).toEqual([]);
}

/** A screenshot in test-results/browser; toasts are dismissed first unless asked to keep them. */
export async function shot(
  p: Page,
  name: string,
  options: { fullPage?: boolean; keepToasts?: boolean } = {},
): Promise<void> {
  if (!options.keepToasts) {
    // Dismisses every toast (one that arrives meanwhile too) until none is left on the page.
    await p.waitForFunction(() => {
      for (const b of document.querySelectorAll<HTMLButtonElement>('.toast button')) b.click();
      return !document.querySelector('.toast');
    });
  }
  await p.screenshot({ path: join(SHOTS, `${name}.png`), fullPage: options.fullPage ?? true });
}

/**
 * Waits for `locator`; when it does not come, fails with what the page showed instead (its address
 * and text) and keeps a screenshot `failed-<name>.png`, so a failure seen only in CI says why.
 */
export async function waitOrShow(p: Page, locator: Locator, name: string, timeout = 30_000): Promise<void> {
  try {
    await locator.waitFor({ timeout });
  } catch (error) {
    const text = await p
      .locator('body')
      .innerText()
      .catch(() => '(no text)');
    await p.screenshot({ path: join(SHOTS, `failed-${name}.png`), fullPage: true }).catch(() => {});
    throw new Error(`${(error as Error).message}\nThe page (${p.url()}) showed:\n${text.slice(0, 2000)}`);
  }
}

export function linkIn(text: string, path: 'invite' | 'join' | 'reset-password'): string {
  // Right-to-left emails isolate links with U+2066…U+2069: they are not part of the address.
  const m = new RegExp(`https?://[^\\s"<>\\]\u2066-\u2069]+/${path}/[^\\s"<>\\]\u2066-\u2069]+`).exec(text);
  if (!m) throw new Error(`no /${path}/ link in email:\n${text}`);
  return m[0];
}

/** An API call as the console makes it: the page's session cookie and its CSRF token. */
export async function apiCall(page: Page, baseUrl: string, method: string, path: string, body?: unknown) {
  const session = await page.request.get(`${baseUrl}/api/v1/session`);
  const { csrfToken } = await session.json();
  const res = await page.request.fetch(`${baseUrl}/api/v1${path}`, {
    method,
    headers: { 'x-csrf-token': csrfToken, 'content-type': 'application/json' },
    data: body === undefined ? undefined : JSON.stringify(body),
  });
  return { status: res.status(), body: await res.json().catch(() => null) };
}

/** The setup page as a newcomer fills it in; returns the new organization's id (from the URL). */
export async function setUpOrganization(
  page: Page,
  baseUrl: string,
  organization: string,
  owner: { name: string; email: string; password: string },
): Promise<string> {
  await page.goto(baseUrl);
  await page.waitForURL('**/setup');
  await page.getByLabel('Organization name').fill(organization);
  await page.getByLabel('Your name').fill(owner.name);
  await page.getByLabel('Email address').fill(owner.email);
  await page.getByLabel('Password', { exact: true }).fill(owner.password);
  await page.getByRole('button', { name: 'Create organization' }).click();
  await page.waitForURL(/\/o\/[0-9a-f-]+\/people/);
  return /\/o\/([0-9a-f-]+)\//.exec(page.url())![1]!;
}

/**
 * An organization of the test's own, its owner signed in on the page: made in the database and
 * through the API rather than the setup page, so each test starts from what it needs in a few
 * milliseconds and no test depends on another having run.
 */
export async function signedInOrganization(
  session: Pick<ConsoleSession, 'runtime' | 'baseUrl' | 'page'>,
  organization: string,
  ownerName: string,
): Promise<{ orgId: string; email: string; password: string }> {
  const email = `owner.${randomBytes(4).toString('hex')}@example.com`;
  const password = 'amber-river-stone-7';
  const passwordHash = await hashPassword(password);
  const now = new Date();
  const orgId = await session.runtime.services.db.transaction().execute(async (trx) => {
    const org = await organizationRepository.insert(trx, organization, now);
    const user = await organizationRepository.insertUser(trx, {
      email,
      name: ownerName,
      password_hash: passwordHash,
      now,
    });
    await organizationRepository.insertMember(trx, { org_id: org.id, user_id: user.id, role: 'owner', now });
    return org.id;
  });
  // Whoever the previous test signed in leaves: the page starts with no session of its own.
  await session.page.context().clearCookies();
  const signIn = await session.page.request.post(`${session.baseUrl}/api/v1/session`, {
    data: { email, password },
  });
  if (signIn.status() !== 200) throw new Error(`sign-in failed: ${signIn.status()} ${await signIn.text()}`);
  return { orgId, email, password };
}

/** A running Beckon and a Chromium page on it at desktop size: what most browser test files start with. */
export interface ConsoleSession {
  runtime: Runtime;
  baseUrl: string;
  clock: ShiftedClock;
  browser: Browser;
  page: Page;
}

/** `env` and `overrides` go to startServer; the page is 1280 px wide and `height` tall. */
export async function openConsole(
  options: {
    timeoutMs?: number;
    height?: number;
    env?: Record<string, string>;
    overrides?: Parameters<typeof startServer>[1];
  } = {},
): Promise<ConsoleSession> {
  const { runtime, baseUrl, clock } = await startServer(options.env, options.overrides);
  const browser = await launchBrowser();
  const context = await browser.newContext({ viewport: { width: 1280, height: options.height ?? 900 } });
  context.setDefaultTimeout(options.timeoutMs ?? 10_000);
  return { runtime, baseUrl, clock, browser, page: await context.newPage() };
}

export async function closeConsole(
  session: Partial<Pick<ConsoleSession, 'browser' | 'runtime'>>,
): Promise<void> {
  await session.browser?.close().catch(() => {});
  await session.runtime?.stop().catch(() => {});
}
