/**
 * Role changes ask for confirmation and say what Owner or Admin grants; a learner does not see
 * "Create organization" unless the instance allows it.
 */
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Runtime } from '../../src/runtime.ts';
import { apiCall, checkA11y, closeConsole, openConsole, shot, signedInOrganization } from './harness.ts';

const OWNER_NAME = 'Rita Roles';

let runtime: Runtime;
let browser: Browser;
let page: Page;
let baseUrl = '';
let learners = 0;

beforeAll(async () => {
  ({ runtime, baseUrl, browser, page } = await openConsole({ timeoutMs: 15_000 }));
});

afterAll(() => closeConsole({ browser, runtime }));

const call = (method: string, path: string, body?: unknown) => apiCall(page, baseUrl, method, path, body);

/** This test's own organization, its owner signed in on the page. */
async function ownOrganization(): Promise<string> {
  return (await signedInOrganization({ runtime, baseUrl, page }, 'Role Academy', OWNER_NAME)).orgId;
}

/**
 * An organization of the test's own with learner Lee, signed in in a browser context of his own;
 * his address is this organization's own, since accounts are shared by the whole server.
 */
async function organizationWithLearner(): Promise<{
  orgId: string;
  learnerId: string;
  learnerContext: BrowserContext;
}> {
  const orgId = await ownOrganization();
  const email = `lee.${++learners}@example.com`;
  const inv = (await call('POST', `/orgs/${orgId}/invitations`, { emails: [email] })).body;
  const { url } = (await call('GET', `/orgs/${orgId}/invitations/${inv.invitations[0].id}/link`)).body;
  const learnerContext = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  const res = await learnerContext.request.post(
    `${baseUrl}/api/v1/invitations/${url.split('/invite/')[1]}/accept`,
    { data: { name: 'Lee Learner', password: 'a-long-enough-passphrase' } },
  );
  expect(res.status()).toBe(201);
  const members = (await call('GET', `/orgs/${orgId}/members?q=lee`)).body.items;
  return { orgId, learnerId: members[0].id, learnerContext };
}

describe('roles in Chromium', () => {
  it('sets up an organization with a learner', async () => {
    const { learnerContext } = await organizationWithLearner();
    await learnerContext.close();
  });

  it('asks before a role change, saying what Admin grants; keeping the role changes nothing', async () => {
    const { orgId, learnerId, learnerContext } = await organizationWithLearner();
    await learnerContext.close();
    await page.goto(`${baseUrl}/o/${orgId}/people?tab=members`);
    await page.getByLabel('Role of Lee Learner').selectOption('admin');
    const dialog = page.getByRole('dialog', { name: 'Make Lee Learner Admin?' });
    expect(await dialog.getByTestId('role-change-grants').textContent()).toMatch(
      /Everything except ownership/,
    );
    await checkA11y(page, 'role change to admin');
    await shot(page, 'role-change-admin');
    await dialog.getByRole('button', { name: 'Keep current role' }).click();
    expect(await page.getByLabel('Role of Lee Learner').inputValue()).toBe('learner');
    expect((await call('GET', `/orgs/${orgId}/members/${learnerId}`)).body.role).toBe('learner');

    await page.getByLabel('Role of Lee Learner').selectOption('hr');
    await page
      .getByRole('dialog', { name: 'Make Lee Learner HR?' })
      .getByRole('button', { name: 'Make HR' })
      .click();
    await expect
      .poll(async () => (await call('GET', `/orgs/${orgId}/members/${learnerId}`)).body.role)
      .toBe('hr');
    await page.getByLabel('Role of Lee Learner').selectOption('learner');
    await page
      .getByRole('dialog', { name: 'Make Lee Learner Learner?' })
      .getByRole('button', { name: 'Make Learner' })
      .click();
    await expect
      .poll(async () => (await call('GET', `/orgs/${orgId}/members/${learnerId}`)).body.role)
      .toBe('learner');
  });

  it('the invite dialog says what Owner and Admin grant', async () => {
    const orgId = await ownOrganization();
    await page.goto(`${baseUrl}/o/${orgId}/people`);
    await page.getByRole('button', { name: 'Invite people' }).first().click();
    const dialog = page.getByRole('dialog', { name: 'Invite people' });
    expect(await dialog.getByTestId('role-grant').count()).toBe(0);
    await dialog.getByLabel('Role').selectOption('owner');
    expect(await dialog.getByTestId('role-grant').textContent()).toMatch(/Owner.*Full control/);
    await dialog.getByLabel('Role').selectOption('admin');
    expect(await dialog.getByTestId('role-grant').textContent()).toMatch(
      /Admin.*Everything except ownership/,
    );
    await checkA11y(page, 'invite dialog naming an admin');
  });

  it('hides "Create organization" from a learner; an owner still has it', async () => {
    const { orgId, learnerContext } = await organizationWithLearner();
    await page.goto(`${baseUrl}/o/${orgId}/people`);
    await page.getByRole('heading', { name: 'People' }).waitFor();
    const learner = await learnerContext.newPage();
    await learner.goto(`${baseUrl}/o/${orgId}`);
    await learner.getByRole('heading', { name: 'My trainings' }).waitFor();
    const options = await learner.getByLabel('Organization').locator('option').allTextContents();
    expect(options.join('|')).not.toContain('Create organization');
    await checkA11y(learner, 'learner home');
    const owner = await page.getByLabel('Organization').locator('option').allTextContents();
    expect(owner.join('|')).toContain('Create organization');
    await learnerContext.close();
  });
});
