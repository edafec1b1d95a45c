import { createHmac } from 'node:crypto';
import { once } from 'node:events';
import { createServer, type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp, type TestClient } from '../helpers/app.ts';
import { createOrgWithOwner, uniqueEmail } from '../helpers/factories.ts';

interface Received {
  headers: IncomingHttpHeaders;
  body: string;
}

describe('outgoing webhooks', () => {
  let t: TestApp;
  let admin: TestClient;
  let orgId: string;
  const received: Received[] = [];
  let failNext = 0;
  const server = createServer((req, res) => {
    let body = '';
    req.on('data', (c) => (body += c));
    req.on('end', () => {
      if (failNext > 0) {
        failNext--;
        res.statusCode = 503;
        return res.end('busy');
      }
      received.push({ headers: req.headers, body });
      res.end('ok');
    });
  });
  let url: string;

  beforeAll(async () => {
    server.listen(0, '127.0.0.1');
    await once(server, 'listening');
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/hooks`;
    t = await startTestApp({ runtime: { jobRetryDelaySeconds: 1 } });
    const o = await createOrgWithOwner(t);
    admin = o.client;
    orgId = o.org.id;
  });
  afterAll(async () => {
    await t.close();
    server.close();
  });

  const waitFor = async (predicate: () => boolean, ms = 20_000) => {
    const end = Date.now() + ms;
    while (!predicate()) {
      if (Date.now() > end) throw new Error('timed out waiting for webhooks');
      await new Promise((r) => setTimeout(r, 100));
    }
  };

  it('validates endpoints and keeps them per organization', async () => {
    const bad = await admin.post(`/api/v1/orgs/${orgId}/webhooks`, { url: 'ftp://example.com' });
    expect(bad.status).toBe(400);
    expect(bad.body.error.field).toBe('url');
    const badEvent = await admin.post(`/api/v1/orgs/${orgId}/webhooks`, {
      url,
      events: ['invitation.exploded'],
    });
    expect(badEvent.body.error.code).toBe('unknown_event');
    const other = await createOrgWithOwner(t, 'Elsewhere');
    expect((await other.client.get(`/api/v1/orgs/${orgId}/webhooks`)).status).toBe(404);
  });

  it('sends signed events for invitation changes, retries failures, and never carries a link token', async () => {
    const created = await admin.post(`/api/v1/orgs/${orgId}/webhooks`, { url });
    expect(created.status).toBe(201);
    const secret: string = created.body.secret;
    expect(secret).toMatch(/^whsec_/);
    expect((await admin.get(`/api/v1/orgs/${orgId}/webhooks/${created.body.id}/secret`)).body.secret).toBe(
      secret,
    );

    failNext = 1;
    const email = uniqueEmail('hooked');
    const inv = await admin.post(`/api/v1/orgs/${orgId}/invitations`, { emails: [email] });
    const id = inv.body.invitations[0].id;
    const link = await admin.get(`/api/v1/orgs/${orgId}/invitations/${id}/link`);
    const token = link.body.url.split('/invite/')[1];
    await admin.post(`/api/v1/orgs/${orgId}/invitations/${id}/cancel`);

    await waitFor(
      () =>
        ['invitation.created', 'invitation.sent', 'invitation.cancelled'].every((e) =>
          received.some((r) => r.headers['x-beckon-event'] === e),
        ),
      60_000,
    );
    for (const r of received) {
      const [tPart, vPart] = String(r.headers['x-beckon-signature']).split(',');
      const ts = tPart!.slice(2);
      expect(vPart).toBe(`v1=${createHmac('sha256', secret).update(`${ts}.${r.body}`).digest('hex')}`);
      expect(r.body).not.toContain(token);
      expect(r.body).not.toContain('/invite/');
    }
    const cancelled = JSON.parse(
      received.find((r) => r.headers['x-beckon-event'] === 'invitation.cancelled')!.body,
    );
    expect(cancelled.data.invitation).toMatchObject({ id, email, status: 'cancelled' });
    const list = await admin.get(`/api/v1/orgs/${orgId}/webhooks`);
    expect(list.body.items[0].lastStatus).toBe('200');
  }, 90_000);
});
