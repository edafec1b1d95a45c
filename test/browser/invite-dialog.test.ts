/**
 * The invite dialog counts only what it will send, clears messages that no longer apply, and
 * "Invite more" starts clean.
 */
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Runtime } from '../../src/runtime.ts';
import { apiCall, checkA11y, closeConsole, openConsole, signedInOrganization } from './harness.ts';

const OWNER_NAME = 'Ivy Invites';

let runtime: Runtime;
let browser: Browser;
let page: Page;
let baseUrl = '';

beforeAll(async () => {
  ({ runtime, baseUrl, browser, page } = await openConsole({ timeoutMs: 15_000 }));
});

afterAll(() => closeConsole({ browser, runtime }));

/** This test's own organization, its owner signed in, on its People page. */
async function ownOrganization(): Promise<string> {
  const { orgId } = await signedInOrganization({ runtime, baseUrl, page }, 'Invite Academy', OWNER_NAME);
  await page.goto(`${baseUrl}/o/${orgId}/people`);
  await page.getByRole('heading', { name: 'People' }).waitFor();
  return orgId;
}

describe('the invite dialog in Chromium', () => {
  it('counts only the addresses it will send', async () => {
    const orgId = await ownOrganization();
    await apiCall(page, baseUrl, 'POST', `/orgs/${orgId}/invitations`, { emails: ['old@example.com'] });
    await page.reload();
    await page.getByRole('button', { name: 'Invite people' }).first().click();
    const dialog = page.getByRole('dialog', { name: 'Invite people' });
    await dialog
      .getByLabel('Email addresses')
      .fill('amy@example.com not-an-address old@example.com ben@example.com');
    const send = dialog.getByRole('button', { name: /^Send \d+ invitation/ });
    await expect.poll(() => send.textContent()).toBe('Send 2 invitations');
    expect(await dialog.getByTestId('invite-count-note').textContent()).toBe(
      '2 of 4 addresses have a problem and will not be invited.',
    );
    await checkA11y(page, 'invite dialog with problems');

    // A message about the form as it was goes once the form changes.
    await dialog.getByRole('radio', { name: 'At a time I choose' }).check();
    await dialog.getByLabel('Send at (your local time)').fill('2020-01-01T09:00');
    await dialog.getByRole('button', { name: 'Schedule 2 invitations' }).click();
    const alert = dialog.getByRole('alert');
    await expect.poll(() => alert.textContent()).toMatch(/has already passed/);
    await dialog.getByRole('radio', { name: 'Now' }).check();
    await expect.poll(() => alert.count()).toBe(0);

    await send.click();
    const result = page.getByTestId('invite-result');
    await result.getByText('Invited (2)', { exact: true }).waitFor();
  });

  it('"Invite more" starts clean', async () => {
    // The form is left full: addresses with a problem, a role other than the default, an alert.
    await ownOrganization();
    await page.getByRole('button', { name: 'Invite people' }).first().click();
    const dialog = page.getByRole('dialog', { name: 'Invite people' });
    await dialog.getByLabel('Email addresses').fill('amy@example.com not-an-address');
    await dialog.getByLabel('Role').selectOption('hr');
    await dialog.getByRole('radio', { name: 'At a time I choose' }).check();
    await dialog.getByLabel('Send at (your local time)').fill('2020-01-01T09:00');
    await dialog.getByRole('button', { name: 'Schedule 1 invitation' }).click();
    await expect.poll(() => dialog.getByRole('alert').textContent()).toMatch(/has already passed/);
    await dialog.getByRole('radio', { name: 'Now' }).check();
    await dialog.getByRole('button', { name: /^Send 1 invitation/ }).click();
    await page.getByTestId('invite-result').getByText('Invited (1)', { exact: true }).waitFor();

    await page.getByRole('button', { name: 'Invite more' }).click();
    expect(await dialog.getByLabel('Email addresses').inputValue()).toBe('');
    expect(await dialog.getByLabel('Role').inputValue()).toBe('learner');
    expect(await dialog.getByRole('radio', { name: 'Now' }).isChecked()).toBe(true);
    expect(await dialog.getByRole('alert').count()).toBe(0);
    expect(await dialog.getByTestId('invite-count-note').count()).toBe(0);
    expect(await dialog.getByRole('list', { name: 'Address check' }).count()).toBe(0);
    await checkA11y(page, 'invite dialog after invite more');

    // Cancelling the second round still shows the first round's invitation in the list.
    await dialog.getByRole('button', { name: 'Cancel' }).click();
    await dialog.waitFor({ state: 'detached' });
    await page.locator('tr[data-email="amy@example.com"]').waitFor();
  });
});
