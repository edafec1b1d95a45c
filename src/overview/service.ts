import type { Actor } from '../auth/permissions.ts';
import type { Deps } from '../shared/deps.ts';
import { notFound } from '../shared/errors.ts';
import { addDays, localDate, startOfLocalDay } from '../shared/time-zone.ts';
import {
  type Breakdown,
  type FunnelRow,
  NOBODY,
  overviewRepository as repo,
  type Scope,
} from './repository.ts';
import type { ActivityDto, AttentionDto, FiguresDto, FunnelDto } from './schemas.ts';

const HOUR = 3_600_000;
/** "Expiring soon": the window of the figure and of "Needs attention". */
export const EXPIRING_HOURS = 48;
export const SCHEDULED_DAYS = 7;
/** Rows "Needs attention" lists (and resends in one click): the bulk resend's synchronous size. */
const ATTENTION_ITEMS = 500;

const scopeOf = (actor: Actor): Scope => (actor.role === 'manager' ? actor.managedGroupIds : undefined);

export function createOverviewService(deps: Pick<Deps, 'db' | 'clock'>) {
  const { db, clock } = deps;

  async function zoneOf(orgId: string) {
    const row = await repo.timeZone(db, orgId);
    if (!row) throw notFound('Organization');
    return row.time_zone;
  }

  /**
   * Rows named for people. Where the name is the server's own words (no group, a deleted one, an
   * import without a file name) `nameCode` says which, for clients that word it in their language.
   */
  async function named(orgId: string, by: Breakdown, rows: FunnelRow[]) {
    const ids = rows.map((r) => r.key).filter((k) => k !== NOBODY);
    const names: Array<{ id: string; name: string; importedOn?: string }> =
      by === 'group'
        ? await repo.groupNames(db, orgId, ids)
        : by === 'import'
          ? (await repo.importNames(db, orgId, ids)).map((r) => {
              if (r.name) return { id: r.id, name: r.name };
              const importedOn = r.created_at.toISOString().slice(0, 10);
              return { id: r.id, name: `Import of ${importedOn}`, importedOn };
            })
          : await repo.userNames(db, ids);
    const nameOf = new Map(names.map((n) => [n.id, n]));
    const none = { group: 'No group', import: 'Not imported', inviter: 'API keys' }[by];
    return rows.map(({ key, ...stages }) => {
      if (key === NOBODY) return { id: null, name: none, nameCode: 'none' as const, ...stages };
      const found = nameOf.get(key);
      if (!found) return { id: key, name: 'Deleted', nameCode: 'deleted' as const, ...stages };
      if (found.importedOn)
        return {
          id: key,
          name: found.name,
          nameCode: 'import_of' as const,
          importedOn: found.importedOn,
          ...stages,
        };
      return { id: key, name: found.name, ...stages };
    });
  }

  return {
    /** The figures that matter now, each with the list filter that shows what it counts. */
    async figures(actor: Actor): Promise<FiguresDto> {
      const now = clock.now();
      const zone = await zoneOf(actor.orgId);
      const scope = scopeOf(actor);
      const today = localDate(now, zone);
      const [day7, day30] = [addDays(today, -6), addDays(today, -29)];
      const since7 = startOfLocalDay(day7, zone);
      const since30 = startOfLocalDay(day30, zone);
      const [states, expiry, scheduled, accepted, median] = await Promise.all([
        repo.states(db, actor.orgId, scope),
        repo.pendingByExpiry(db, actor.orgId, now, new Date(now.getTime() + EXPIRING_HOURS * HOUR), scope),
        repo.scheduledUntil(db, actor.orgId, new Date(now.getTime() + SCHEDULED_DAYS * 24 * HOUR), scope),
        repo.acceptedFrom(db, actor.orgId, day30, day7, scope),
        repo.medianTimeToAccept(db, actor.orgId, since30, scope),
      ]);
      const count = (status: string) =>
        states.filter((s) => s.status === status).reduce((n, s) => n + s.n, 0);
      const problems = states.filter((s) => s.deliveryProblem).reduce((n, s) => n + s.n, 0);
      // Pending past expiry is expired already, whether or not the sweep has recorded it.
      const pending = count('pending') - expiry.overdue;
      const decided = count('accepted') + count('declined') + count('expired') + expiry.overdue;
      const rate = decided === 0 ? null : Math.round((count('accepted') / decided) * 1000) / 10;
      return {
        asOf: now.toISOString(),
        timeZone: zone,
        figures: [
          { key: 'pending', label: 'Pending', value: pending, unit: 'count', filter: { status: 'pending' } },
          {
            key: 'expiringSoon',
            label: `Expiring within ${EXPIRING_HOURS} hours`,
            value: expiry.expiring,
            unit: 'count',
            filter: { status: 'pending', expiringWithinHours: String(EXPIRING_HOURS) },
          },
          {
            key: 'deliveryProblems',
            label: 'Delivery problems',
            value: problems,
            unit: 'count',
            filter: { deliveryProblem: 'true' },
          },
          {
            key: 'scheduledSoon',
            label: `Scheduled in the next ${SCHEDULED_DAYS} days`,
            value: scheduled,
            unit: 'count',
            filter: { status: 'scheduled', scheduledWithinDays: String(SCHEDULED_DAYS) },
          },
          {
            key: 'accepted7',
            label: 'Accepted, last 7 days',
            value: accepted.recent,
            unit: 'count',
            filter: { status: 'accepted', acceptedSince: since7.toISOString() },
          },
          {
            key: 'accepted30',
            label: 'Accepted, last 30 days',
            value: accepted.total,
            unit: 'count',
            filter: { status: 'accepted', acceptedSince: since30.toISOString() },
          },
          {
            key: 'acceptanceRate',
            label: 'Acceptance rate (of accepted, declined and expired)',
            value: rate,
            unit: 'percent',
            filter: { status: 'accepted,declined,expired' },
          },
          {
            key: 'medianTimeToAccept',
            label: 'Median time to accept, last 30 days',
            value: median,
            unit: 'seconds',
            filter: { status: 'accepted', acceptedSince: since30.toISOString() },
          },
        ],
      };
    },

    /** Sent and accepted per day over the last `days` days, every day present (zeros included). */
    async activity(actor: Actor, days: 30 | 90): Promise<ActivityDto> {
      const zone = await zoneOf(actor.orgId);
      const to = localDate(clock.now(), zone);
      const from = addDays(to, -(days - 1));
      const rows = await repo.activity(db, actor.orgId, from, to, scopeOf(actor));
      const byDay = new Map(rows.map((r) => [r.day, r]));
      return {
        timeZone: zone,
        from,
        to,
        days: Array.from({ length: days }, (_, i) => {
          const date = addDays(from, i);
          const r = byDay.get(date);
          return { date, sent: r?.sent ?? 0, accepted: r?.accepted ?? 0 };
        }),
      };
    },

    /** Invited → delivered → opened → accepted for invitations created in the range, and by group, import, inviter. */
    async funnel(actor: Actor, days: 30 | 90): Promise<FunnelDto> {
      const zone = await zoneOf(actor.orgId);
      const from = addDays(localDate(clock.now(), zone), -(days - 1));
      const scope = scopeOf(actor);
      const [total, byGroup, byImport, byInviter] = await Promise.all([
        repo.funnel(db, actor.orgId, from, 'total', scope),
        repo.funnel(db, actor.orgId, from, 'group', scope),
        repo.funnel(db, actor.orgId, from, 'import', scope),
        repo.funnel(db, actor.orgId, from, 'inviter', scope),
      ]);
      const { key: _key, ...stages } = total[0] ?? {
        key: '',
        invited: 0,
        delivered: 0,
        opened: 0,
        accepted: 0,
      };
      return {
        from,
        total: stages,
        byGroup: await named(actor.orgId, 'group', byGroup),
        byImport: await named(
          actor.orgId,
          'import',
          byImport.filter((r) => r.key !== NOBODY),
        ),
        byInviter: await named(actor.orgId, 'inviter', byInviter),
      };
    },

    /** What to act on today: expiring and never opened, delivery failures, imports with failed rows. */
    async attention(actor: Actor): Promise<AttentionDto> {
      const now = clock.now();
      const scope = scopeOf(actor);
      const until = new Date(now.getTime() + EXPIRING_HOURS * HOUR);
      const [expiry, expiring, states, failures, imports] = await Promise.all([
        repo.pendingByExpiry(db, actor.orgId, now, until, scope),
        repo.expiringUnopened(db, actor.orgId, now, until, scope, ATTENTION_ITEMS),
        repo.states(db, actor.orgId, scope),
        repo.deliveryProblems(db, actor.orgId, scope, 5),
        // Imports carry no group: a manager sees the imports they ran.
        repo.importsWithFailures(db, actor.orgId, scope ? (actor.userId ?? NOBODY) : undefined, 5),
      ]);
      return {
        expiringUnopened: {
          count: expiry.unopened,
          hours: EXPIRING_HOURS,
          items: expiring.map((r) => ({ id: r.id, email: r.email, expiresAt: r.expires_at!.toISOString() })),
          filter: { status: 'pending', expiringWithinHours: String(EXPIRING_HOURS), opened: 'false' },
        },
        deliveryFailures: {
          count: states.filter((s) => s.deliveryProblem).reduce((n, s) => n + s.n, 0),
          items: failures.map((r) => ({
            id: r.id,
            email: r.email,
            status: r.delivery_status,
            detail: r.delivery_detail,
          })),
          filter: { deliveryProblem: 'true' },
        },
        importsWithFailures: imports.map((r) => ({
          id: r.id,
          fileName: r.file_name,
          failed: r.failed,
          total: r.total,
          createdAt: r.created_at.toISOString(),
        })),
      };
    },

    /** Folds the rollups' delta rows (the overview.compact job). */
    compact: () => repo.compact(db),
  };
}
export type OverviewService = ReturnType<typeof createOverviewService>;
