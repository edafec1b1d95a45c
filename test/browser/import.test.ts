/**
 * Spreadsheet import in a real browser (issue 4): templates, upload by drag and drop, a preview
 * listing every problem with its row number, confirm, a progress bar that reaches the end, the
 * history with its results.csv; then an XLSX scheduled for later and cancelled before it goes.
 * Run with `npm run test:browser` (it builds the web app first).
 */
import ExcelJS from 'exceljs';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Runtime } from '../../src/runtime.ts';
import { apiCall, checkA11y, launchBrowser, shot, signedInOrganization, startServer } from './harness.ts';

const OWNER = { name: 'Ines Import' };
/** Four to invite, one invalid address, one unknown group, one duplicate (row 6 repeats row 2). */
const SPRING_CSV = [
  'email;groups;role',
  'kim@example.com;Spring cohort;learner',
  'lou@example.com;;',
  'broken-address;;',
  'max@example.com;Autumn cohort;',
  'kim@example.com;;',
  'noa@example.com;spring cohort;manager',
  'oli@example.com;;',
].join('\r\n');

let runtime: Runtime;
let browser: Browser;
let page: Page;
let baseUrl = '';

beforeAll(async () => {
  ({ runtime, baseUrl } = await startServer());
  browser = await launchBrowser();
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, acceptDownloads: true });
  context.setDefaultTimeout(15_000);
  page = await context.newPage();
});

afterAll(async () => {
  await browser?.close().catch(() => {});
  await runtime?.stop().catch(() => {});
});

const call = (method: string, path: string, body?: unknown) => apiCall(page, baseUrl, method, path, body);

/** An organization of the test's own with group "Spring cohort", its owner on the Import page. */
async function organizationOnImportPage(): Promise<string> {
  const { orgId } = await signedInOrganization({ runtime, baseUrl, page }, 'Import Academy', OWNER.name);
  expect((await call('POST', `/orgs/${orgId}/groups`, { name: 'Spring cohort' })).status).toBe(201);
  await page.goto(`${baseUrl}/o/${orgId}/people`);
  await page.getByRole('link', { name: 'Import', exact: true }).click();
  await page.getByRole('heading', { name: 'Import', exact: true }).waitFor();
  return orgId;
}

/** Drops a CSV file on the drop zone, as a real drag and drop with a DataTransfer carrying it. */
async function dropCsv(text: string, name: string): Promise<void> {
  await page.evaluate(
    ([content, fileName]) => {
      const dt = new DataTransfer();
      dt.items.add(new File([`\uFEFF${content}`], fileName!, { type: 'text/csv' }));
      const zone = document.querySelector('[data-testid="import-drop-zone"]')!;
      zone.dispatchEvent(new DragEvent('dragenter', { bubbles: true, cancelable: true, dataTransfer: dt }));
      zone.dispatchEvent(new DragEvent('drop', { bubbles: true, cancelable: true, dataTransfer: dt }));
    },
    [text, name],
  );
  await page.getByText(`Selected: ${name}`).waitFor();
}

