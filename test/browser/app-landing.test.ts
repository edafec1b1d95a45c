/**
 * An invitation that lands in the organization's app, in Chromium: a tiny relying party on
 * 127.0.0.1 (plain OpenID Connect: authorization code + PKCE, client secret, userinfo) is
 * registered as an app; the administrator invites someone into it from the console; the invitee
 * accepts as a new person on a 375 px wide screen, clicks "Continue to …", and the relying party
 * shows their name, role and groups without Beckon asking for a password again.
 */
import { createHash, randomBytes } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Runtime } from '../../src/runtime.ts';
import { startSmtpServer, type TestSmtpServer } from '../helpers/smtp.ts';
import {
  apiCall,
  checkA11y,
  launchBrowser,
  linkIn,
  shot,
  signedInOrganization,
  startServer,
} from './harness.ts';

const OWNER_NAME = 'Olivia Owner';
const INVITEE = { name: 'Rita Relying', email: 'rita@example.com', password: 'violet-harbour-train-9' };
const APP_NAME = 'Acme Learn';

const escapeHtml = (s: string) => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
const b64url = (buf: Buffer) => buf.toString('base64url');

/**
 * The relying party: `/` and any other path sign the visitor in through Beckon (code + PKCE) and
 * then show who they are; `/cb` is the redirect URI. Sessions live in memory, keyed by a cookie.
 */
function relyingParty(issuer: string) {
  const client = { id: '', secret: '', redirectUri: '' };
  const pending = new Map<string, { verifier: string; nonce: string; returnTo: string }>();
  const sessions = new Map<string, { name: string; email: string; organization: any; path: string }>();
  const server: Server = createServer(async (req, res) => {
    try {
      const url = new URL(req.url ?? '/', client.redirectUri);
      const sid = /rp_sid=([\w-]+)/.exec(req.headers.cookie ?? '')?.[1];
      if (url.pathname === '/cb') {
        const state = url.searchParams.get('state') ?? '';
        const flow = pending.get(state);
        const code = url.searchParams.get('code');
        if (!flow || !code) {
          res.writeHead(400, { 'content-type': 'text/html' });
          return res.end(
            `<h1>Sign-in failed</h1><p>${escapeHtml(url.searchParams.get('error') ?? 'no code')}</p>`,
          );
        }
        pending.delete(state);
        const config = await (await fetch(`${issuer}/.well-known/openid-configuration`)).json();
        const tokenRes = await fetch(config.token_endpoint, {
          method: 'POST',
          headers: {
            'content-type': 'application/x-www-form-urlencoded',
            authorization: `Basic ${Buffer.from(`${encodeURIComponent(client.id)}:${encodeURIComponent(client.secret)}`).toString('base64')}`,
          },
          body: new URLSearchParams({
            grant_type: 'authorization_code',
            code,
            redirect_uri: client.redirectUri,
            code_verifier: flow.verifier,
          }),
        });
        const tokens = await tokenRes.json();
        if (!tokenRes.ok) throw new Error(`token endpoint: ${JSON.stringify(tokens)}`);
        const info = await (
          await fetch(config.userinfo_endpoint, {
            headers: { authorization: `Bearer ${tokens.access_token}` },
          })
        ).json();
        const id = randomBytes(12).toString('base64url');
        sessions.set(id, {
          name: info.name,
          email: info.email,
          organization: info.organization,
          path: flow.returnTo,
        });
        res.writeHead(302, { location: flow.returnTo, 'set-cookie': `rp_sid=${id}; Path=/; HttpOnly` });
        return res.end();
      }
      const session = sid ? sessions.get(sid) : undefined;
      if (!session) {
        const config = await (await fetch(`${issuer}/.well-known/openid-configuration`)).json();
        const verifier = b64url(randomBytes(32));
        const state = b64url(randomBytes(16));
        const nonce = b64url(randomBytes(16));
        pending.set(state, { verifier, nonce, returnTo: url.pathname + url.search });
        const auth = new URL(config.authorization_endpoint);
        auth.search = new URLSearchParams({
          client_id: client.id,
          redirect_uri: client.redirectUri,
          response_type: 'code',
          scope: 'openid profile email organization',
          state,
          nonce,
          code_challenge: b64url(createHash('sha256').update(verifier).digest()),
          code_challenge_method: 'S256',
        }).toString();
        res.writeHead(302, { location: auth.toString() });
        return res.end();
      }
      const org = session.organization ?? {};
      res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
      res.end(`<!doctype html><html lang="en"><head><title>${APP_NAME}</title>
<meta name="viewport" content="width=device-width, initial-scale=1"></head><body><main>
<h1>${APP_NAME}</h1>
<p data-testid="rp-name">${escapeHtml(session.name)}</p>
<p data-testid="rp-role">${escapeHtml(String(org.role ?? ''))}</p>
<p data-testid="rp-groups">${escapeHtml((org.groups ?? []).map((g: { name: string }) => g.name).join(', '))}</p>
<p data-testid="rp-org">${escapeHtml(String(org.name ?? ''))}</p>
<ul data-testid="rp-trainings">${(org.trainings ?? [])
        .map(
          (t: { name: string; launch_url: string | null }) =>
            `<li>${escapeHtml(`${t.name} ${t.launch_url ?? ''}`)}</li>`,
        )
        .join('')}</ul>
<p data-testid="rp-path">${escapeHtml(url.pathname + url.search)}</p>
</main></body></html>`);
    } catch (error) {
      res.writeHead(500, { 'content-type': 'text/plain' });
      res.end(String(error));
    }
  });
  return { server, client };
}

