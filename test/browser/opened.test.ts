/**
 * Opened, and by whom or what, in a real browser: the invitee opening the link in Chromium is
 * recorded as "viewed"; the same link fetched by a plain HTTP client (a mail scanner) is recorded
 * as a link check, not an open. Both show in the console's invitation history.
 * Run with `npm run test:browser` (it builds the web app first).
 */
import { sql } from 'kysely';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LinkCheckJob } from '../../src/invitations/public-service.ts';
import type { Runtime } from '../../src/runtime.ts';
import { apiCall, checkA11y, closeConsole, openConsole, shot, signedInOrganization } from './harness.ts';

let runtime: Runtime;
let browser: Browser;
let page: Page;
let baseUrl = '';

beforeAll(async () => {
  ({ runtime, baseUrl, browser, page } = await openConsole());
});

afterAll(() => closeConsole({ browser, runtime }));

const call = (method: string, path: string, body?: unknown) => apiCall(page, baseUrl, method, path, body);

async function inviteWithLink(orgId: string, email: string) {
  const res = await call('POST', `/orgs/${orgId}/invitations`, { emails: [email] });
  expect(res.status).toBe(201);
  const id = res.body.invitations[0].id as string;
  const link = await call('GET', `/orgs/${orgId}/invitations/${id}/link`);
  return { id, url: link.body.url as string };
}

const types = async (orgId: string, id: string) =>
  ((await call('GET', `/orgs/${orgId}/invitations/${id}`)).body.events as Array<{ type: string }>).map(
    (e) => e.type,
  );

/** Runs the delayed check now, as its job will when the grace has passed. */
async function runLinkCheck(id: string): Promise<boolean> {
  const r = await sql<{ data: LinkCheckJob }>`
    SELECT data FROM pgboss.job WHERE name = 'invitation.link-check' AND data->>'invitationId' = ${id}`.execute(
    runtime.services.db,
  );
  expect(r.rows).toHaveLength(1);
  return runtime.services.invitationLinks.recordLinkCheck(r.rows[0]!.data);
}

/**
 * The test's own organization with two invitations: one opened by the invitee in a browser of
 * their own (no console session), one fetched by a mail scanner that never runs the page. The
 * delayed link check has run for both; what it decided is returned.
 */
async function openedAndScanned() {
  const { orgId } = await signedInOrganization({ runtime, baseUrl, page }, 'Opened Works', 'Orla Opened');
  const person = await inviteWithLink(orgId, 'pat@example.com');
  const scanned = await inviteWithLink(orgId, 'sam@example.com');
  const invitee = await (await browser.newContext()).newPage();
  await invitee.goto(person.url);
  await invitee.getByRole('heading', { name: /Opened Works/ }).waitFor();
  await expect.poll(() => types(orgId, person.id)).toContain('viewed');
  const fetched = await fetch(scanned.url, { headers: { 'user-agent': 'SafeLinks/1.0' } });
  expect(fetched.status).toBe(200);
  const checked = { scanned: await runLinkCheck(scanned.id), person: await runLinkCheck(person.id) };
  return { orgId, person, scanned, checked, invitee };
}

describe('opened, and by whom or what, in Chromium', () => {
  it('an open in the browser is "viewed"; a plain HTTP fetch is a scanner check', async () => {
    const { orgId, person, scanned, checked, invitee } = await openedAndScanned();
    // Opening the page again still shows it.
    await invitee.reload();
    await invitee.getByRole('heading', { name: /Opened Works/ }).waitFor();

    expect(checked).toEqual({ scanned: true, person: false });
    expect(await types(orgId, person.id)).toEqual(['created', 'sent', 'link_copied', 'viewed']);
    expect(await types(orgId, scanned.id)).toEqual(['created', 'sent', 'link_copied', 'link_checked']);
    for (const id of [person.id, scanned.id])
      expect((await call('GET', `/orgs/${orgId}/invitations/${id}`)).body.status).toBe('pending');
  });

  it('the console shows both in the invitation history', async () => {
    const { orgId, person, scanned } = await openedAndScanned();
    await page.goto(`${baseUrl}/o/${orgId}/invitations/${scanned.id}`);
    await page.getByText('Link checked by a mail scanner', { exact: true }).waitFor();
    await page.getByText('not opened by a person', { exact: false }).waitFor();
    expect(await page.getByText('Opened in a browser', { exact: true }).count()).toBe(0);
    await checkA11y(page, 'invitation history with a link check');
    await shot(page, 'invitation-link-checked');
    await page.goto(`${baseUrl}/o/${orgId}/invitations/${person.id}`);
    await page.getByText('Opened in a browser', { exact: true }).waitFor();
    expect(await page.getByText('Link checked by a mail scanner', { exact: true }).count()).toBe(0);
  });
});
