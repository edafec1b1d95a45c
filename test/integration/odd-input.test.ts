import { beforeAll, describe, expect, it } from 'vitest';
import { orgWithOwner } from '../helpers/accounts.ts';
import type { TestApp, TestClient } from '../helpers/app.ts';
import { sharedTestApp } from '../helpers/shared-app.ts';

/** A cursor as the lists hand them out, but for a time PostgreSQL cannot store. */
const farCursor = (at: string) =>
  Buffer.from(`${at}|0190a6b2-6d3c-7000-8000-000000000000`).toString('base64url');

describe('odd input answers 4xx naming the field, never 5xx', () => {
  let t: TestApp;
  let client: TestClient;
  let base: string;
  beforeAll(async () => {
    t = await sharedTestApp({ workers: false });
    const owner = await orgWithOwner(t);
    client = owner.client;
    base = `/api/v1/orgs/${owner.org.id}`;
  });

  const expectRefused = (res: { status: number; body: any }, code: string, field: string) => {
    expect(res.status, JSON.stringify(res.body)).toBe(400);
    expect(res.body.error).toMatchObject({ code, field });
  };

  it('refuses NUL in the sign-in address', async () => {
    const res = await t.client().post('/api/v1/session', { email: 'ann\u0000@example.com', password: 'x' });
    expectRefused(res, 'invalid_input', 'email');
  });

  it('refuses NUL in search terms of invitations and members', async () => {
    expectRefused(await client.get(`${base}/invitations?q=ann%00`), 'invalid_input', 'q');
    expectRefused(await client.get(`${base}/members?q=%00`), 'invalid_input', 'q');
  });

  it('refuses NUL in the bulk-resend filter', async () => {
    const res = await client.post(`${base}/invitations/bulk-resend`, {
      filter: { q: 'a\u0000' },
      dryRun: true,
    });
    expectRefused(res, 'invalid_input', 'filter.q');
  });

  it('refuses NUL in a template subject and body', async () => {
    const template = {
      kind: 'invitation',
      name: 'Odd',
      subject: 'Join {{ organization.name }}',
      html: '<a href="{{ link }}">Join</a>',
      text: 'Join {{ link }}',
    };
    const subject = await client.post(`${base}/templates`, { ...template, subject: 'Join\u0000' });
    expectRefused(subject, 'invalid_input', 'subject');
    const html = await client.post(`${base}/templates`, { ...template, html: `${template.html}\u0000` });
    expectRefused(html, 'invalid_input', 'html');
  });

  it('refuses NUL in a credit note and names nested fields and keys', async () => {
    expectRefused(
      await client.post(`${base}/credits`, { amount: 5, note: 'gift\u0000' }),
      'invalid_input',
      'note',
    );
    const key = await client.post(`${base}/invitations`, {
      emails: ['a@example.com', 'b\u0000@example.com'],
    });
    expectRefused(key, 'invalid_input', 'emails[1]');
  });

  it('refuses half a surrogate pair, which has no UTF-8 form, in values and in keys', async () => {
    expectRefused(await client.post(`${base}/api-keys`, { name: '\ud800' }), 'invalid_input', 'name');
    expectRefused(
      await client.post(`${base}/invitations`, { emails: ['a@example.com'], metadata: { ['x\udfff']: 1 } }),
      'invalid_input',
      'metadata.x\udfff',
    );
    const ok = await client.post(`${base}/api-keys`, { name: 'Key 🔑' });
    expect(ok.status, JSON.stringify(ok.body)).toBe(201);
  });

  it('refuses cursors whose time the database cannot store', async () => {
    for (const at of [
      '-271821-04-20T00:00:00.000Z',
      '+275760-09-13T00:00:00.000Z',
      '0000-06-01T00:00:00.000Z',
    ]) {
      for (const list of ['invitations', 'members', 'imports', 'outbox']) {
        const res = await client.get(`${base}/${list}?cursor=${farCursor(at)}`);
        expectRefused(res, 'invalid_cursor', 'cursor');
      }
    }
  });

  it('refuses date-times that are not a storable instant', async () => {
    for (const expiresAt of ['2030-06-30T23:59:60Z', '0001-01-01T00:00:00+14:00']) {
      const res = await client.patch(`${base}/join-page`, { expiresAt });
      expectRefused(res, 'invalid_request', 'expiresAt');
    }
    // Still accepted: an ordinary future time.
    const ok = await client.patch(`${base}/join-page`, { expiresAt: '2099-01-01T00:00:00Z' });
    expect(ok.status, JSON.stringify(ok.body)).toBe(200);
  });

  it('refuses a multipart upload without a boundary or cut short', async () => {
    const noBoundary = await client.post(`${base}/imports`, '--x\r\n', {
      'content-type': 'multipart/form-data',
    });
    expectRefused(noBoundary, 'invalid_multipart', 'file');

    const boundary = 'odd7MA4YWxkTrZu0gW';
    const full =
      `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="people.csv"\r\n` +
      `Content-Type: text/csv\r\n\r\nemail\nann@example.com\n\r\n--${boundary}--\r\n`;
    for (const cut of [40, full.indexOf('email\n') + 8, full.length - 10]) {
      const res = await client.post(`${base}/imports`, full.slice(0, cut), {
        'content-type': `multipart/form-data; boundary=${boundary}`,
      });
      expectRefused(res, 'invalid_multipart', 'file');
    }
    // The whole body still imports.
    const ok = await client.post(`${base}/imports`, full, {
      'content-type': `multipart/form-data; boundary=${boundary}`,
    });
    expect(ok.status, JSON.stringify(ok.body)).toBe(201);
  });

  it('answers router errors in the error shape, without echoing the path', async () => {
    const long = await client.get(`${base}/invitations/${'a'.repeat(101)}`);
    expect(long.status).toBe(404);
    expect(long.body.error.code).toBe('not_found');
    const bad = await client.get('/api/v1/invitations/%E0%A4%A');
    expect(bad.status).toBe(400);
    expect(bad.body.error.code).toBe('bad_request');
    expect(JSON.stringify(bad.body)).not.toContain('E0%A4');
  });

  it('reads a POST with no body as {}: optional fields pass, a required one is named', async () => {
    const preview = await client.post(`${base}/imports`, 'email\nno-body@example.com\n', {
      'content-type': 'text/csv',
    });
    expect(preview.status, JSON.stringify(preview.body)).toBe(201);
    const confirmed = await client.request('POST', `${base}/imports/${preview.body.id}/confirm`);
    expect(confirmed.status, JSON.stringify(confirmed.body)).toBe(202);
    // Where fields are required, the answer names the first one missing.
    const noName = await client.request('POST', `${base}/groups`);
    expect(noName.status).toBe(400);
    expect(noName.body.error).toMatchObject({ code: 'invalid_request', field: 'name' });
  });

  it('answers who may not call before what was sent: 401, another tenant 404, a bad CSRF token 403', async () => {
    const bad = { name: 42, unknownField: true, note: 'nul\u0000' };
    const anonymous = await t.client().post(`${base}/groups`, bad);
    expect(anonymous.status, JSON.stringify(anonymous.body)).toBe(401);
    const stranger = (await orgWithOwner(t, 'Other Tenant')).client;
    const otherTenant = await stranger.post(`${base}/groups`, bad);
    expect(otherTenant.status, JSON.stringify(otherTenant.body)).toBe(404);
    expect(otherTenant.body.error.code).toBe('not_found');
    const csrfToken = client.csrfToken;
    client.csrfToken = undefined;
    const noCsrf = await client.request('POST', `${base}/groups`, bad, { 'x-csrf-token': 'wrong' });
    client.csrfToken = csrfToken;
    expect(noCsrf.status, JSON.stringify(noCsrf.body)).toBe(403);
    expect(noCsrf.body.error.code).toBe('csrf_failed');
    // Nor is a body read for them: malformed JSON, or a type no route takes, gets the same answers.
    const json = { 'content-type': 'application/json' };
    expect((await t.client().post(`${base}/groups`, '{"name": ', json)).status).toBe(401);
    expect((await stranger.post(`${base}/groups`, '{"name": ', json)).status).toBe(404);
    const xml = { 'content-type': 'application/xml' };
    expect((await t.client().post(`${base}/groups`, '<name/>', xml)).status).toBe(401);
    // Routes for a signed-in person outside an organization answer nobody the same way.
    const anonymous2 = t.client();
    expect((await anonymous2.post('/api/v1/orgs', bad)).status).toBe(401);
    expect((await anonymous2.request('PATCH', '/api/v1/session/preferences', { locale: 42 })).status).toBe(
      401,
    );
    expect((await anonymous2.post('/api/v1/session/password', '{"newPassword": ', json)).status).toBe(401);
    // A member with the same body still learns what is wrong with it.
    expectRefused(await client.post(`${base}/groups`, bad), 'invalid_input', 'note');
    expect((await client.post('/api/v1/orgs', bad)).status).toBe(400);
    expect((await client.post(`${base}/groups`, '{"name": ', json)).status).toBe(400);
    expect((await client.post(`${base}/groups`, '<name/>', xml)).status).toBe(415);
  });

  it('lets a stray Authorization header pass on pages, public routes and a session, not alone where a key is asked', async () => {
    const stray = { authorization: 'Basic Zm9vOmJhcg==' };
    const instance = await t.client().request('GET', '/api/v1/instance', undefined, stray);
    expect(instance.status, JSON.stringify(instance.body)).toBe(200);
    const link = await t
      .client()
      .request('GET', '/api/v1/invitations/no-such-link-0123456789abcdefghij', undefined, stray);
    expect(link.status, JSON.stringify(link.body)).toBe(404);
    // Pages, health checks and a signed-in person's calls behind a proxy that adds HTTP Basic.
    for (const path of ['/healthz', '/readyz', '/api/docs/json']) {
      expect((await t.client().request('GET', path, undefined, stray)).status, path).toBe(200);
    }
    expect((await client.request('GET', '/api/v1/session', undefined, stray)).status).toBe(200);
    expect((await client.request('GET', `${base}/groups`, undefined, stray)).status).toBe(200);
    expect((await client.post(`${base}/groups`, { name: 'Behind a proxy' }, stray)).status).toBe(201);
    // Without a session, a route that takes a key says how to send one.
    const keyed = await t.client().request('GET', `${base}/groups`, undefined, stray);
    expect(keyed.status).toBe(401);
    expect(keyed.body.error.message).toContain('Bearer');
  });

  it('refuses a JSON body sent as text/plain with 415 and what to send', async () => {
    const asText = await client.post(`${base}/groups`, '{"name":"Sent as text"}', {
      'content-type': 'text/plain',
    });
    expect(asText.status).toBe(415);
    expect(asText.body.error).toMatchObject({ code: 'unsupported_media_type' });
    expect(asText.body.error.message).toContain('application/json');
    const groups = await client.get(`${base}/groups`);
    expect(JSON.stringify(groups.body)).not.toContain('Sent as text');
  });

  it('answers a JSON string literal sent as JSON with 400, not 415', async () => {
    const literal = await client.post(`${base}/groups`, '"Sent as a string"', {
      'content-type': 'application/json',
    });
    expect(literal.status, JSON.stringify(literal.body)).toBe(400);
    expect(literal.body.error.code).not.toBe('unsupported_media_type');
  });
});
