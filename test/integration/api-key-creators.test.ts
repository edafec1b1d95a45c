import { beforeAll, describe, expect, it } from 'vitest';
import { memberOf, orgWithOwner } from '../helpers/accounts.ts';
import type { TestApp, TestClient } from '../helpers/app.ts';
import { sharedTestApp } from '../helpers/shared-app.ts';

/** What a key may do is probed with one call per level of rights. */
const probes = {
  /** settings: only admins and owners */
  settings: (c: TestClient, org: string) => c.patch(`/api/v1/orgs/${org}/settings`, { requireGroup: false }),
  createKey: (c: TestClient, org: string) => c.post(`/api/v1/orgs/${org}/api-keys`, { name: 'child' }),
  /** invitations: hr and above */
  invitations: (c: TestClient, org: string) => c.get(`/api/v1/orgs/${org}/invitations`),
};

describe('API keys act with at most their creator’s current rights', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await sharedTestApp({ workers: false });
  });

  /** An organization, an admin, and a key the admin created (with the role asked for). */
  async function adminWithKey(role?: 'admin' | 'hr') {
    const owner = await orgWithOwner(t);
    const admin = await memberOf(t, owner.org.id, 'admin', { name: 'Ada Admin' });
    const created = await admin.client.post(`/api/v1/orgs/${owner.org.id}/api-keys`, {
      name: 'Sync',
      ...(role ? { role } : {}),
    });
    expect(created.status).toBe(201);
    return {
      owner,
      admin,
      orgId: owner.org.id,
      keyId: created.body.id,
      bot: t.client().withApiKey(created.body.key),
    };
  }

  const listed = async (owner: { client: TestClient }, orgId: string, keyId: string) =>
    (await owner.client.get(`/api/v1/orgs/${orgId}/api-keys`)).body.items.find((k: any) => k.id === keyId);

  const cases: Array<{
    name: string;
    change: (c: Awaited<ReturnType<typeof adminWithKey>>) => Promise<unknown>;
    expected: { settings: number; createKey: number; invitations: number; code?: string };
    listed: { status: string; effectiveRole: string | null; creatorStatus: string };
  }> = [
    {
      name: 'creator unchanged',
      change: async () => {},
      expected: { settings: 200, createKey: 201, invitations: 200 },
      listed: { status: 'active', effectiveRole: 'admin', creatorStatus: 'active' },
    },
    {
      name: 'creator demoted to hr',
      change: ({ owner, orgId, admin }) =>
        owner.client.patch(`/api/v1/orgs/${orgId}/members/${admin.member.id}`, { role: 'hr' }),
      expected: { settings: 403, createKey: 403, invitations: 200 },
      listed: { status: 'active', effectiveRole: 'hr', creatorStatus: 'active' },
    },
    {
      name: 'creator demoted to learner',
      change: ({ owner, orgId, admin }) =>
        owner.client.patch(`/api/v1/orgs/${orgId}/members/${admin.member.id}`, { role: 'learner' }),
      expected: { settings: 403, createKey: 403, invitations: 403 },
      listed: { status: 'active', effectiveRole: 'learner', creatorStatus: 'active' },
    },
    {
      name: 'creator deactivated',
      change: ({ owner, orgId, admin }) =>
        owner.client.patch(`/api/v1/orgs/${orgId}/members/${admin.member.id}`, { status: 'deactivated' }),
      expected: { settings: 401, createKey: 401, invitations: 401, code: 'api_key_creator_deactivated' },
      listed: { status: 'creator_deactivated', effectiveRole: null, creatorStatus: 'deactivated' },
    },
    {
      name: 'creator removed from the organization',
      change: ({ admin }) => t.services.db.deleteFrom('members').where('id', '=', admin.member.id).execute(),
      expected: { settings: 401, createKey: 401, invitations: 401, code: 'api_key_creator_removed' },
      listed: { status: 'creator_removed', effectiveRole: null, creatorStatus: 'removed' },
    },
    {
      name: 'creator’s account deleted',
      change: ({ admin }) => t.services.db.deleteFrom('users').where('id', '=', admin.user.id).execute(),
      expected: { settings: 401, createKey: 401, invitations: 401, code: 'api_key_creator_removed' },
      listed: { status: 'creator_removed', effectiveRole: null, creatorStatus: 'removed' },
    },
  ];

  it.each(cases)('$name', async ({ change, expected, listed: shown }) => {
    const setup = await adminWithKey();
    const changed = await change(setup);
    if (changed && typeof changed === 'object' && 'status' in changed) expect(changed.status).toBe(200);
    const { bot, orgId } = setup;
    const answers = {
      settings: await probes.settings(bot, orgId),
      createKey: await probes.createKey(bot, orgId),
      invitations: await probes.invitations(bot, orgId),
    };
    expect({
      settings: answers.settings.status,
      createKey: answers.createKey.status,
      invitations: answers.invitations.status,
      ...(expected.code ? { code: answers.invitations.body.error.code } : {}),
    }).toEqual(expected);

    const row = await listed(setup.owner, orgId, setup.keyId);
    expect(row).toMatchObject({
      role: 'admin',
      status: shown.status,
      effectiveRole: shown.effectiveRole,
      creator: { name: 'Ada Admin', status: shown.creatorStatus },
      createdBy: 'Ada Admin',
      createdByKey: null,
    });
  });

  it('comes back when the creator is restored, and never above the role chosen for it', async () => {
    const { owner, orgId, admin, bot } = await adminWithKey('hr');
    expect((await probes.settings(bot, orgId)).status).toBe(403);
    expect((await probes.invitations(bot, orgId)).status).toBe(200);
    const member = `/api/v1/orgs/${orgId}/members/${admin.member.id}`;
    expect((await owner.client.patch(member, { status: 'deactivated' })).status).toBe(200);
    expect((await probes.invitations(bot, orgId)).status).toBe(401);
    expect((await owner.client.patch(member, { status: 'active', role: 'owner' })).status).toBe(200);
    // The creator is now an owner; the key stays hr.
    expect((await probes.invitations(bot, orgId)).status).toBe(200);
    expect((await probes.settings(bot, orgId)).status).toBe(403);
  });

  it('a key made by a key records the person behind it and the key', async () => {
    const { owner, orgId, keyId, bot, admin } = await adminWithKey();
    const child = await bot.post(`/api/v1/orgs/${orgId}/api-keys`, { name: 'Child', role: 'hr' });
    expect(child.status).toBe(201);
    expect(child.body.role).toBe('hr');
    const row = await listed(owner, orgId, child.body.id);
    expect(row).toMatchObject({
      role: 'hr',
      effectiveRole: 'hr',
      status: 'active',
      creator: { userId: admin.user.id, name: 'Ada Admin', status: 'active' },
      createdByKey: { id: keyId, name: 'Sync' },
    });
    // The child follows the person, not the parent key: deactivating the person stops both.
    await owner.client.patch(`/api/v1/orgs/${orgId}/members/${admin.member.id}`, { status: 'deactivated' });
    const childBot = t.client().withApiKey(child.body.key);
    expect((await probes.invitations(childBot, orgId)).status).toBe(401);
  });

  it('refuses a role above the creator’s, and owner keys, naming `role`', async () => {
    const owner = await orgWithOwner(t);
    const admin = await memberOf(t, owner.org.id, 'admin');
    const base = `/api/v1/orgs/${owner.org.id}/api-keys`;
    const above = await admin.client.post(base, { name: 'x', role: 'owner' });
    expect(above.status).toBe(403);
    expect(above.body.error).toMatchObject({ code: 'role_not_allowed', field: 'role' });
    const ownerKey = await owner.client.post(base, { name: 'x', role: 'owner' });
    expect(ownerKey.status).toBe(400);
    expect(ownerKey.body.error).toMatchObject({ code: 'invalid_role', field: 'role' });
    const bogus = await owner.client.post(base, { name: 'x', role: 'superuser' });
    expect(bogus.status).toBe(400);
    expect(bogus.body.error.field).toBe('role');
    // An owner's key defaults to admin: ownership stays with people.
    const byOwner = await owner.client.post(base, { name: 'x' });
    expect(byOwner.body.role).toBe('admin');
    // A key cannot mint a key above itself either.
    const hrKey = await owner.client.post(base, { name: 'hr', role: 'hr' });
    const hrBot = t.client().withApiKey(hrKey.body.key);
    expect((await hrBot.post(base, { name: 'y', role: 'admin' })).status).toBe(403);
  });

  it('keys from before creators were recorded keep their role, are listed as creator unknown, and mint no keys', async () => {
    const owner = await orgWithOwner(t);
    const orgId = owner.org.id;
    const made = await owner.client.post(`/api/v1/orgs/${orgId}/api-keys`, { name: 'Legacy' });
    // What the migration leaves for a key created by a key before creators were recorded.
    await t.services.db
      .updateTable('api_keys')
      .set({ created_by: null, created_by_name: null, creator_unknown: true })
      .where('id', '=', made.body.id)
      .execute();
    const bot = t.client().withApiKey(made.body.key);
    expect((await probes.settings(bot, orgId)).status).toBe(200);
    const refused = await probes.createKey(bot, orgId);
    expect(refused.status).toBe(403);
    expect(refused.body.error.code).toBe('creator_unknown');
    expect(await listed(owner, orgId, made.body.id)).toMatchObject({
      status: 'active',
      effectiveRole: 'admin',
      creator: null,
      createdBy: null,
    });
  });
});
