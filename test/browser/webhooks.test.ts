/**
 * Outgoing webhooks in the console: add an endpoint (its secret shown once added), see a failed
 * delivery with the receiver's answer, redeliver it, rotate the secret, edit and disable; axe
 * clean at 1280 and 375 px.
 */
import { createHmac } from 'node:crypto';
import { once } from 'node:events';
import { createServer, type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Browser, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { Runtime } from '../../src/runtime.ts';
import {
  apiCall,
  checkA11y,
  closeConsole,
  freePort,
  openConsole,
  shot,
  signedInOrganization,
} from './harness.ts';

const OWNER_NAME = 'Wanda Webhook';
const FAILING = { status: 500, body: 'boom: receiver down' };

let runtime: Runtime;
let browser: Browser;
let page: Page;
let baseUrl = '';
let hookUrl = '';
let answer = FAILING;
const received: { headers: IncomingHttpHeaders; body: string }[] = [];
const receiver = createServer((req, res) => {
  let body = '';
  req.on('data', (c) => (body += c));
  req.on('end', () => {
    received.push({ headers: req.headers, body });
    res.statusCode = answer.status;
    res.end(answer.body);
  });
});

beforeAll(async () => {
  receiver.listen(await freePort(), '127.0.0.1');
  await once(receiver, 'listening');
  const port = (receiver.address() as AddressInfo).port;
  hookUrl = `http://127.0.0.1:${port}/beckon`;
  ({ runtime, baseUrl, browser, page } = await openConsole({
    timeoutMs: 15_000,
    env: { WEBHOOK_ALLOWED_HOSTS: `127.0.0.1:${port}` },
  }));
});

// The redelivery test makes the receiver answer 200; the next test starts with it failing again.
afterEach(async () => {
  answer = FAILING;
  await page.setViewportSize({ width: 1280, height: 900 });
});

afterAll(async () => {
  await closeConsole({ browser, runtime });
  receiver.close();
});

const call = (method: string, path: string, body?: unknown) => apiCall(page, baseUrl, method, path, body);
const endpointRow = () => page.locator(`tr[data-url="${hookUrl}"]`);

/** This test's own organization, its owner signed in on the page. */
async function ownOrganization(): Promise<string> {
  return (await signedInOrganization({ runtime, baseUrl, page }, 'Hook Academy', OWNER_NAME)).orgId;
}

/** An endpoint for invitation.created added through the API, on the Webhooks page; answers its secret. */
async function withEndpoint(orgId: string): Promise<string> {
  const res = await call('POST', `/orgs/${orgId}/webhooks`, { url: hookUrl, events: ['invitation.created'] });
  expect(res.status, JSON.stringify(res.body)).toBe(201);
  await page.goto(`${baseUrl}/o/${orgId}/webhooks`);
  await page.getByRole('heading', { name: 'Webhooks', level: 1 }).waitFor();
  await endpointRow().waitFor();
  return res.body.secret;
}

describe('webhooks page in Chromium', () => {
  it('adds an endpoint for chosen events and shows its signing secret', async () => {
    await page.goto(`${baseUrl}/o/${await ownOrganization()}/people`);
    await page.getByRole('link', { name: 'Webhooks' }).click();
    await page.getByRole('heading', { name: 'Webhooks', level: 1 }).waitFor();
    await checkA11y(page, 'webhooks (empty)');
    await page.getByRole('button', { name: 'Add endpoint' }).click();
    const dialog = page.getByRole('dialog', { name: 'Add an endpoint' });
    await dialog.getByLabel('Endpoint URL').fill(hookUrl);
    await dialog.getByRole('radio', { name: 'Only these:' }).check();
    await dialog.getByRole('checkbox', { name: 'invitation.created' }).check();
    await checkA11y(page, 'add endpoint dialog');
    await dialog.getByRole('button', { name: 'Add endpoint' }).click();
    const shown = page.getByRole('dialog', { name: 'Signing secret' });
    const secret = (await shown.getByTestId('webhook-secret').textContent()) ?? '';
    expect(secret).toMatch(/^whsec_/);
    await shown.getByRole('button', { name: 'Done' }).click();
    expect(await endpointRow().textContent()).toContain('invitation.created');
  });

  it('lists a failed delivery with the answer, and redelivers it', async () => {
    const orgId = await ownOrganization();
    const secret = await withEndpoint(orgId);
    expect(
      (await call('POST', `/orgs/${orgId}/invitations`, { emails: ['hooked@example.com'] })).status,
    ).toBe(201);
    const deliveries = page.getByTestId('webhook-deliveries');
    await expect
      .poll(
        async () => {
          await page.reload();
          await endpointRow()
            .getByRole('button', { name: /Deliveries/ })
            .click();
          await deliveries.getByRole('heading').waitFor();
          return deliveries.locator('tbody tr').count();
        },
        { timeout: 30_000, interval: 1000 },
      )
      .toBe(1);
    const row = deliveries.locator('tbody tr').first();
    await expect.poll(() => row.locator('td[data-label="Status"]').textContent()).toBe('Failed');
    await row.getByText('HTTP 500').click();
    expect(await row.locator('pre').textContent()).toBe('boom: receiver down');
    await checkA11y(page, 'webhook deliveries with a failure');
    await shot(page, 'webhooks-deliveries');

    answer = { status: 200, body: 'thanks' };
    const before = received.length;
    await row.getByRole('button', { name: /Redeliver/ }).click();
    await expect
      .poll(() => row.locator('td[data-label="Status"]').textContent(), { timeout: 30_000 })
      .toBe('Delivered');
    const last = received.slice(before).at(-1)!;
    const [t, v] = String(last.headers['x-beckon-signature']).split(',');
    expect(v).toBe(
      `v1=${createHmac('sha256', secret)
        .update(`${t!.slice(2)}.${last.body}`)
        .digest('hex')}`,
    );
  });

  it('rotates the secret, edits the events and disables the endpoint', async () => {
    const orgId = await ownOrganization();
    const secret = await withEndpoint(orgId);
    await endpointRow()
      .getByRole('button', { name: `Actions for ${hookUrl}` })
      .click();
    await page.getByRole('menuitem', { name: 'Rotate signing secret' }).click();
    await page
      .getByRole('dialog', { name: 'Rotate the signing secret?' })
      .getByRole('button', { name: 'Rotate secret' })
      .click();
    const fresh = page.getByRole('dialog', { name: 'New signing secret' });
    const rotated = await fresh.getByTestId('webhook-secret').textContent();
    expect(rotated).toMatch(/^whsec_/);
    expect(rotated).not.toBe(secret);
    await fresh.getByRole('button', { name: 'Done' }).click();
    expect((await call('GET', `/orgs/${orgId}/webhooks`)).body.items[0]).toMatchObject({ enabled: true });

    await endpointRow()
      .getByRole('button', { name: `Actions for ${hookUrl}` })
      .click();
    await page.getByRole('menuitem', { name: 'Edit' }).click();
    const edit = page.getByRole('dialog', { name: 'Edit endpoint' });
    await edit.getByRole('radio', { name: /Every event/ }).check();
    await edit.getByRole('button', { name: 'Save' }).click();
    await expect
      .poll(() => endpointRow().locator('td[data-label="Events"]').textContent())
      .toBe('Every event');

    await endpointRow()
      .getByRole('button', { name: `Actions for ${hookUrl}` })
      .click();
    await page.getByRole('menuitem', { name: 'Disable' }).click();
    await expect.poll(() => endpointRow().locator('td[data-label="State"]').textContent()).toBe('Disabled');
    expect((await call('GET', `/orgs/${orgId}/webhooks`)).body.items[0]).toMatchObject({ enabled: false });
  });

  it('works at 375 px', async () => {
    await withEndpoint(await ownOrganization());
    await page.setViewportSize({ width: 375, height: 800 });
    await page.reload();
    await endpointRow().waitFor();
    expect(await page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth)).toBe(true);
    await checkA11y(page, 'webhooks at 375 px');
    await page.getByRole('button', { name: 'Add endpoint' }).click();
    const box = await page.getByRole('dialog', { name: 'Add an endpoint' }).boundingBox();
    expect(box!.x).toBeGreaterThanOrEqual(0);
    expect(box!.x + box!.width).toBeLessThanOrEqual(375);
    await checkA11y(page, 'add endpoint dialog at 375 px');
    await shot(page, 'webhooks-375');
  });
});