let smtp: TestSmtpServer;
let runtime: Runtime;
let browser: Browser;
let admin: BrowserContext;
let page: Page;
let baseUrl = '';
let rp: ReturnType<typeof relyingParty>;
let rpUrl = '';

beforeAll(async () => {
  smtp = await startSmtpServer();
  ({ runtime, baseUrl } = await startServer({ SMTP_URL: smtp.url }));
  rp = relyingParty(`${baseUrl}/oidc`);
  await new Promise<void>((resolve) => rp.server.listen(0, '127.0.0.1', resolve));
  rpUrl = `http://127.0.0.1:${(rp.server.address() as AddressInfo).port}`;
  rp.client.redirectUri = `${rpUrl}/cb`;
  browser = await launchBrowser();
  admin = await browser.newContext({ viewport: { width: 1280, height: 860 } });
  admin.setDefaultTimeout(10_000);
  page = await admin.newPage();
});

afterAll(async () => {
  await browser?.close().catch(() => {});
  rp?.server.close();
  await runtime?.stop().catch(() => {});
  await smtp?.close().catch(() => {});
});

/**
 * An organization of the test's own with group Cohort North (its training opening on the relying
 * party) and the relying party registered as its app; its owner signed in on the admin page.
 */
async function organizationWithApp(): Promise<{ orgId: string; groupId: string; appId: string }> {
  const { orgId } = await signedInOrganization({ runtime, baseUrl, page }, 'Acme Training', OWNER_NAME);
  const group = await apiCall(page, baseUrl, 'POST', `/orgs/${orgId}/groups`, {
    name: 'Cohort North',
    trainings: [{ name: 'Safety basics', launchUrl: `${rpUrl}/course/safety` }],
  });
  expect(group.status).toBe(201);
  const app = await apiCall(page, baseUrl, 'POST', `/orgs/${orgId}/apps`, {
    name: APP_NAME,
    kind: 'web',
    redirectUris: [rp.client.redirectUri],
    launchUrl: `${rpUrl}/`,
  });
  expect(app.status, JSON.stringify(app.body)).toBe(201);
  rp.client.id = app.body.clientId;
  rp.client.secret = app.body.clientSecret;
  return { orgId, groupId: group.body.id, appId: app.body.id };
}

