import { beforeAll, describe, expect, it } from 'vitest';
import { memberOf, orgWithOwner } from '../helpers/accounts.ts';
import type { TestApp } from '../helpers/app.ts';
import { sharedTestApp } from '../helpers/shared-app.ts';

describe('API keys', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await sharedTestApp();
  });

  it('creates a key shown once, stores only its hash, lists and revokes it', async () => {
    const { org, client } = await orgWithOwner(t);
    const base = `/api/v1/orgs/${org.id}/api-keys`;
    const created = await client.post(base, { name: ' CI script ' });
    expect(created.status).toBe(201);
    const { id, key, name, prefix, createdAt } = created.body;
    expect(key).toMatch(/^bk_[A-Za-z0-9_-]{43}$/);
    expect(name).toBe('CI script');
    expect(prefix).toBe(key.slice(0, 10));
    expect(createdAt).toBeTruthy();

    const row = await t.services.db
      .selectFrom('api_keys')
      .selectAll()
      .where('id', '=', id)
      .executeTakeFirstOrThrow();
    expect(row.key_hash).not.toContain(key);
    expect(JSON.stringify(row)).not.toContain(key.slice(3));

    const bot = t.client().withApiKey(key);
    const viaKey = await bot.get(`/api/v1/orgs/${org.id}/groups`);
    expect(viaKey.status).toBe(200);
    // Bearer calls need no CSRF token.
    expect((await bot.post(`/api/v1/orgs/${org.id}/groups`, { name: 'From a script' })).status).toBe(201);

    const list = await client.get(base);
    expect(list.status).toBe(200);
    expect(list.body.items).toHaveLength(1);
    expect(list.body.items[0]).toMatchObject({
      id,
      name: 'CI script',
      prefix,
      revokedAt: null,
      createdBy: 'Olivia Owner',
    });
    expect(list.body.items[0].lastUsedAt).toBeTruthy();
    expect(JSON.stringify(list.body)).not.toContain(key);

    // A key from another organization does not reach this one.
    const other = await orgWithOwner(t, 'Other');
    expect((await bot.get(`/api/v1/orgs/${other.org.id}/groups`)).status).toBe(404);
    expect((await other.client.delete(`/api/v1/orgs/${other.org.id}/api-keys/${id}`)).status).toBe(404);

    expect((await client.delete(`${base}/${id}`)).status).toBe(204);
    const after = await bot.get(`/api/v1/orgs/${org.id}/groups`);
    expect(after.status).toBe(401);
    expect((await client.get(base)).body.items[0].revokedAt).toBeTruthy();
    expect((await client.delete(`${base}/${id}`)).status).toBe(204); // idempotent
    expect((await client.delete(`${base}/00000000-0000-4000-8000-000000000000`)).status).toBe(404);
    expect((await t.client().withApiKey('bk_nonsense').get(`/api/v1/orgs/${org.id}/groups`)).status).toBe(
      401,
    );
  });

  it('records a key’s use at most once a minute', async () => {
    const { org, client } = await orgWithOwner(t);
    const { id, key } = (await client.post(`/api/v1/orgs/${org.id}/api-keys`, { name: 'poller' })).body;
    const bot = t.client().withApiKey(key);
    const lastUsed = async () =>
      (
        await t.services.db
          .selectFrom('api_keys')
          .select('last_used_at')
          .where('id', '=', id)
          .executeTakeFirstOrThrow()
      ).last_used_at;
    expect(await lastUsed()).toBeNull();
    expect((await bot.get(`/api/v1/orgs/${org.id}/groups`)).status).toBe(200);
    const first = await lastUsed();
    expect(first?.getTime()).toBe(t.clock.now().getTime());
    t.clock.advance(59_000);
    expect((await bot.get(`/api/v1/orgs/${org.id}/groups`)).status).toBe(200);
    expect((await lastUsed())?.getTime()).toBe(first?.getTime());
    t.clock.advance(2_000);
    expect((await bot.get(`/api/v1/orgs/${org.id}/groups`)).status).toBe(200);
    expect((await lastUsed())?.getTime()).toBe(t.clock.now().getTime());
  });

  it('needs the settings capability', async () => {
    const { org } = await orgWithOwner(t);
    const base = `/api/v1/orgs/${org.id}/api-keys`;
    const hr = await memberOf(t, org.id, 'hr');
    expect((await hr.client.post(base, { name: 'x' })).status).toBe(403);
    expect((await hr.client.get(base)).status).toBe(403);
    const admin = await memberOf(t, org.id, 'admin');
    expect((await admin.client.post(base, { name: 'x' })).status).toBe(201);
    expect((await admin.client.post(base, {})).status).toBe(400);
    expect((await t.client().get(base)).status).toBe(401);
  });
});
