import { createHmac } from 'node:crypto';
import { once } from 'node:events';
import { createServer, type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { FastifyBaseLogger } from 'fastify';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { HostLookup } from '../../src/shared/host-lookup.ts';
import { startTestApp, type TestApp, type TestClient } from '../helpers/app.ts';
import { createOrgWithOwner, uniqueEmail } from '../helpers/factories.ts';

interface Received {
  path: string;
  headers: IncomingHttpHeaders;
  body: string;
}

/** Every way of writing an internal host that the URL parser accepts, and internal names. */
const INTERNAL_URLS = [
  'http://127.0.0.1/',
  'http://127.1/',
  'http://2130706433/',
  'http://0x7f.1/',
  'http://0177.0.0.1/',
  'http://127.0.0.1./',
  'http://[::1]/',
  'http://[::ffff:127.0.0.1]/',
  'http://[0:0:0:0:0:ffff:7f00:1]/',
  'http://[64:ff9b::127.0.0.1]/',
  'http://0.0.0.0/',
  'http://0/',
  'http://[::]/',
  'http://localhost/',
  'http://LOCALHOST./',
  'http://hooks.localhost/',
  'http://receiver/',
  'http://10.1.2.3/',
  'http://172.16.0.1/',
  'http://172.31.255.254/',
  'http://192.168.1.1/',
  'http://100.64.0.1/',
  'http://169.254.169.254/latest/meta-data/',
  'http://metadata.google.internal/computeMetadata/v1/',
  'http://db.internal/',
  'http://printer.local/',
  'http://198.18.0.1/',
  'http://192.0.2.1/',
  'http://224.0.0.1/',
  'http://255.255.255.255/',
  'http://[fc00::1]/',
  'http://[fd12:3456::1]/',
  'http://[fe80::1]/',
  'http://[ff02::1]/',
  'http://[2001:db8::1]/',
  'https://127.0.0.1:8443/hooks',
];

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
      if (req.url === '/redirect') {
        res.writeHead(302, { location: `http://127.0.0.1:${port}/after-redirect` });
        return res.end();
      }
      if (failNext > 0 && req.url === '/hooks') {
        failNext--;
        res.statusCode = 503;
        return res.end('busy');
      }
      received.push({ path: req.url ?? '', headers: req.headers, body });
      res.end('ok');
    });
  });
  let port: number;
  let closedPort: number;
  let url: string;

  // The test decides what names resolve to. The on-premises name answers the receiver's address
  // once, then an address where nothing listens: a delivery that looked it up again would fail.
  const lookups = new Map<string, number>();
  const hostLookup: HostLookup = async (hostname) => {
    const n = (lookups.get(hostname) ?? 0) + 1;
    lookups.set(hostname, n);
    if (hostname === 'sneaky.example.test') return [{ address: '127.0.0.1', family: 4 }];
    if (hostname === 'mixed.example.test')
      return [
        { address: '93.184.215.14', family: 4 },
        { address: '10.0.0.1', family: 4 },
      ];
    if (hostname === 'hooks.on-prem.test')
      return [{ address: n === 1 ? '127.0.0.1' : '127.0.0.2', family: 4 }];
    throw Object.assign(new Error(`getaddrinfo ENOTFOUND ${hostname}`), { code: 'ENOTFOUND' });
  };
  const logs: Record<string, unknown>[] = [];
  const logger = pino({ level: 'warn' }, { write: (line: string) => logs.push(JSON.parse(line)) });

  beforeAll(async () => {
    server.listen(0, '127.0.0.1');
    await once(server, 'listening');
    port = (server.address() as AddressInfo).port;
    url = `http://127.0.0.1:${port}/hooks`;
    const closed = createServer().listen(0, '127.0.0.1');
    await once(closed, 'listening');
    closedPort = (closed.address() as AddressInfo).port;
    await new Promise((resolve) => closed.close(resolve));
    t = await startTestApp({
      // The receivers of this test are on this machine: the operator allows them by name and port.
      env: { WEBHOOK_ALLOWED_HOSTS: `127.0.0.1:${port}, 127.0.0.1:${closedPort}, hooks.on-prem.test` },
      runtime: {
        jobRetryDelaySeconds: 1,
        hostLookup,
        logger: logger as unknown as FastifyBaseLogger,
      },
    });
    const o = await createOrgWithOwner(t);
    admin = o.client;
    orgId = o.org.id;
  });
  afterAll(async () => {
    await t.close();
    server.close();
  });

  const waitFor = async (predicate: () => boolean | Promise<boolean>, ms = 20_000) => {
    const end = Date.now() + ms;
    while (!(await predicate())) {
      if (Date.now() > end) throw new Error('timed out waiting for webhooks');
      await new Promise((r) => setTimeout(r, 100));
    }
  };

  /**
   * A fresh organization with these endpoints, one invitation to trigger them, and their
   * statuses once all are tried. Only `invitation.created`: one delivery per endpoint (and its
   * retries).
   */
  const deliverOnce = async (urls: string[]) => {
    const o = await createOrgWithOwner(t, 'Hooked');
    const ids: string[] = [];
    for (const u of urls) {
      const created = await o.client.post(`/api/v1/orgs/${o.org.id}/webhooks`, {
        url: u,
        events: ['invitation.created'],
      });
      expect(created.status, JSON.stringify(created.body)).toBe(201);
      ids.push(created.body.id);
    }
    await o.client.post(`/api/v1/orgs/${o.org.id}/invitations`, { emails: [uniqueEmail('hooked')] });
    let items: { id: string; lastStatus: string | null }[] = [];
    await waitFor(async () => {
      items = (await o.client.get(`/api/v1/orgs/${o.org.id}/webhooks`)).body.items;
      return items.every((i) => i.lastStatus !== null);
    }, 40_000);
    return ids.map((id) => items.find((i) => i.id === id)!.lastStatus);
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
          received.some((r) => r.path === '/hooks' && r.headers['x-beckon-event'] === e),
        ),
      60_000,
    );
    for (const r of received.filter((x) => x.path === '/hooks')) {
      const [tPart, vPart] = String(r.headers['x-beckon-signature']).split(',');
      const ts = tPart!.slice(2);
      expect(vPart).toBe(`v1=${createHmac('sha256', secret).update(`${ts}.${r.body}`).digest('hex')}`);
      expect(r.body).not.toContain(token);
      expect(r.body).not.toContain('/invite/');
    }
    const cancelled = JSON.parse(
      received.find((r) => r.path === '/hooks' && r.headers['x-beckon-event'] === 'invitation.cancelled')!
        .body,
    );
    expect(cancelled.data.invitation).toMatchObject({ id, email, status: 'cancelled' });
    const list = await admin.get(`/api/v1/orgs/${orgId}/webhooks`);
    expect(list.body.items[0].lastStatus).toBe('200');
  }, 90_000);

  it.each(INTERNAL_URLS)('refuses %s as an endpoint, naming the url', async (internal) => {
    const created = await admin.post(`/api/v1/orgs/${orgId}/webhooks`, { url: internal });
    expect(created.status).toBe(400);
    expect(created.body.error).toMatchObject({ code: 'internal_url', field: 'url' });
  });

  it('refuses an internal address on change too, and accepts public and allowed hosts', async () => {
    const o = await createOrgWithOwner(t, 'Quiet');
    const base = `/api/v1/orgs/${o.org.id}/webhooks`;
    for (const ok of [
      'https://hooks.example.com/beckon',
      'http://8.8.8.8/x',
      'http://[2606:4700:4700::1111]/x',
      'http://hooks.on-prem.test:9999/x',
      `http://127.0.0.1:${port}/elsewhere`,
    ]) {
      expect((await o.client.post(base, { url: ok })).status, ok).toBe(201);
    }
    const id = (await o.client.get(base)).body.items[0].id;
    const changed = await o.client.patch(`${base}/${id}`, { url: 'http://169.254.169.254/' });
    expect(changed.status).toBe(400);
    expect(changed.body.error).toMatchObject({ code: 'internal_url', field: 'url' });
  });

  it('refuses at delivery a name that resolves inside, and says no more than for a closed port', async () => {
    const [sneaky, mixed, closed] = await deliverOnce([
      `http://sneaky.example.test:${port}/sneaky`,
      `http://mixed.example.test:${port}/mixed`,
      `http://127.0.0.1:${closedPort}/closed`,
    ]);
    expect(received.filter((r) => r.path === '/sneaky' || r.path === '/mixed')).toEqual([]);
    // Refused by policy, or nothing listening: the administrator sees the same words.
    expect(sneaky).toBe('could not deliver');
    expect(mixed).toBe(sneaky);
    expect(closed).toBe(sneaky);
    // The operator's log says which.
    const reasons = logs
      .filter((l) => l.msg === 'webhook not delivered')
      .map((l) => [l.host, l.reason, (l.err as { code?: string } | undefined)?.code]);
    expect(reasons).toEqual(
      expect.arrayContaining([
        [`sneaky.example.test:${port}`, 'refused by policy', undefined],
        [`mixed.example.test:${port}`, 'refused by policy', undefined],
        [`127.0.0.1:${closedPort}`, 'no answer', 'ECONNREFUSED'],
      ]),
    );
  }, 60_000);

  it('delivers to an allowed on-premises name at the address it checked, and follows no redirect', async () => {
    lookups.delete('hooks.on-prem.test');
    const [onPrem, redirected] = await deliverOnce([
      `http://hooks.on-prem.test:${port}/on-prem`,
      `http://127.0.0.1:${port}/redirect`,
    ]);
    // One lookup, and the connection went to its answer (a second lookup answers 127.0.0.2, where nothing listens).
    expect(onPrem).toBe('200');
    expect(lookups.get('hooks.on-prem.test')).toBe(1);
    const hit = received.find((r) => r.path === '/on-prem')!;
    expect(hit.headers.host).toBe(`hooks.on-prem.test:${port}`);
    expect(redirected).toBe('302');
    expect(received.some((r) => r.path === '/after-redirect')).toBe(false);
  }, 60_000);
});