describe('an invitation that lands in the organization app', () => {
  it('the administrator registers the app and invites someone into it', async () => {
    const { orgId } = await organizationWithApp();
    await page.goto(`${baseUrl}/o/${orgId}/people`);
    await page.getByRole('button', { name: 'Invite people' }).first().click();
    const dialog = page.getByRole('dialog', { name: 'Invite people' });
    await dialog.getByLabel('Email addresses').fill(INVITEE.email);
    await dialog.getByLabel('Cohort North').check();
    await dialog.getByLabel('Continue to app (optional)').selectOption({ label: APP_NAME });
    await dialog.getByLabel('Return path on the app (optional)').fill('/course/7');
    await dialog.getByText('Metadata for your systems').click();
    await dialog.getByLabel('Metadata (JSON object, optional)').fill('{"employeeId": "E-1"}');
    await checkA11y(page, 'invite dialog with an app');
    await shot(page, 'app-01-invite-dialog', { fullPage: false });
    await dialog.getByRole('button', { name: /Send 1 invitation/ }).click();
    await page.getByTestId('invite-result').getByText('Invited (1)').waitFor();
    await page.getByRole('button', { name: 'Done' }).click();
    // The administrator sees the app and the metadata on the invitation.
    await page.getByRole('link', { name: INVITEE.email }).click();
    await page.getByRole('heading', { name: 'History' }).waitFor();
    await page.getByText('"employeeId": "E-1"').waitFor();
    await checkA11y(page, 'invitation detail with app and metadata');
  });

  it('the invitee accepts as a new person at 375 px and continues to the app without a second password', async () => {
    // Invited into the app as the first test does it through the dialog.
    const { orgId, groupId, appId } = await organizationWithApp();
    const before = smtp.messages.length;
    const invited = await apiCall(page, baseUrl, 'POST', `/orgs/${orgId}/invitations`, {
      emails: [INVITEE.email],
      groupIds: [groupId],
      appId,
      returnPath: '/course/7',
      metadata: { employeeId: 'E-1' },
    });
    expect(invited.status, JSON.stringify(invited.body)).toBe(201);
    const mail = await smtp.waitFor(
      (m) => m.to.includes(INVITEE.email) && smtp.messages.indexOf(m) >= before,
      20_000,
    );
    expect(mail.text).not.toContain('E-1');
    const context = await browser.newContext({ viewport: { width: 375, height: 800 } });
    context.setDefaultTimeout(15_000);
    const p = await context.newPage();
    // Every page the browser asks for, redirects included.
    const visited: string[] = [];
    p.on('request', (request) => {
      if (request.isNavigationRequest() && request.frame() === p.mainFrame()) visited.push(request.url());
    });
    const noOverflow = async () =>
      expect(
        await p.evaluate(() => document.documentElement.scrollWidth - window.innerWidth),
      ).toBeLessThanOrEqual(1);

    await p.goto(linkIn(mail.text, 'invite'));
    await p.getByRole('heading', { name: 'Join Acme Training' }).waitFor();
    expect(await p.content()).not.toContain('E-1');
    await p.getByLabel('Your name').fill(INVITEE.name);
    await p.getByLabel('Choose a password').fill(INVITEE.password);
    await p.getByRole('button', { name: 'Accept invitation' }).click();
    await p.getByRole('heading', { name: 'Welcome to Acme Training' }).waitFor();
    const go = p.getByRole('link', { name: `Continue to ${APP_NAME}` });
    expect(await go.getAttribute('href')).toBe(`${rpUrl}/course/7`);
    await noOverflow();
    await checkA11y(p, 'welcome with Continue to app (375 px)');
    await shot(p, 'app-02-welcome-continue', { fullPage: false });

    const beforeContinue = visited.length;
    await go.click();
    await p.waitForURL(`${rpUrl}/course/7`);
    await p.getByRole('heading', { name: APP_NAME }).waitFor();
    expect(await p.getByTestId('rp-name').textContent()).toBe(INVITEE.name);
    expect(await p.getByTestId('rp-role').textContent()).toBe('learner');
    expect(await p.getByTestId('rp-groups').textContent()).toBe('Cohort North');
    expect(await p.getByTestId('rp-org').textContent()).toBe('Acme Training');
    // The trainings claim says where each training opens.
    expect(await p.getByTestId('rp-trainings').textContent()).toBe(`Safety basics ${rpUrl}/course/safety`);
    // Through Beckon's provider and back, never through a sign-in page.
    const after = visited.slice(beforeContinue);
    expect(after.some((u) => u.startsWith(`${baseUrl}/oidc/auth`))).toBe(true);
    expect(after.some((u) => u.startsWith(`${rpUrl}/cb?`))).toBe(true);
    expect(after.filter((u) => u.startsWith(baseUrl) && !u.startsWith(`${baseUrl}/oidc/`))).toEqual([]);
    expect(visited.some((u) => new URL(u).pathname === '/sign-in')).toBe(false);
    await shot(p, 'app-03-relying-party', { fullPage: false });

    // Back in Beckon, the home page offers the app again and the trainings list.
    await p.goto(`${baseUrl}/o/${orgId}`);
    await p.getByRole('heading', { name: 'My trainings' }).waitFor();
    await p.getByRole('link', { name: `Continue to ${APP_NAME}` }).waitFor();
    await noOverflow();
    await checkA11y(p, 'learner home with Continue to app (375 px)');
    await context.close();
  });

  it("the join page and a group's trainings name the app in the console", async () => {
    const { orgId } = await organizationWithApp();
    await page.goto(`${baseUrl}/o/${orgId}/people`);
    await page.getByRole('link', { name: 'Join page' }).click();
    await page.getByRole('heading', { name: 'Join page' }).waitFor();
    await page.getByLabel('Address (slug)').fill('acme-learners');
    await page.getByLabel('Continue to app (optional)').selectOption({ label: APP_NAME });
    await page.getByLabel('Return path on the app (optional)').fill('https://evil.example/');
    await page.getByRole('button', { name: 'Save join page' }).click();
    // Refused, with the reason: never a redirect off the app.
    await page
      .getByRole('alert')
      .getByText(/returnPath/)
      .waitFor();
    await page.getByLabel('Return path on the app (optional)').fill('/course/join');
    await page.getByRole('button', { name: 'Save join page' }).click();
    await page.getByText('Join page saved.').waitFor();
    await checkA11y(page, 'join page settings with an app');
    const saved = await apiCall(page, baseUrl, 'GET', `/orgs/${orgId}/join-page`);
    expect(saved.body).toMatchObject({ appId: expect.any(String), returnPath: '/course/join' });

    await page.getByRole('link', { name: 'Groups & trainings' }).click();
    await page.getByRole('button', { name: 'Edit Cohort North' }).click();
    const dialog = page.getByRole('dialog', { name: 'Edit Cohort North' });
    expect(await dialog.getByLabel('Launch URL of training 1 (optional)').inputValue()).toBe(
      `${rpUrl}/course/safety`,
    );
    await dialog.getByLabel('App of training 1 (optional)').selectOption({ label: APP_NAME });
    await checkA11y(page, 'group dialog with an app');
    await dialog.getByRole('button', { name: 'Save' }).click();
    await page.getByText('Group Cohort North saved.').waitFor();
    const groups = await apiCall(page, baseUrl, 'GET', `/orgs/${orgId}/groups`);
    expect(groups.body.items[0].trainingDetails[0]).toMatchObject({
      name: 'Safety basics',
      launchUrl: `${rpUrl}/course/safety`,
      appId: saved.body.appId,
    });
  });
});
