/**
 * Menus and dialogs opened from a table row stay whole: the ⋮ menu of the first and the last
 * row, and the dialog it opens, are measured at 1280 and 375 px — every box inside the viewport,
 * no text cut off (nothing wider than its box), axe clean.
 */
import type { Browser, Locator, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { Runtime } from '../../src/runtime.ts';
import { apiCall, checkA11y, closeConsole, openConsole, shot, signedInOrganization } from './harness.ts';

const OWNER_NAME = 'Rowan Rows';
const address = (n: number) =>
  `a-rather-long-mailbox-name-number-${String(n).padStart(2, '0')}@training.example-organisation.com`;

let runtime: Runtime;
let browser: Browser;
let page: Page;
let baseUrl = '';

beforeAll(async () => {
  ({ runtime, baseUrl, browser, page } = await openConsole({ timeoutMs: 15_000, height: 860 }));
});

// The 375 px test leaves the next one at desktop width, even when it fails.
afterEach(() => page.setViewportSize({ width: 1280, height: 860 }));

afterAll(() => closeConsole({ browser, runtime }));

/** The box of an element, asserted to lie inside the viewport. */
async function insideViewport(p: Page, locator: Locator, what: string) {
  const box = (await locator.boundingBox())!;
  const { width, height } = p.viewportSize()!;
  expect(box.x, `${what} left edge`).toBeGreaterThanOrEqual(0);
  expect(box.y, `${what} top edge`).toBeGreaterThanOrEqual(0);
  expect(box.x + box.width, `${what} right edge`).toBeLessThanOrEqual(width + 0.5);
  expect(box.y + box.height, `${what} bottom edge`).toBeLessThanOrEqual(height + 0.5);
  return box;
}

/** Elements whose text is wider than their box (cut off or spilling out), inside `root`. */
const clipped = (root: Locator) =>
  root.evaluate((el) =>
    [...el.querySelectorAll<HTMLElement>('p, li, h2, button, strong, label')]
      .filter((e) => e.scrollWidth > e.clientWidth + 1 && getComputedStyle(e).overflowX !== 'auto')
      .map((e) => e.textContent),
  );

/** An organization of the test's own with 30 invitations to long addresses, its owner signed in. */
async function organizationWithLongAddresses(): Promise<string> {
  const { orgId } = await signedInOrganization({ runtime, baseUrl, page }, 'Rows Academy', OWNER_NAME);
  for (let batch = 0; batch < 3; batch++) {
    const emails = Array.from({ length: 10 }, (_, i) => address(batch * 10 + i));
    expect((await apiCall(page, baseUrl, 'POST', `/orgs/${orgId}/invitations`, { emails })).status).toBe(201);
  }
  return orgId;
}

describe('row menus and dialogs in Chromium', () => {
  it('sets up 30 invitations with long addresses', async () => {
    await organizationWithLongAddresses();
  });

  for (const viewport of [
    { width: 1280, height: 860 },
    { width: 375, height: 740 },
  ]) {
    it(`at ${viewport.width} px, the first and last rows' menus and dialogs are whole`, async () => {
      const orgId = await organizationWithLongAddresses();
      await page.setViewportSize(viewport);
      await page.goto(`${baseUrl}/o/${orgId}/people`);
      const rows = page.locator('tr[data-email]');
      await expect.poll(() => rows.count()).toBe(30);
      for (const [which, row] of [
        ['first', rows.first()],
        ['last', rows.last()],
      ] as const) {
        const email = (await row.getAttribute('data-email'))!;
        await row.scrollIntoViewIfNeeded();
        await row.getByRole('button', { name: `Actions for ${email}` }).click();
        const menu = page.getByRole('menu', { name: `Actions for ${email}` });
        await menu.waitFor();
        await expect.poll(() => menu.evaluate((m) => getComputedStyle(m).opacity)).toBe('1');
        const menuBox = await insideViewport(page, menu, `${which} row's menu at ${viewport.width} px`);
        for (const item of await menu.getByRole('menuitem').all()) {
          const box = (await item.boundingBox())!;
          expect(box.y + box.height, 'menu item inside its menu').toBeLessThanOrEqual(
            menuBox.y + menuBox.height + 0.5,
          );
        }
        expect(await clipped(menu)).toEqual([]);
        if (which === 'last') await checkA11y(page, `last row's menu at ${viewport.width} px`);
        await menu.getByRole('menuitem', { name: 'Cancel invite' }).click();

        const dialog = page.getByRole('dialog', { name: 'Cancel this invitation?' });
        await dialog.waitFor();
        const dialogBox = await insideViewport(page, dialog, `${which} row's dialog at ${viewport.width} px`);
        expect(await clipped(dialog)).toEqual([]);
        const text = dialog.locator('p').first();
        expect(await text.textContent()).toMatch(/will stop working at once/);
        const textBox = (await text.boundingBox())!;
        expect(textBox.x + textBox.width).toBeLessThanOrEqual(dialogBox.x + dialogBox.width);
        for (const button of await dialog.getByRole('button').all()) {
          await insideViewport(page, button, `dialog button at ${viewport.width} px`);
        }
        if (which === 'last') {
          await checkA11y(page, `last row's dialog at ${viewport.width} px`);
          await shot(page, `row-dialog-${viewport.width}`, { fullPage: false });
        }
        await dialog.getByRole('button', { name: 'Keep it' }).click();
        await dialog.waitFor({ state: 'detached' });
      }
    });
  }

  it('gives focus back to the row menu, or to the page when what opened the dialog is gone', async () => {
    const orgId = await organizationWithLongAddresses();
    await page.goto(`${baseUrl}/o/${orgId}/people`);
    const row = page.locator('tr[data-email]').first();
    const email = (await row.getAttribute('data-email'))!;
    const actions = row.getByRole('button', { name: `Actions for ${email}` });
    await actions.click();
    await page
      .getByRole('menu', { name: `Actions for ${email}` })
      .getByRole('menuitem', { name: 'Cancel invite' })
      .click();
    const dialog = page.getByRole('dialog', { name: 'Cancel this invitation?' });
    await dialog.waitFor();
    await page.keyboard.press('Escape');
    await dialog.waitFor({ state: 'detached' });
    await expect.poll(() => actions.evaluate((b) => b === document.activeElement)).toBe(true);

    // On the invitation's page the Cancel button goes with the invitation it cancelled.
    const id = (
      await apiCall(page, baseUrl, 'GET', `/orgs/${orgId}/invitations?q=${encodeURIComponent(email)}`)
    ).body.items[0].id;
    await page.goto(`${baseUrl}/o/${orgId}/invitations/${id}`);
    await page.getByRole('button', { name: 'Cancel invite' }).click();
    const confirm = page.getByRole('dialog', { name: 'Cancel this invitation?' });
    await confirm.getByRole('button', { name: 'Cancel invite' }).click();
    await confirm.waitFor({ state: 'detached' });
    await expect
      .poll(() =>
        page.evaluate(
          () =>
            `${document.activeElement?.tagName}#${document.activeElement?.id}:${document.activeElement?.textContent?.slice(0, 40)}`,
        ),
      )
      .toMatch(/^MAIN#main/);
  });
});
