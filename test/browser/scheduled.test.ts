/**
 * Scheduled work in a real browser: a bulk resend scheduled from the console shows as scheduled in
 * the "Bulk resends" history, is moved (a time in the past is refused with the server's message)
 * and cancelled; the history pages with "Load more"; an import confirmed with a send time is moved
 * from the "Earlier imports" table. axe runs on each new state.
 * Run with `npm run test:browser` (it builds the web app first).
 */
import type { Browser, Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Runtime } from '../../src/runtime.ts';
import { apiCall, checkA11y, closeConsole, openConsole, shot, signedInOrganization } from './harness.ts';

const OWNER = { name: 'Sam Scheduler' };
const HOUR = 3600_000;

let runtime: Runtime;
let browser: Browser;
let page: Page;
let baseUrl = '';

beforeAll(async () => {
  // One- and two-character searches look through 2 invitations a call here (10,000 normally).
  ({ runtime, baseUrl, browser, page } = await openConsole({
    timeoutMs: 15_000,
    overrides: { shortTermScan: 2 },
  }));
});

afterAll(() => closeConsole({ browser, runtime }));

const call = (method: string, path: string, body?: unknown) => apiCall(page, baseUrl, method, path, body);

/** A time `fromNowMs` away, as the browser sees it: the datetime-local value, its ISO form and how the console prints it. */
async function browserTime(fromNowMs: number): Promise<{ input: string; iso: string; shown: string }> {
  return page.evaluate((ms) => {
    const d = new Date(Date.now() + ms);
    d.setSeconds(0, 0);
    const pad = (n: number) => String(n).padStart(2, '0');
    return {
      input: `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}T${pad(d.getHours())}:${pad(d.getMinutes())}`,
      iso: d.toISOString(),
      shown: d.toLocaleString('en-GB', { dateStyle: 'medium', timeStyle: 'short' }),
    };
  }, fromNowMs);
}

/** This test's own organization, its owner signed in, on its People page. */
async function ownOrganization(): Promise<string> {
  const { orgId } = await signedInOrganization({ runtime, baseUrl, page }, 'Schedule Academy', OWNER.name);
  await page.goto(`${baseUrl}/o/${orgId}/people`);
  await page.getByRole('heading', { name: 'People' }).waitFor();
  return orgId;
}

/** An organization of the test's own with three pending invitations, shown on its People page. */
async function organizationWithPendingInvitations(): Promise<{ orgId: string; ids: string[] }> {
  const orgId = await ownOrganization();
  const created = await call('POST', `/orgs/${orgId}/invitations`, {
    emails: ['ada@example.com', 'bo@example.com', 'cy@example.com'],
  });
  expect(created.status, JSON.stringify(created.body)).toBe(201);
  await page.reload();
  await page.locator('tr[data-email="cy@example.com"]').waitFor();
  return { orgId, ids: created.body.invitations.map((i: { id: string }) => i.id) };
}

/** A bulk resend of the invitations scheduled at `sendAt`, made through the API; answers its id. */
async function scheduleBulkResend(orgId: string, ids: string[], sendAt: string): Promise<string> {
  const r = await call('POST', `/orgs/${orgId}/invitations/bulk-resend`, { ids, sendAt });
  expect(r.body, JSON.stringify(r.body)).toMatchObject({ status: 'scheduled', queued: 0 });
  return r.body.bulkResendId;
}

const history = () => page.getByRole('table', { name: 'Bulk resends, newest first' });
const runRow = (id: string): Locator => page.locator(`tr[data-run-id="${id}"]`);
const runStatus = (id: string) => runRow(id).locator('td[data-label="Status"]');

