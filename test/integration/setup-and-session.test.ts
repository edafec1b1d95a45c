import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../helpers/app.ts';

describe('setup and sessions', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(() => t.close());

  it('creates the first organization once, then refuses with 409', async () => {
    const client = t.client();
    expect((await client.get('/api/v1/setup')).body).toEqual({ needed: true });
    const bad = await client.post('/api/v1/setup', {
      organization: { name: 'Acme' },
      owner: { name: 'Ada', email: 'not-an-email', password: 'long-enough-pass' },
    });
    expect(bad.status).toBe(400);
    expect(bad.body.error.field).toBe('owner.email');
    expect((await client.get('/api/v1/setup')).body).toEqual({ needed: true });

    const res = await client.post('/api/v1/setup', {
      organization: { name: 'Acme' },
      owner: { name: 'Ada Admin', email: 'Ada@Example.com', password: 'long-enough-pass' },
    });
    expect(res.status).toBe(201);
    expect(res.body.organization.id).toMatch(/^[0-9a-f-]{36}$/);
    expect(res.body.csrfToken).toBeTruthy();
    expect(client.cookie).toBeTruthy();

    const again = await t.client().post('/api/v1/setup', {
      organization: { name: 'Acme 2' },
      owner: { name: 'Eve', email: 'eve@example.com', password: 'long-enough-pass' },
    });
    expect(again.status).toBe(409);
    expect(again.body.error.code).toBe('already_set_up');

    const me = await client.get('/api/v1/session');
    expect(me.status).toBe(200);
    expect(me.body.user.email).toBe('Ada@example.com');
    expect(me.body.organizations[0].role).toBe('owner');
  });

  it('signs in case-insensitively, requires CSRF on changes, and signs out', async () => {
    const client = t.client();
    const wrong = await client.post('/api/v1/session', {
      email: 'ada@example.com',
      password: 'nope-nope-nope',
    });
    expect(wrong.status).toBe(401);
    const ok = await client.post('/api/v1/session', {
      email: 'ADA@example.com',
      password: 'long-enough-pass',
    });
    expect(ok.status).toBe(200);
    const orgId = ok.body.organizations[0].id;

    const token = client.csrfToken;
    client.csrfToken = undefined;
    const noCsrf = await client.patch(`/api/v1/orgs/${orgId}/settings`, { inviteExpiryDays: 5 });
    expect(noCsrf.status).toBe(403);
    expect(noCsrf.body.error.code).toBe('csrf_failed');
    client.csrfToken = token;
    const withCsrf = await client.patch(`/api/v1/orgs/${orgId}/settings`, { inviteExpiryDays: 5 });
    expect(withCsrf.status).toBe(200);
    expect(withCsrf.body.inviteExpiryDays).toBe(5);

    expect((await client.delete('/api/v1/session')).status).toBe(204);
    expect((await client.get('/api/v1/session')).status).toBe(401);
  });

  it('answers health, readiness and metrics', async () => {
    const c = t.client();
    expect((await c.get('/healthz')).status).toBe(200);
    expect((await c.get('/readyz')).body.status).toBe('ready');
    const metrics = await c.get('/metrics');
    expect(metrics.status).toBe(200);
    expect(String(metrics.body)).toContain('beckon_invitations');
  });
});
