/**
 * A group's page: assign and remove its managers, its pending invitations with the actions that
 * apply (resend, cancel), its members; each list searchable and filtered; axe clean at 1280 and
 * 375 px.
 */
import type { Browser, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { Runtime } from '../../src/runtime.ts';
import { apiCall, checkA11y, closeConsole, openConsole, shot, signedInOrganization } from './harness.ts';

const OWNER_NAME = 'Gina Groups';

let runtime: Runtime;
let browser: Browser;
let page: Page;
let baseUrl = '';
let academies = 0;

beforeAll(async () => {
  ({ runtime, baseUrl, browser, page } = await openConsole({ timeoutMs: 15_000 }));
});

// The 375 px test leaves the next one at desktop width, even when it fails.
afterEach(() => page.setViewportSize({ width: 1280, height: 900 }));

afterAll(() => closeConsole({ browser, runtime }));

const call = (method: string, path: string, body?: unknown) => apiCall(page, baseUrl, method, path, body);

/** Invites and accepts in a separate browser context, so the owner's session stays. */
async function member(orgId: string, email: string, name: string, role: string, groupIds: string[]) {
  const inv = (await call('POST', `/orgs/${orgId}/invitations`, { emails: [email], role, groupIds })).body;
  const { url } = (await call('GET', `/orgs/${orgId}/invitations/${inv.invitations[0].id}/link`)).body;
  const other = await browser.newContext();
  const res = await other.request.post(`${baseUrl}/api/v1/invitations/${url.split('/invite/')[1]}/accept`, {
    data: { name, password: 'a-long-enough-passphrase' },
  });
  expect(res.status()).toBe(201);
  await other.close();
}

/**
 * An organization of the test's own: group Sales (learner Lee, three pending invitations) and
 * group Ops (manager Mia, one invitation); its owner signed in on the page. Mia and Lee get
 * addresses of this organization's own, since accounts are shared by the whole server.
 */
async function groupAcademy() {
  const { orgId } = await signedInOrganization({ runtime, baseUrl, page }, 'Group Academy', OWNER_NAME);
  const n = ++academies;
  const mia = `mia.${n}@example.com`;
  const salesId = (await call('POST', `/orgs/${orgId}/groups`, { name: 'Sales', trainings: ['Pitching'] }))
    .body.id;
  const opsId = (await call('POST', `/orgs/${orgId}/groups`, { name: 'Ops' })).body.id;
  await member(orgId, mia, 'Mia Manager', 'manager', [opsId]);
  await member(orgId, `lee.${n}@example.com`, 'Lee Learner', 'learner', [salesId]);
  for (const email of ['ann@example.com', 'bob@example.com', 'zed@example.com'])
    await call('POST', `/orgs/${orgId}/invitations`, { emails: [email], groupIds: [salesId] });
  await call('POST', `/orgs/${orgId}/invitations`, { emails: ['other@example.com'], groupIds: [opsId] });
  return { orgId, salesId, mia };
}

/** Opens the group Sales from the groups list. */
async function openSales(orgId: string): Promise<void> {
  await page.goto(`${baseUrl}/o/${orgId}/groups`);
  await page.getByRole('link', { name: 'Sales' }).click();
  await page.getByRole('heading', { name: 'Sales', level: 1 }).waitFor();
}

describe("a group's page in Chromium", () => {
  it('opens from the groups list', async () => {
    const { orgId } = await groupAcademy();
    await openSales(orgId);
    await page.getByText('This group has no manager.').waitFor();
    await checkA11y(page, 'group page');
  });

  it('assigns a manager and removes them', async () => {
    const { orgId, salesId } = await groupAcademy();
    await openSales(orgId);
    await page.getByText('This group has no manager.').waitFor();
    await page.getByLabel('Add a manager').fill('mia');
    await checkA11y(page, 'group page, manager search');
    await page.getByRole('button', { name: 'Make manager Mia Manager' }).click();
    const list = page.getByTestId('group-manager-list');
    await expect.poll(() => list.textContent()).toContain('Mia Manager');
    expect((await call('GET', `/orgs/${orgId}/groups/${salesId}`)).body.managerIds).toHaveLength(1);
    await list.getByRole('button', { name: 'Remove Mia Manager as manager' }).click();
    await page.getByText('This group has no manager.').waitFor();
    expect((await call('GET', `/orgs/${orgId}/groups/${salesId}`)).body.managerIds).toEqual([]);
    await page.getByLabel('Add a manager').fill('lee');
    await page.getByRole('list', { name: 'Members found' }).getByText('No one found.').waitFor();
    await page.getByLabel('Add a manager').fill('mia');
    await page.getByRole('button', { name: 'Make manager Mia Manager' }).click();
    await expect.poll(() => list.textContent()).toContain('Mia Manager');
  });

  it('lists its invitations, searchable, with resend and cancel', async () => {
    await openSales((await groupAcademy()).orgId);
    const table = page.getByTestId('group-invitations');
    await expect.poll(() => table.locator('tbody tr').count()).toBe(3);
    expect(await table.textContent()).not.toContain('other@example.com');
    await page.getByLabel('Search invitations into Sales').fill('zed');
    await expect.poll(() => table.locator('tbody tr').count()).toBe(1);
    const zed = table.locator('tr[data-email="zed@example.com"]');
    await zed.getByRole('button', { name: 'Actions for zed@example.com' }).click();
    await page.getByRole('menuitem', { name: 'Resend invite' }).click();
    await page.getByText('Invitation resent to zed@example.com').waitFor();
    await zed.getByRole('button', { name: 'Actions for zed@example.com' }).click();
    await page.getByRole('menuitem', { name: 'Cancel invite' }).click();
    await page
      .getByRole('dialog', { name: 'Cancel this invitation?' })
      .getByRole('button', { name: 'Cancel invite' })
      .click();
    await expect.poll(() => zed.locator('td[data-label="Status"]').textContent()).toBe('Cancelled');
    await page.getByLabel('Search invitations into Sales').fill('');
    await page.getByLabel('Invitation status').selectOption({ label: 'All' });
    await expect.poll(() => table.locator('tbody tr').count()).toBe(4);
    await checkA11y(page, 'group page, invitations');
  });

  it('lists its members with their manager, filtered by status', async () => {
    // Mia manages Sales as well as Ops: a member of the group through managing it.
    const { orgId, salesId, mia } = await groupAcademy();
    const members = (await call('GET', `/orgs/${orgId}/members`)).body.items as Array<{
      id: string;
      email: string;
    }>;
    const miaId = members.find((m) => m.email === mia)!.id;
    expect(
      (await call('PUT', `/orgs/${orgId}/groups/${salesId}/managers`, { memberIds: [miaId] })).status,
    ).toBe(200);
    await openSales(orgId);
    const table = page.getByTestId('group-members');
    await expect.poll(() => table.locator('tbody tr').count()).toBe(2);
    expect(await table.locator(`tr[data-email="${mia}"]`).textContent()).toContain('Manager of the group');
    await page.getByLabel('Search members of Sales').fill('lee');
    await expect.poll(() => table.locator('tbody tr').count()).toBe(1);
    await page.getByLabel('Member status').selectOption({ label: 'Deactivated' });
    await page.getByText('No member matches.').waitFor();
    await page.getByLabel('Member status').selectOption({ label: 'All' });
    await page.getByLabel('Search members of Sales').fill('');
    await shot(page, 'group-page');
  });

  it('works at 375 px', async () => {
    await openSales((await groupAcademy()).orgId);
    await page.setViewportSize({ width: 375, height: 800 });
    await page.reload();
    await page.getByTestId('group-members').waitFor();
    expect(await page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth)).toBe(true);
    await checkA11y(page, 'group page at 375 px');
    await shot(page, 'group-page-375');
  });
});
