/**
 * The Apps page, and signing in to an app through Beckon's own sign-in page: Chromium against the
 * built console; a relying party's callback is a tiny server on 127.0.0.1. axe on each new page.
 */
import { createServer, type Server } from 'node:http';
import type { Browser, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { Runtime } from '../../src/runtime.ts';
import {
  apiCall,
  checkA11y,
  freePort,
  launchBrowser,
  shot,
  signedInOrganization,
  startServer,
} from './harness.ts';

let runtime: Runtime;
let browser: Browser;
let page: Page;
let baseUrl = '';
let rp: Server;
let callback = '';
const OWNER_NAME = 'Ada Owner';

beforeAll(async () => {
  ({ runtime, baseUrl } = await startServer());
  const port = await freePort();
  callback = `http://127.0.0.1:${port}/cb`;
  rp = createServer((_req, res) =>
    res.writeHead(200, { 'content-type': 'text/html' }).end('<title>RP</title>ok'),
  );
  await new Promise<void>((resolve) => rp.listen(port, '127.0.0.1', resolve));
  browser = await launchBrowser();
  const context = await browser.newContext({ viewport: { width: 1280, height: 860 } });
  context.setDefaultTimeout(10_000);
  page = await context.newPage();
});

// A test that narrows the page leaves the next one at desktop width, even when it fails.
afterEach(() => page.setViewportSize({ width: 1280, height: 860 }));

afterAll(async () => {
  await browser?.close().catch(() => {});
  rp?.close();
  await runtime?.stop().catch(() => {});
});

/** This test's own organization, its owner signed in, and "Learning platform" registered through the API. */
async function organizationWithApp(app: { access?: string; allowedRoles?: string[] } = {}) {
  const owner = await signedInOrganization({ runtime, baseUrl, page }, 'Apps Org', OWNER_NAME);
  const res = await apiCall(page, baseUrl, 'POST', `/orgs/${owner.orgId}/apps`, {
    name: 'Learning platform',
    kind: 'web',
    redirectUris: [callback],
    ...app,
  });
  expect(res.status, JSON.stringify(res.body)).toBe(201);
  return { owner, clientId: res.body.clientId as string };
}

describe('apps', () => {
  it('registers an app on the Apps page and shows its secret once', async () => {
    const { orgId } = await signedInOrganization({ runtime, baseUrl, page }, 'Apps Org', OWNER_NAME);
    await page.goto(`${baseUrl}/o/${orgId}/people`);
    await page.getByRole('link', { name: 'Apps', exact: true }).click();
    await page.getByRole('heading', { name: 'Apps' }).waitFor();
    await checkA11y(page, 'apps (empty)');
    await page.getByRole('button', { name: 'Add app' }).click();
    const dialog = page.getByRole('dialog', { name: 'Add an app' });
    await dialog.getByLabel('Name').fill('Learning platform');
    await dialog.getByLabel('Redirect URIs').fill(callback);
    await checkA11y(page, 'add app dialog');
    await dialog.getByRole('button', { name: 'Add app' }).click();
    const secret = page.getByTestId('new-client-secret');
    await secret.waitFor();
    expect(await secret.textContent()).toMatch(/^bks_/);
    await page.getByRole('button', { name: 'I have stored it' }).click();
    const row = page.getByRole('row', { name: /Learning platform/ });
    const clientId = (await row.locator('code').textContent())!;
    expect(clientId).toMatch(/^app_/);
    await checkA11y(page, 'apps (one)');
    await shot(page, 'apps');
    await page.setViewportSize({ width: 375, height: 800 });
    await checkA11y(page, 'apps at 375 px');
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth > window.innerWidth + 1);
    expect(overflow).toBe(false);
    // The row's buttons go below its fields rather than over the app's name.
    const nameBox = (await row.locator('td').first().boundingBox())!;
    const editBox = (await row.getByRole('button', { name: /^Edit/ }).boundingBox())!;
    expect(editBox.y).toBeGreaterThanOrEqual(nameBox.y + nameBox.height - 1);
    await page.setViewportSize({ width: 1280, height: 860 });
    // Turning an app off asks first; turning it on does not.
    await row.getByRole('button', { name: /^Turn off/ }).click();
    const confirm = page.getByRole('dialog', { name: 'Turn off Learning platform?' });
    await confirm.getByText('everyone signed in to it through Beckon is signed out').waitFor();
    await checkA11y(page, 'turn off app asked');
    await confirm.getByRole('button', { name: 'Turn off' }).click();
    await row.getByText('Off', { exact: true }).waitFor();
    await row.getByRole('button', { name: /^Turn on/ }).click();
    await page.getByText('Learning platform turned on.').waitFor();
    // Restricting to nobody is said at the choice, in the dialog's words, and nothing is sent.
    await row.getByRole('button', { name: /^Edit/ }).click();
    const edit = page.getByRole('dialog', { name: /Learning platform/ });
    await edit.getByLabel('Only some roles or groups').check();
    let patches = 0;
    page.on('request', (r) => {
      if (r.method() === 'PATCH' && r.url().includes('/apps/')) patches++;
    });
    await edit.getByRole('button', { name: 'Save' }).click();
    await edit
      .getByRole('alert')
      .getByText('Tick at least one role or group, or choose “Every member”.')
      .waitFor();
    await checkA11y(page, 'app dialog: nobody ticked');
    expect(patches).toBe(0);
    await edit.getByLabel('Admin').check();
    await edit.getByRole('button', { name: 'Save' }).click();
    await page.getByText('Learning platform saved.').waitFor();
    expect(patches).toBe(1);
    // The list says who may sign in by name, not only that some may.
    await expect.poll(() => row.locator('td').nth(2).innerText()).toBe('Some roles or groups\nAdmin');
    expect(orgId).toBeTruthy();
  });

  it('signs a person in to the app through Beckon’s sign-in page, then without asking again', async () => {
    const { owner, clientId } = await organizationWithApp();
    await page.context().clearCookies();
    const authorize = `${baseUrl}/oidc/auth?${new URLSearchParams({
      client_id: clientId,
      response_type: 'code',
      scope: 'openid email profile',
      redirect_uri: callback,
      state: 'st',
    })}`;
    await page.goto(authorize);
    await page.waitForURL(/\/sign-in\?next=/);
    await page.getByLabel('Email address').fill(owner.email);
    await page.getByLabel('Password', { exact: true }).fill(owner.password);
    // The interaction is loaded once: a second load racing the first could find it finished.
    const interactionLoads: string[] = [];
    const countLoads = (r: { url(): string; method(): string }) => {
      if (r.method() === 'GET' && new URL(r.url()).pathname.startsWith('/oidc/interaction/'))
        interactionLoads.push(r.url());
    };
    page.on('request', countLoads);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.waitForURL((url) => url.href.startsWith(callback));
    page.off('request', countLoads);
    expect(interactionLoads).toHaveLength(1);
    const url = new URL(page.url());
    expect(url.searchParams.get('state')).toBe('st');
    expect(url.searchParams.get('code')).toBeTruthy();

    await page.goto(authorize.replace('state=st', 'state=again'));
    await page.waitForURL((u) => u.href.startsWith(callback));
    expect(new URL(page.url()).searchParams.get('state')).toBe('again');
  });

  it('shows a person outside the allowed roles why, and sends the app access_denied', async () => {
    // The signed-in owner is not a learner, the only role allowed.
    const { clientId } = await organizationWithApp({ access: 'restricted', allowedRoles: ['learner'] });
    await page.goto(
      `${baseUrl}/oidc/auth?${new URLSearchParams({ client_id: clientId, response_type: 'code', scope: 'openid', redirect_uri: callback, state: 'no' })}`,
    );
    await page.getByRole('heading', { name: 'You cannot sign in to Learning platform' }).waitFor();
    await checkA11y(page, 'sign-in refused');
    await page.setViewportSize({ width: 375, height: 800 });
    await checkA11y(page, 'sign-in refused at 375 px');
    await shot(page, 'sign-in-refused');
    await page.getByRole('link', { name: 'Back to Learning platform' }).click();
    await page.waitForURL((u) => u.href.startsWith(callback));
    expect(new URL(page.url()).searchParams.get('error')).toBe('access_denied');
  });
  it('takes a person who must change their password through that page, then on to the app', async () => {
    const { owner, clientId } = await organizationWithApp();
    await runtime.services.db
      .updateTable('users')
      .set({ must_change_password: true })
      .where('email', '=', owner.email)
      .execute();
    await page.goto(
      `${baseUrl}/oidc/auth?${new URLSearchParams({ client_id: clientId, response_type: 'code', scope: 'openid', redirect_uri: callback, state: 'pw' })}`,
    );
    await page.getByRole('heading', { name: 'Choose your own password' }).waitFor();
    await page.getByLabel('Temporary password').fill(owner.password);
    await page.getByLabel('New password').fill('brand-new-river-stone-8');
    await page.getByRole('button', { name: 'Save new password' }).click();
    await page.waitForURL((u) => u.href.startsWith(callback));
    const url = new URL(page.url());
    expect(url.searchParams.get('state')).toBe('pw');
    expect(url.searchParams.get('code')).toBeTruthy();
  });
});
