import { createHmac } from 'node:crypto';
import { once } from 'node:events';
import { createServer, type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../helpers/app.ts';
import { createOrgWithOwner, uniqueEmail } from '../helpers/factories.ts';

describe('webhook deliveries, redelivery and secret rotation', () => {
  let t: TestApp;
  let port: number;
  let answer = { status: 503, body: 'busy: try later' };
  const received: { headers: IncomingHttpHeaders; body: string }[] = [];
  const server = createServer((req, res) => {
    let body = '';
    req.on('data', (c) => (body += c));
    req.on('end', () => {
      received.push({ headers: req.headers, body });
      res.statusCode = answer.status;
      res.end(answer.body);
    });
  });

  beforeAll(async () => {
    server.listen(0, '127.0.0.1');
    await once(server, 'listening');
    port = (server.address() as AddressInfo).port;
    t = await startTestApp({
      env: { WEBHOOK_ALLOWED_HOSTS: `127.0.0.1:${port}` },
      runtime: { jobRetryDelaySeconds: 1 },
    });
  });
  afterAll(async () => {
    await t.close();
    server.close();
  });

  const waitFor = async (predicate: () => Promise<boolean>, ms = 30_000) => {
    const end = Date.now() + ms;
    while (!(await predicate())) {
      if (Date.now() > end) throw new Error('timed out waiting for webhooks');
      await new Promise((r) => setTimeout(r, 100));
    }
  };

  it('records each delivery with the answer, sends one again, and signs with a rotated secret', async () => {
    const { org, client } = await createOrgWithOwner(t);
    const base = `/api/v1/orgs/${org.id}/webhooks`;
    const created = await client.post(base, {
      url: `http://127.0.0.1:${port}/hooks`,
      events: ['invitation.created'],
    });
    const hook = `${base}/${created.body.id}`;
    await client.post(`/api/v1/orgs/${org.id}/invitations`, { emails: [uniqueEmail('hooked')] });

    let list: any;
    await waitFor(async () => {
      list = (await client.get(`${hook}/deliveries`)).body;
      return list.items.length === 1 && list.items[0].status === 'failed';
    });
    const failed = list.items[0];
    expect(failed).toMatchObject({
      event: 'invitation.created',
      status: 'failed',
      responseStatus: '503',
      responseBody: 'busy: try later',
    });
    expect(failed.attempts).toBeGreaterThanOrEqual(1);
    expect(list.nextBefore).toBeNull();

    // Disabled: no redelivery, and pg-boss's own retries stop sending.
    await client.patch(hook, { enabled: false });
    const refused = await client.post(`${hook}/deliveries/${failed.id}/redeliver`);
    expect(refused.status).toBe(409);
    expect(refused.body.error.code).toBe('endpoint_disabled');
    await client.patch(hook, { enabled: true });

    const rotated = await client.post(`${hook}/secret/rotate`);
    expect(rotated.status).toBe(200);
    expect(rotated.body.secret).toMatch(/^whsec_/);
    expect(rotated.body.secret).not.toBe(created.body.secret);
    expect((await client.get(`${hook}/secret`)).body.secret).toBe(rotated.body.secret);

    answer = { status: 200, body: 'thanks' };
    const sentBefore = received.length;
    const again = await client.post(`${hook}/deliveries/${failed.id}/redeliver`);
    expect(again.status).toBe(202);
    expect(again.body).toMatchObject({ id: failed.id, status: 'pending' });
    await waitFor(async () => {
      const d = (await client.get(`${hook}/deliveries`)).body.items[0];
      return d.status === 'delivered';
    });
    const delivered = (await client.get(`${hook}/deliveries`)).body.items;
    expect(delivered).toHaveLength(1);
    expect(delivered[0]).toMatchObject({ responseStatus: '200', responseBody: 'thanks' });
    expect(delivered[0].attempts).toBeGreaterThan(failed.attempts);

    const last = received.slice(sentBefore).at(-1)!;
    expect(last.headers['x-beckon-delivery']).toBe(failed.deliveryId);
    const [tPart, vPart] = String(last.headers['x-beckon-signature']).split(',');
    const sign = (secret: string) =>
      `v1=${createHmac('sha256', secret)
        .update(`${tPart!.slice(2)}.${last.body}`)
        .digest('hex')}`;
    expect(vPart).toBe(sign(rotated.body.secret));
    expect(vPart).not.toBe(sign(created.body.secret));
  }, 60_000);

  it('keeps deliveries per organization', async () => {
    const { org, client } = await createOrgWithOwner(t);
    const created = await client.post(`/api/v1/orgs/${org.id}/webhooks`, {
      url: `http://127.0.0.1:${port}/hooks`,
    });
    const other = await createOrgWithOwner(t, 'Elsewhere');
    const hook = `/api/v1/orgs/${org.id}/webhooks/${created.body.id}`;
    expect((await other.client.get(`${hook}/deliveries`)).status).toBe(404);
    expect((await other.client.post(`${hook}/secret/rotate`)).status).toBe(404);
    expect((await other.client.post(`${hook}/deliveries/1/redeliver`)).status).toBe(404);
    expect((await client.post(`${hook}/deliveries/999999/redeliver`)).status).toBe(404);
    expect((await client.get(`${hook}/deliveries?before=abc`)).status).toBe(400);
  });
});