describe('scheduled bulk resends and imports in Chromium', () => {
  it('sets up an organization with three pending invitations', async () => {
    await organizationWithPendingInvitations();
    // Nothing ran in the background yet: the history is there, closed.
    const toggle = page.getByRole('button', { name: 'Bulk resends', exact: true });
    expect(await toggle.getAttribute('aria-expanded')).toBe('false');
    await toggle.click();
    await page.getByText('No bulk resend has run in the background yet.').waitFor();
    await checkA11y(page, 'invitations with an empty bulk resend history');
    await toggle.click();
    expect(await toggle.getAttribute('aria-expanded')).toBe('false');
  });

  it('schedules a bulk resend from the console: the dialog says so and the history lists it', async () => {
    const { orgId } = await organizationWithPendingInvitations();
    const linksBefore = await call('GET', `/orgs/${orgId}/invitations?status=pending`);
    await page
      .getByRole('group', { name: 'Filter by status' })
      .getByRole('button', { name: 'Invite pending' })
      .click();
    await page.getByRole('button', { name: 'Resend all matching…' }).click();
    const dialog = page.getByRole('dialog', { name: 'Resend invitation email' });
    await dialog.getByRole('heading', { name: 'Will receive it (3)' }).waitFor();
    await dialog.getByRole('radio', { name: 'At a time I choose' }).check();
    const at = await browserTime(2 * HOUR);
    await dialog.getByLabel('Send at (your local time)').fill(at.input);
    await dialog.getByRole('button', { name: 'Schedule to 3' }).click();
    const scheduled = dialog.getByTestId('bulk-resend-scheduled');
    await scheduled.getByRole('heading', { name: 'Scheduled' }).waitFor();
    const said = await scheduled.getByRole('status').textContent();
    expect(said).toContain(`Scheduled for ${at.shown}`);
    expect(said).toContain('Nothing is sent and no link changes until then');
    await checkA11y(page, 'bulk resend dialog: scheduled');
    await shot(page, 'bulk-resend-scheduled');
    await dialog.getByRole('button', { name: 'Done' }).click();
    await dialog.waitFor({ state: 'detached' });

    const runs = await call('GET', `/orgs/${orgId}/invitations/bulk-resends`);
    expect(runs.body.items).toHaveLength(1);
    const runId: string = runs.body.items[0].id;
    expect(runs.body.items[0]).toMatchObject({ status: 'scheduled', total: 3, sent: 0, sendAt: at.iso });
    // Nothing changed: the same invitations, each sent once.
    const linksAfter = await call('GET', `/orgs/${orgId}/invitations?status=pending`);
    expect(linksAfter.body.items.map((i: any) => i.sentCount)).toEqual(
      linksBefore.body.items.map((i: any) => i.sentCount),
    );

    // The history opened by itself on the new run.
    const toggle = page.getByRole('button', { name: 'Bulk resends', exact: true });
    expect(await toggle.getAttribute('aria-expanded')).toBe('true');
    await runRow(runId).waitFor();
    expect(await runStatus(runId).textContent()).toBe(`Scheduledfor ${at.shown}`);
    expect(await runRow(runId).locator('td[data-label="Sent"]').textContent()).toBe('0 / 3');
    expect(await runRow(runId).locator('td[data-label="Started"]').textContent()).toContain(
      `by ${OWNER.name}`,
    );
    expect(await runRow(runId).locator('td[data-label="Send time"]').textContent()).toBe(at.shown);
    await checkA11y(page, 'invitations with a scheduled bulk resend');
    await shot(page, 'bulk-resend-history');
  });

  it('moves it: a past time is refused in the dialog, a future one is saved', async () => {
    const { orgId, ids } = await organizationWithPendingInvitations();
    const scheduled = await browserTime(2 * HOUR);
    const runId = await scheduleBulkResend(orgId, ids, scheduled.iso);
    await page.reload();
    await runRow(runId)
      .getByRole('button', { name: /^Change send time/ })
      .click();
    const dialog = page.getByRole('dialog', { name: 'Change send time' });
    const input = dialog.getByLabel('Send at (your local time)');
    // The dialog starts at the run's own time, however many minutes have passed since.
    expect(await input.inputValue()).toBe(scheduled.input);
    const past = await browserTime(-HOUR);
    await input.fill(past.input);
    await dialog.getByRole('button', { name: 'Save' }).click();
    await expect.poll(() => dialog.getByRole('alert').textContent()).toContain('has already passed');
    expect(await input.getAttribute('aria-invalid')).toBe('true');
    await checkA11y(page, 'change send time with an error');

    const later = await browserTime(26 * HOUR);
    await input.fill(later.input);
    await dialog.getByRole('button', { name: 'Save' }).click();
    await dialog.waitFor({ state: 'detached' });
    await expect.poll(() => runStatus(runId).textContent()).toBe(`Scheduledfor ${later.shown}`);
    await page.getByText(`Bulk resend moved to ${later.shown}.`).first().waitFor();
    const run = await call('GET', `/orgs/${orgId}/invitations/bulk-resends/${runId}`);
    expect(run.body).toMatchObject({ status: 'scheduled', sendAt: later.iso });
  });

  it('cancels it after a confirmation; the status text follows and the actions go', async () => {
    const { orgId, ids } = await organizationWithPendingInvitations();
    const runId = await scheduleBulkResend(orgId, ids, (await browserTime(2 * HOUR)).iso);
    await page.reload();
    await runRow(runId)
      .getByRole('button', { name: /^Cancel/ })
      .click();
    const confirm = page.getByRole('dialog', { name: 'Cancel this bulk resend?' });
    expect(await confirm.textContent()).toContain('Nothing is sent to the 3 people selected');
    // "Keep it" leaves it scheduled.
    await confirm.getByRole('button', { name: 'Keep it' }).click();
    await confirm.waitFor({ state: 'detached' });
    expect(await runStatus(runId).textContent()).toMatch(/^Scheduled/);

    await runRow(runId)
      .getByRole('button', { name: /^Cancel/ })
      .click();
    await confirm.getByRole('button', { name: 'Cancel the bulk resend' }).click();
    await confirm.waitFor({ state: 'detached' });
    await expect.poll(() => runStatus(runId).textContent()).toMatch(new RegExp(`^Cancelledby ${OWNER.name}`));
    expect(await runRow(runId).getByRole('button').count()).toBe(0);
    const run = await call('GET', `/orgs/${orgId}/invitations/bulk-resends/${runId}`);
    expect(run.body).toMatchObject({ status: 'cancelled', sent: 0, cancelledBy: OWNER.name });
    await checkA11y(page, 'bulk resend history after a cancel');
  });

  it('pages the history newest first with "Load more"', async () => {
    const { orgId, ids } = await organizationWithPendingInvitations();
    // The oldest of eleven runs is the one "Load more" brings.
    const runId = await scheduleBulkResend(orgId, ids, new Date(Date.now() + 2 * HOUR).toISOString());
    const made: string[] = [];
    for (let n = 0; n < 10; n++)
      made.push(
        await scheduleBulkResend(
          orgId,
          [ids[n % ids.length]!],
          new Date(Date.now() + (3 + n) * HOUR).toISOString(),
        ),
      );
    await page.reload();
    // Scheduled runs wait: the history is open on arrival.
    const toggle = page.getByRole('button', { name: 'Bulk resends', exact: true });
    await expect.poll(() => toggle.getAttribute('aria-expanded')).toBe('true');
    await runRow(made[9]!).waitFor();
    const rows = history().locator('tbody tr');
    expect(await rows.count()).toBe(10);
    expect(await rows.first().getAttribute('data-run-id')).toBe(made[9]);
    await page.getByRole('button', { name: 'Load more bulk resends' }).click();
    await runRow(runId).waitFor();
    expect(await rows.count()).toBe(11);
    expect(await rows.last().getAttribute('data-run-id')).toBe(runId);
    expect(await page.getByRole('button', { name: 'Load more bulk resends' }).count()).toBe(0);
  });

  it('follows a scheduled run when its time comes: the history shows it done without a reload', async () => {
    const { orgId } = await organizationWithPendingInvitations();
    const pending = await call('GET', `/orgs/${orgId}/invitations?status=pending`);
    const sendAt = new Date(Date.now() + 3000).toISOString();
    const res = await call('POST', `/orgs/${orgId}/invitations/bulk-resend`, {
      ids: pending.body.items.map((i: any) => i.id),
      sendAt,
    });
    expect(res.body.status).toBe('scheduled');
    const id: string = res.body.bulkResendId;
    await page.reload();
    await runRow(id).waitFor();
    expect(await runStatus(id).textContent()).toMatch(/^Scheduled/);
    // The worker starts it at its time; the page looks again then and follows it to the end.
    await expect.poll(() => runStatus(id).textContent(), { timeout: 30_000 }).toMatch(/^Done/);
    expect(await runRow(id).locator('td[data-label="Sent"]').textContent()).toBe('3 / 3');
  });

  it('searches one or two characters a slice at a time, with "Search further"', async () => {
    const { orgId } = await organizationWithPendingInvitations();
    const all = await call('GET', `/orgs/${orgId}/invitations?limit=50`);
    const oldest: string = all.body.items.at(-1).email;
    const term = oldest.slice(0, 2);
    await page.goto(`${baseUrl}/o/${orgId}/people?q=${term}`);
    await page.getByText('No match yet among the invitations searched so far.').waitFor();
    await page.getByTestId('partial-search').waitFor();
    await checkA11y(page, 'invitations: a short search, partly done');
    await page.getByRole('button', { name: 'Search further' }).click();
    await page.locator(`tr[data-email="${oldest}"]`).waitFor();
    expect(await page.getByTestId('partial-search').count()).toBe(0);
    expect(await page.getByRole('button', { name: 'Search further' }).count()).toBe(0);
  });

  it('moves a scheduled import from the history of imports', async () => {
    const orgId = await ownOrganization();
    await page.getByRole('link', { name: 'Import', exact: true }).click();
    await page.getByRole('heading', { name: 'Import', exact: true }).waitFor();
    await page.getByLabel('Spreadsheet file (CSV or XLSX)').setInputFiles({
      name: 'later.csv',
      mimeType: 'text/csv',
      buffer: Buffer.from('email\r\ndee@example.com\r\neli@example.com\r\n'),
    });
    await page.getByRole('button', { name: 'Preview upload' }).click();
    const preview = page.getByTestId('import-preview');
    await preview.getByText('2 ready to invite').waitFor();
    await preview.getByRole('radio', { name: 'At a time I choose' }).check();
    const first = await browserTime(3 * HOUR);
    await preview.getByLabel('Send at (your local time)').fill(first.input);
    await preview.getByRole('button', { name: 'Invite 2 people' }).click();
    await page
      .getByRole('dialog', { name: 'Are you sure?' })
      .getByRole('button', { name: 'Schedule 2 invitations' })
      .click();
    const progress = page.getByTestId('import-progress');
    await progress.getByRole('heading', { name: '3. Done' }).waitFor({ timeout: 30_000 });
    expect(await progress.getByRole('status').textContent()).toContain(`sending ${first.shown}`);

    const imports = page.getByRole('table', { name: 'Earlier imports' });
    const row = imports.locator('tr', { has: page.getByRole('cell', { name: 'later.csv', exact: true }) });
    await expect
      .poll(() => row.locator('td[data-label="Status"]').textContent())
      .toBe(`DoneScheduled for ${first.shown}`);
    await checkA11y(page, 'import history with a scheduled import');

    await row.getByRole('button', { name: 'Change send time of later.csv' }).click();
    const dialog = page.getByRole('dialog', { name: 'Change send time' });
    const input = dialog.getByLabel('Send at (your local time)');
    expect(await input.inputValue()).toBe(first.input);
    const moved = await browserTime(50 * HOUR);
    await input.fill(moved.input);
    await dialog.getByRole('button', { name: 'Save' }).click();
    await dialog.waitFor({ state: 'detached' });
    await page.getByText(`Send time changed: 2 invitations will be sent ${moved.shown}.`).waitFor();
    await expect
      .poll(() => row.locator('td[data-label="Status"]').textContent())
      .toBe(`DoneScheduled for ${moved.shown}`);
    // The panel of the import just confirmed follows too.
    expect(await progress.getByRole('status').textContent()).toContain(`sending ${moved.shown}`);

    const scheduled = await call('GET', `/orgs/${orgId}/invitations?status=scheduled`);
    expect(scheduled.body.items.map((i: any) => [i.email, i.sendAt]).sort()).toEqual([
      ['dee@example.com', moved.iso],
      ['eli@example.com', moved.iso],
    ]);
    await checkA11y(page, 'import history after a move');
    await shot(page, 'import-moved');

    // Cancelled, it can no longer be moved.
    await progress.getByRole('button', { name: 'Cancel the scheduled invitations' }).click();
    await page.getByText('Cancelled 2 scheduled invitations.').waitFor();
    await expect.poll(() => row.getByRole('button', { name: /Change send time/ }).count()).toBe(0);
    expect(await progress.getByRole('button', { name: 'Change send time' }).count()).toBe(0);
  });
});
