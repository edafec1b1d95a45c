/**
 * Delivery you can fix, in Chromium: problems grouped by domain and server answer, "Correct
 * address and resend" from the delivery page and from the people list, and the sending-domain
 * page with its DNS records and test email. Failures come from a real SMTP server refusing
 * recipients; axe-clean at 1280 and 375 px.
 */
import type { Browser, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { Runtime } from '../../src/runtime.ts';
import { startSmtpServer, type TestSmtpServer } from '../helpers/smtp.ts';
import { apiCall, checkA11y, closeConsole, openConsole, shot, signedInOrganization } from './harness.ts';

const OWNER_NAME = 'Dana Delivery';
const BAD = ['ann@gone.example', 'bob@gone.example'];
const GOOD = 'cyd@fine.example';

let smtp: TestSmtpServer;
let runtime: Runtime;
let browser: Browser;
let page: Page;
let baseUrl = '';

beforeAll(async () => {
  smtp = await startSmtpServer();
  for (const a of BAD) smtp.rejectRecipient(a, 550, `5.1.1 <${a}>: Recipient address rejected`);
  ({ runtime, baseUrl, browser, page } = await openConsole({
    timeoutMs: 15_000,
    env: { SMTP_URL: smtp.url, MAIL_FROM: 'Beckon <no-reply@mail.delivery.test>' },
  }));
});

// A test that narrows the page leaves the next one at desktop width, even when it fails.
afterEach(() => page.setViewportSize({ width: 1280, height: 900 }));

afterAll(async () => {
  await closeConsole({ browser, runtime });
  await smtp?.close();
});

const call = (method: string, path: string, body?: unknown) => apiCall(page, baseUrl, method, path, body);
const overflowing = (p: Page) =>
  p.evaluate(() => document.documentElement.scrollWidth > document.documentElement.clientWidth);

/** This test's own organization, its owner signed in on the page. */
const ownOrganization = () =>
  signedInOrganization({ runtime, baseUrl, page }, 'Delivery Academy', OWNER_NAME);

/** An organization of the test's own whose invitations to BAD failed and to GOOD went out. */
async function organizationWithFailures(): Promise<string> {
  const { orgId } = await ownOrganization();
  const res = await call('POST', `/orgs/${orgId}/invitations`, { emails: [...BAD, GOOD] });
  expect(res.status).toBe(201);
  await expect
    .poll(async () => (await call('GET', `/orgs/${orgId}/delivery/problems`)).body.total, {
      timeout: 20_000,
    })
    .toBe(2);
  return orgId;
}

/** The dialog's box lies wholly inside the viewport. */
async function insideViewport(p: Page, name: string) {
  const box = await p.getByRole('dialog', { name }).boundingBox();
  const vp = p.viewportSize()!;
  expect(box).not.toBeNull();
  expect(box!.x).toBeGreaterThanOrEqual(0);
  expect(box!.y).toBeGreaterThanOrEqual(0);
  expect(box!.x + box!.width).toBeLessThanOrEqual(vp.width);
  expect(box!.y + box!.height).toBeLessThanOrEqual(vp.height);
}

describe('delivery you can fix', () => {
  it('groups failures by domain and answer; correcting one sends to the new address', async () => {
    const orgId = await organizationWithFailures();
    await page.goto(`${baseUrl}/o/${orgId}/delivery`);
    await expect.poll(() => page.getByTestId('delivery-total').textContent()).toMatch(/2 open invitations/);
    const domains = page.getByTestId('groups-domain');
    expect(await domains.locator('tbody tr').first().textContent()).toMatch(/gone\.example.*2/);
    const answers = page.getByTestId('groups-answer');
    expect(await answers.locator('tbody tr').first().textContent()).toMatch(
      /<address>: Recipient address rejected.*550 5\.1\.1.*2/,
    );
    await checkA11y(page, 'delivery page');
    await shot(page, 'delivery-page');

    await answers.getByRole('button', { name: /Recipient address rejected/ }).click();
    const list = page.getByTestId('problem-invitations');
    await expect.poll(() => list.locator('tbody tr').count()).toBe(2);
    await list.getByRole('button', { name: `Correct address of ${BAD[0]}` }).click();
    const dialog = page.getByRole('dialog', { name: 'Correct address and resend' });
    expect(await dialog.textContent()).toMatch(/could not be delivered: 550 5\.1\.1/);
    await checkA11y(page, 'correct address dialog');
    await dialog.getByLabel('Corrected address').fill('ann@fine.example');
    await dialog.getByRole('button', { name: 'Correct and resend' }).click();
    await page.getByText('Invitation sent to ann@fine.example').waitFor();
    await expect.poll(() => list.locator('tbody tr').count()).toBe(1);
    await expect
      .poll(() => page.getByTestId('delivery-total').textContent())
      .toMatch(/1 open invitation has/);
    const mail = await smtp.waitFor((m) => m.to.includes('ann@fine.example'));
    expect(mail.subject).toContain('Delivery Academy');
  });

  it('works at 375 px: nothing overflows, the dialog stays inside the screen', async () => {
    const orgId = await organizationWithFailures();
    await page.setViewportSize({ width: 375, height: 740 });
    await page.goto(`${baseUrl}/o/${orgId}/delivery`);
    await page.getByTestId('delivery-total').waitFor();
    expect(await overflowing(page)).toBe(false);
    await checkA11y(page, 'delivery page at 375 px');
    await page.getByTestId('groups-domain').getByRole('button', { name: 'gone.example' }).click();
    await page
      .getByTestId('problem-invitations')
      .getByRole('button', { name: `Correct address of ${BAD[1]}` })
      .click();
    await insideViewport(page, 'Correct address and resend');
    await checkA11y(page, 'correct address dialog at 375 px');
    await shot(page, 'delivery-correct-375');
    await page.getByRole('dialog').getByRole('button', { name: 'Cancel' }).click();
    await page.setViewportSize({ width: 1280, height: 900 });
  });

  it('the sending-domain page lists SPF, DKIM and DMARC and sends a test email to oneself', async () => {
    const { orgId, email } = await ownOrganization();
    await page.goto(`${baseUrl}/o/${orgId}/sending-domain`);
    const dkim = page.locator('[data-purpose="dkim"]');
    await dkim.waitFor();
    expect(await dkim.textContent()).toMatch(/_domainkey\.mail\.delivery\.test.*v=DKIM1; k=rsa; p=/);
    expect(await page.locator('[data-purpose="spf"]').textContent()).toMatch(/v=spf1/);
    expect(await page.locator('[data-purpose="dmarc"]').textContent()).toMatch(
      /_dmarc\.mail\.delivery\.test/,
    );
    await checkA11y(page, 'sending domain page');
    await page.getByRole('button', { name: 'Send a test email' }).click();
    await page.getByText(`Test email sent to ${email}`).waitFor();
    const mail = await smtp.waitFor((m) => m.to.includes(email) && /test email/.test(m.subject));
    expect(mail.raw).toMatch(/^DKIM-Signature: .*d=mail\.delivery\.test/m);
    await shot(page, 'sending-domain');

    await page.setViewportSize({ width: 375, height: 740 });
    expect(await overflowing(page)).toBe(false);
    await checkA11y(page, 'sending domain page at 375 px');
    await page.setViewportSize({ width: 1280, height: 900 });
  });
  it('from People: a failed row offers "Correct address and resend"; both timelines link each other', async () => {
    const orgId = await organizationWithFailures();
    const old = (await call('GET', `/orgs/${orgId}/invitations?q=${encodeURIComponent(BAD[1]!)}`)).body
      .items[0];
    await page.goto(`${baseUrl}/o/${orgId}/people`);
    const row = page.locator(`tr[data-email="${BAD[1]}"]`);
    await row.getByRole('button', { name: `Actions for ${BAD[1]}` }).click();
    await page.getByRole('menuitem', { name: 'Correct address and resend' }).click();
    const dialog = page.getByRole('dialog', { name: 'Correct address and resend' });
    await dialog.getByLabel('Corrected address').fill('bob@fine.example');
    await dialog.getByRole('button', { name: 'Correct and resend' }).click();
    await page.getByText('Invitation sent to bob@fine.example').waitFor();
    await smtp.waitFor((m) => m.to.includes('bob@fine.example'));

    await page.goto(`${baseUrl}/o/${orgId}/invitations/${old.id}`);
    const note = page.getByTestId('correction-note');
    expect(await note.textContent()).toMatch(/Address corrected: a new invitation went to bob@fine\.example/);
    await checkA11y(page, 'timeline of a corrected invitation');
    await note.getByRole('link', { name: 'bob@fine.example' }).click();
    await expect
      .poll(() => page.getByTestId('correction-note').textContent())
      .toMatch(new RegExp(`Corrected address of the invitation to ${BAD[1]!.replace('.', '\\.')}`));
  });

  it("the invite dialog sets a shorter expiry and refuses one beyond the organization's", async () => {
    const { orgId } = await ownOrganization();
    await page.goto(`${baseUrl}/o/${orgId}/people`);
    await page.getByRole('button', { name: 'Invite people' }).first().click();
    const dialog = page.getByRole('dialog', { name: 'Invite people' });
    await dialog.getByLabel('Email addresses').fill('eve@fine.example');
    const expiry = dialog.getByLabel('Link expires after (days, optional)');
    await expiry.fill('99');
    await dialog.getByText("Choose between 1 and 7 days (this organization's longest expiry).").waitFor();
    await checkA11y(page, 'invite dialog with an expiry beyond the maximum');
    await expiry.fill('3');
    await dialog.getByRole('button', { name: /^Send 1 invitation/ }).click();
    await expect
      .poll(
        async () =>
          (await call('GET', `/orgs/${orgId}/invitations?q=eve%40fine.example`)).body.items[0]?.expiresInDays,
      )
      .toBe(3);
  });
});