describe('spreadsheet import in Chromium', () => {
  it('sets up an organization with a group', async () => {
    await organizationOnImportPage();
  });

  it('offers both templates, takes a dropped file and previews every problem with its row number', async () => {
    await organizationOnImportPage();
    for (const name of ['CSV template', 'XLSX template']) {
      const href = await page.getByRole('link', { name }).getAttribute('href');
      const res = await page.request.get(`${baseUrl}${href}`);
      expect(res.status(), name).toBe(200);
    }
    await checkA11y(page, 'import page (empty)');

    await dropCsv(SPRING_CSV, 'spring.csv');
    await page.getByRole('button', { name: 'Preview upload' }).click();
    const preview = page.getByTestId('import-preview');
    await preview.getByText('4 ready to invite').waitFor();
    // One line per kind of problem; the rows behind each come on demand.
    expect(await preview.locator('.problem-group').count()).toBe(3);
    await preview.getByText('1 invalid address').waitFor();
    // Each opened group's button turns into "Hide rows": the first "Show rows" is the next one.
    for (let i = 0; i < 3; i++)
      await preview
        .getByRole('button', { name: /Show rows/ })
        .first()
        .click();
    await expect.poll(() => preview.locator('tbody tr').count()).toBe(3);
    const rows = await preview.locator('tbody tr').allTextContents();
    expect(rows).toHaveLength(3);
    expect(rows[0]).toContain('4');
    expect(rows[0]).toMatch(/Row\s*4|^4/);
    expect(rows.join(' ')).toContain('Autumn cohort');
    expect(rows.join(' ')).toContain('row 2');
    await checkA11y(page, 'import preview');
    await shot(page, 'import-preview');
  });

  it('confirms; the progress bar reaches the end; the history links the results', async () => {
    const orgId = await organizationOnImportPage();
    await dropCsv(SPRING_CSV, 'spring.csv');
    await page.getByRole('button', { name: 'Preview upload' }).click();
    const preview = page.getByTestId('import-preview');
    await preview.getByText('4 ready to invite').waitFor();
    await preview.getByRole('button', { name: 'Invite 4 people' }).click();
    await page
      .getByRole('dialog', { name: 'Are you sure?' })
      .getByRole('button', { name: 'Send 4 invitations' })
      .click();
    const progress = page.getByTestId('import-progress');
    const bar = progress.getByRole('progressbar');
    await bar.waitFor();
    await expect.poll(() => bar.getAttribute('aria-valuenow'), { timeout: 30_000 }).toBe('7');
    expect(await bar.getAttribute('aria-valuemax')).toBe('7');
    await progress.getByRole('heading', { name: '3. Done' }).waitFor();
    expect(await progress.getByRole('status').textContent()).toMatch(/4 invited · 1 skipped · 2 failed/);
    await checkA11y(page, 'import done');
    await shot(page, 'import-done');

    const history = page.getByRole('table', { name: 'Earlier imports' });
    await history.getByRole('cell', { name: 'spring.csv', exact: true }).waitFor();
    expect(await history.textContent()).toContain(`by ${OWNER.name}`);
    const link = history.getByRole('link', { name: /Results/ }).first();
    const res = await page.request.get(`${baseUrl}${await link.getAttribute('href')}`);
    expect(res.status()).toBe(200);
    const text = await res.text();
    expect(text).toContain('row,email,outcome,code,reason,invitation_id');
    expect(text).toMatch(/2,kim@example\.com,created,,,[0-9a-f-]{36}/);
    expect(text).toContain('6,kim@example.com,skipped,duplicate');

    const people = await call('GET', `/orgs/${orgId}/invitations?limit=50`);
    expect(people.body.items.map((i: any) => i.email).sort()).toEqual([
      'kim@example.com',
      'lou@example.com',
      'noa@example.com',
      'oli@example.com',
    ]);
  });

  it('schedules an XLSX import for later and cancels its invitations before they go', async () => {
    const orgId = await organizationOnImportPage();
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet('People');
    ws.addRow(['Email', 'Groups']);
    ws.addRow(['pia@example.com', 'Spring cohort']);
    ws.addRow(['quinn@example.com', '']);
    const buffer = Buffer.from(await wb.xlsx.writeBuffer());
    await page.getByLabel('Spreadsheet file (CSV or XLSX)').setInputFiles({
      name: 'later.xlsx',
      mimeType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
      buffer,
    });
    await page.getByRole('button', { name: 'Preview upload' }).click();
    const preview = page.getByTestId('import-preview');
    await preview.getByText('2 ready to invite').waitFor();
    await preview.getByRole('radio', { name: 'At a time I choose' }).check();
    await checkA11y(page, 'import preview with a send time');
    await preview.getByRole('button', { name: 'Invite 2 people' }).click();
    await page
      .getByRole('dialog', { name: 'Are you sure?' })
      .getByRole('button', { name: 'Schedule 2 invitations' })
      .click();
    const progress = page.getByTestId('import-progress');
    await progress.getByRole('heading', { name: '3. Done' }).waitFor({ timeout: 30_000 });
    const scheduled = await call('GET', `/orgs/${orgId}/invitations?status=scheduled`);
    expect(scheduled.body.items.map((i: any) => i.email).sort()).toEqual([
      'pia@example.com',
      'quinn@example.com',
    ]);
    await progress.getByRole('button', { name: 'Cancel the scheduled invitations' }).click();
    await page.getByText('Cancelled 2 scheduled invitations.').waitFor();
    const after = await call('GET', `/orgs/${orgId}/invitations?status=scheduled`);
    expect(after.body.items).toHaveLength(0);
    await page
      .getByRole('table', { name: 'Earlier imports' })
      .getByRole('cell', { name: 'later.xlsx', exact: true })
      .waitFor();
    await checkA11y(page, 'import history');
  });
});
