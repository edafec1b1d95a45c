import type { Db, NewInvitation } from '../../src/db/types.ts';
import { invitationRepository } from '../../src/invitations/repository.ts';
import { memberOf, orgWithOwner, uniqueEmail } from './accounts.ts';
import type { TestApp } from './app.ts';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
/** Noon UTC: the seed's days are the same in UTC and in zones a few hours either side. */
export const OVERVIEW_NOW = '2026-06-15T12:00:00.000Z';

/**
 * An organization with known overview figures: two groups (a manager runs "Alpha"), twelve
 * invitations in every state the figures tell apart, and their history. Written through the
 * repository, as imports and the mail worker write, so the rollups' triggers see every change.
 */
export async function seedOverview(t: TestApp) {
  t.clock.set(OVERVIEW_NOW);
  const owner = await orgWithOwner(t, 'Overview Org');
  const manager = await memberOf(t, owner.org.id, 'manager', { name: 'Mona Manager' });
  const seeded = await seedOverviewRows(
    t.services.db,
    owner.org.id,
    owner.user.id,
    t.clock.now(),
    manager.member.id,
  );
  return { owner, manager, ...seeded };
}

/**
 * The seed's groups, invitations and history, relative to `now`, for any organization (the
 * browser test's runs on real time). `managerMemberId`, if given, manages "Alpha".
 */
export async function seedOverviewRows(
  db: Db,
  orgId: string,
  ownerUserId: string,
  nowDate: Date,
  managerMemberId?: string,
) {
  const now = nowDate.getTime();
  const at = (ms: number) => new Date(now + ms);
  const [alpha, beta] = await db
    .insertInto('groups')
    .values([
      { org_id: orgId, name: 'Alpha', created_at: at(-100 * DAY) },
      { org_id: orgId, name: 'Beta', created_at: at(-100 * DAY) },
    ])
    .returning(['id', 'name'])
    .execute();
  if (managerMemberId)
    await db
      .insertInto('group_members')
      .values({
        org_id: orgId,
        group_id: alpha!.id,
        member_id: managerMemberId,
        is_manager: true,
        created_at: at(-DAY),
      })
      .execute();

  type Spec = Partial<NewInvitation> & { key: string; groups: string[]; status: NewInvitation['status'] };
  const row = (s: Spec): NewInvitation => {
    const { key, groups, ...rest } = s;
    return {
      org_id: orgId,
      email: uniqueEmail(key),
      role: 'learner',
      group_ids: groups,
      last_event_type: 'created',
      last_event_at: at(-DAY),
      created_by_user_id: ownerUserId,
      created_by_name: 'Olivia Owner',
      created_at: at(-DAY),
      updated_at: at(-DAY),
      delivery_status: 'sent',
      ...rest,
    };
  };
  const A = alpha!.id;
  const B = beta!.id;
  const specs: Spec[] = [
    { key: 'p1', groups: [A], status: 'pending', expires_at: at(24 * HOUR) },
    { key: 'p2', groups: [B], status: 'pending', expires_at: at(30 * HOUR) },
    { key: 'p3', groups: [A], status: 'pending', expires_at: at(5 * DAY) },
    { key: 'p4', groups: [], status: 'pending', expires_at: at(-HOUR) },
    { key: 'f1', groups: [B], status: 'pending', expires_at: at(6 * DAY), delivery_status: 'bounced' },
    { key: 's1', groups: [A], status: 'scheduled', send_at: at(2 * DAY), delivery_status: 'none' },
    { key: 's2', groups: [B], status: 'scheduled', send_at: at(10 * DAY), delivery_status: 'none' },
    { key: 'a1', groups: [A], status: 'accepted', created_at: at(-3 * DAY), accepted_at: at(-2 * DAY) },
    { key: 'a2', groups: [B], status: 'accepted', created_at: at(-12 * DAY), accepted_at: at(-10 * DAY) },
    { key: 'a3', groups: [A], status: 'accepted', created_at: at(-40 * DAY), accepted_at: at(-35 * DAY) },
    { key: 'd1', groups: [B], status: 'declined' },
    { key: 'e1', groups: [A], status: 'expired', expires_at: at(-2 * DAY) },
  ];
  const rows = await invitationRepository.insertMany(db, specs.map(row));
  const id = Object.fromEntries(specs.map((s, i) => [s.key, rows[i]!]));
  const event = (key: string, type: string, ms: number) => ({
    orgId,
    invitationId: id[key]!.id,
    type,
    actor: { type: 'system' as const, id: null, name: null },
    at: at(ms),
  });
  await invitationRepository.insertEvents(db, [
    event('p1', 'sent', -DAY),
    event('p2', 'sent', -DAY),
    event('p3', 'sent', -DAY),
    event('p2', 'resent', -HOUR),
    // A mail scanner's fetch is not an opening; the browser's view is.
    event('p1', 'link_checked', -HOUR),
    event('p2', 'viewed', -2 * HOUR),
  ]);
  return {
    orgId,
    groups: { alpha: alpha!, beta: beta! },
    invitations: id,
    /** What the organization's figures must read. */
    expected: {
      pending: 4,
      expiringSoon: 2,
      deliveryProblems: 1,
      scheduledSoon: 1,
      accepted7: 1,
      accepted30: 2,
      acceptanceRate: 50,
      medianTimeToAccept: 1.5 * 86_400,
    },
    /** What the manager of Alpha must read. */
    expectedForManager: {
      pending: 2,
      expiringSoon: 1,
      deliveryProblems: 0,
      scheduledSoon: 1,
      accepted7: 1,
      accepted30: 1,
      acceptanceRate: 66.7,
      medianTimeToAccept: 86_400,
    },
  };
}
