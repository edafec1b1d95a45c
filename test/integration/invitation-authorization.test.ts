import { beforeAll, describe, expect, it } from 'vitest';
import type { Actor } from '../../src/auth/permissions.ts';
import type { Role } from '../../src/db/types.ts';
import { memberOf, orgWithOwner, uniqueEmail } from '../helpers/accounts.ts';
import type { TestApp, TestClient } from '../helpers/app.ts';
import { sharedTestApp } from '../helpers/shared-app.ts';

/**
 * Every action on an existing invitation, by every role, on an invitation of every role. Acting on
 * an invitation can hand out its role (a copied link or a set password is an account with that
 * role), so it is allowed exactly when the actor may invite people as that role.
 */
const ROLES: Role[] = ['owner', 'admin', 'hr', 'curator', 'manager', 'learner'];

/** Which invitation roles each actor may act on, written out rather than derived from the code. */
const MAY_ACT_ON: Record<Role, Role[]> = {
  owner: ['owner', 'admin', 'hr', 'curator', 'manager', 'learner'],
  admin: ['admin', 'hr', 'curator', 'manager', 'learner'],
  hr: ['hr', 'curator', 'manager', 'learner'],
  curator: ['curator', 'manager', 'learner'],
  manager: ['learner'],
  learner: [],
};

type Setup = 'pending' | 'expired' | 'scheduled';
interface Action {
  name: string;
  setup: Setup;
  /** Calls the action; answers the HTTP status and whether it took effect. */
  run(client: TestClient, base: string, id: string, now: Date): Promise<{ status: number; acted: boolean }>;
}

const ACTIONS: Action[] = [
  {
    name: 'copy link',
    setup: 'pending',
    async run(c, base, id) {
      const res = await c.get(`${base}/${id}/link`);
      return { status: res.status, acted: typeof res.body?.url === 'string' };
    },
  },
  {
    name: 'set password',
    setup: 'pending',
    async run(c, base, id) {
      const res = await c.post(`${base}/${id}/password`, { password: 'Temporary-Pass-42' });
      return { status: res.status, acted: res.body?.status === 'accepted' };
    },
  },
  {
    name: 'resend',
    setup: 'pending',
    async run(c, base, id) {
      const res = await c.post(`${base}/${id}/resend`);
      return { status: res.status, acted: res.body?.sentCount === 2 };
    },
  },
  {
    name: 'renew',
    setup: 'expired',
    async run(c, base, id) {
      const res = await c.post(`${base}/${id}/resend`);
      return { status: res.status, acted: res.body?.status === 'pending' };
    },
  },
  {
    name: 'cancel',
    setup: 'pending',
    async run(c, base, id) {
      const res = await c.post(`${base}/${id}/cancel`);
      return { status: res.status, acted: res.body?.status === 'cancelled' };
    },
  },
  {
    name: 'reschedule',
    setup: 'scheduled',
    async run(c, base, id, now) {
      const sendAt = new Date(now.getTime() + 3 * 86_400_000).toISOString();
      const res = await c.patch(`${base}/${id}`, { sendAt });
      return { status: res.status, acted: res.body?.sendAt === sendAt };
    },
  },
  {
    name: 'bulk resend',
    setup: 'pending',
    async run(c, base, id) {
      const res = await c.post(`${base}/bulk-resend`, { ids: [id] });
      // Refused people are listed as ineligible in a 200 answer; the permission check answers 403.
      const status = res.status === 200 && res.body.eligibleCount === 0 ? 403 : res.status;
      return { status, acted: res.status === 200 && res.body.eligibleCount === 1 };
    },
  },
];

describe('acting on an invitation needs the right to grant its role', () => {
  let t: TestApp;
  let orgId: string;
  let base: string;
  let owner: TestClient;
  let groupId: string;
  let ownerActor: Actor;
  const actors = {} as Record<Role, TestClient>;

  beforeAll(async () => {
    t = await sharedTestApp({ workers: false });
    const o = await orgWithOwner(t);
    orgId = o.org.id;
    owner = o.client;
    ownerActor = {
      type: 'user',
      id: o.user.id,
      name: 'Olivia Owner',
      userId: o.user.id,
      memberId: o.member.id,
      orgId,
      role: 'owner',
      permissions: [],
      managedGroupIds: [],
    };
    base = `/api/v1/orgs/${orgId}/invitations`;
    const group = await owner.post(`/api/v1/orgs/${orgId}/groups`, { name: 'Ward 4' });
    groupId = group.body.id;
    actors.owner = owner;
    for (const role of ROLES.filter((r) => r !== 'owner')) {
      const m = await memberOf(t, orgId, role, role === 'curator' ? { permissions: ['people'] } : {});
      actors[role] = m.client;
      if (role === 'manager') {
        const res = await owner.request('PUT', `/api/v1/orgs/${orgId}/groups/${groupId}/managers`, {
          memberIds: [m.member.id],
        });
        expect(res.status, JSON.stringify(res.body)).toBe(200);
      }
    }
  });

  /**
   * An invitation of `role` into the managed group, in the state the action needs; made through the
   * service, as the owner, so the owner's per-caller rate limit does not count these hundreds.
   */
  async function invitation(role: Role, setup: Setup): Promise<string> {
    const sendAt =
      setup === 'scheduled' ? new Date(t.clock.now().getTime() + 86_400_000).toISOString() : undefined;
    const made = await t.services.invitations.create(ownerActor, {
      emails: [uniqueEmail(role)],
      role,
      groupIds: [groupId],
      sendAt,
    });
    expect(made.rejected).toEqual([]);
    const id = made.invitations[0]!.id;
    if (setup === 'expired') {
      await t.services.db
        .updateTable('invitations')
        .set({ expires_at: new Date(t.clock.now().getTime() - 1000) })
        .where('id', '=', id)
        .execute();
    }
    return id;
  }

  const cases = ACTIONS.flatMap((action) =>
    ROLES.flatMap((actor) => ROLES.map((target) => ({ action, actor, target }))),
  );

  it.each(cases)('$actor → $action.name on a $target invitation', async ({ action, actor, target }) => {
    const id = await invitation(target, action.setup);
    // Past the resend cooldown of the invitation just sent.
    t.clock.advance(61_000);
    const { status, acted } = await action.run(actors[actor], base, id, t.clock.now());
    const allowed = MAY_ACT_ON[actor].includes(target);
    expect({ status, acted }).toEqual(allowed ? { status: 200, acted: true } : { status: 403, acted: false });
    if (!allowed) {
      // Nothing changed: the invitation is as it was and its history has no new entry.
      const after = await owner.get(`${base}/${id}`);
      const expected = action.setup === 'expired' ? 'expired' : action.setup;
      expect(after.body.status).toBe(expected);
      expect(after.body.events.map((e: { type: string }) => e.type)).not.toContain('link_copied');
      expect(after.body.sentCount).toBe(action.setup === 'scheduled' ? 0 : 1);
    }
  });

  it('offers no actions on an invitation whose role the viewer may not grant, and says why', async () => {
    const id = await invitation('admin', 'pending');
    const asHr = await actors.hr.get(`${base}/${id}`);
    expect(asHr.status).toBe(200);
    expect(asHr.body.actions).toEqual([]);
    expect(asHr.body.statusReason).toMatch(/Invited as admin/);
    expect(asHr.body.statusReasonCode).toBe('role_not_grantable');
    const asAdmin = await actors.admin.get(`${base}/${id}`);
    expect(asAdmin.body.actions).toEqual([
      'resend',
      'copy_link',
      'set_password',
      'correct_address',
      'cancel',
    ]);
  });
});
