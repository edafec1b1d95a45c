/**
 * `npm run bench -- overview`: the overview's calls on PostgreSQL with one large organization.
 *
 * BENCH_OVERVIEW_INVITATIONS (default 1,000,000) invitations over two years — 20 groups (some
 * invitations in two, some in none), six in ten from 200 imports (each at its own moment, by its
 * creator), the rest invited by hand by 10 inviters at any time, statuses by age as a busy
 * organization has them — and five history events each (5,000,000), written in batches of
 * 100,000 by `INSERT … SELECT generate_series`, so the rollup triggers run as they do for imports.
 * Then VACUUM ANALYZE, one fold of the rollups (the overview.compact job), and 2,000 single-row
 * changes left unfolded (about five minutes of a busy organization between two folds).
 * The real application listens on 127.0.0.1; each call is timed over loopback HTTP, 20 warm-up
 * calls then 200 timed, for an administrator (API key) and for a manager of two groups (session).
 */
import { sql } from 'kysely';
import { createApiKeyService } from '../src/api-keys/service.ts';
import type { Actor } from '../src/auth/permissions.ts';
import { organizationRepository } from '../src/organizations/repository.ts';
import { startBenchRuntime } from './bench-runtime.ts';
import type { BenchContext, Figure } from './run.ts';

const INVITATIONS = Number(process.env.BENCH_OVERVIEW_INVITATIONS ?? 1_000_000);
const BATCH = 100_000;
const CALLS = 200;

export default async function overview(ctx: BenchContext): Promise<Figure[]> {
  const { runtime, close } = await startBenchRuntime(ctx);
  try {
    const { db, clock } = runtime.services;
    const now = clock.now();
    const org = await organizationRepository.insert(db, 'Bench Org', now);
    const users: { id: string }[] = [];
    for (let i = 0; i < 10; i++) {
      users.push(
        await organizationRepository.insertUser(db, {
          email: `inviter${i}@bench.example`,
          name: `Inviter ${i}`,
          password_hash: null,
          now,
        }),
      );
    }
    const owner = users[0]!;
    await organizationRepository.insertMember(db, { org_id: org.id, user_id: owner.id, role: 'owner', now });
    const managerUser = await organizationRepository.insertUser(db, {
      email: 'manager@bench.example',
      name: 'Bench Manager',
      password_hash: null,
      now,
    });
    const managerMember = await organizationRepository.insertMember(db, {
      org_id: org.id,
      user_id: managerUser.id,
      role: 'manager',
      now,
    });
    const ownerActor: Actor = {
      type: 'user',
      id: owner.id,
      name: 'Inviter 0',
      userId: owner.id,
      memberId: null,
      orgId: org.id,
      role: 'owner',
      permissions: [],
      managedGroupIds: [],
    };
    const { key } = await createApiKeyService(runtime.services).create(ownerActor, {
      name: 'bench',
      role: 'admin',
    });
    const groups = await db
      .insertInto('groups')
      .values(Array.from({ length: 20 }, (_, i) => ({ org_id: org.id, name: `Group ${i}`, created_at: now })))
      .returning('id')
      .execute();
    const groupIds = groups.map((g) => g.id);
    await db
      .insertInto('group_members')
      .values(
        [groupIds[0]!, groupIds[1]!].map((g) => ({
          org_id: org.id,
          group_id: g,
          member_id: managerMember.id,
          is_manager: true,
          created_at: now,
        })),
      )
      .execute();
    const imports = await db
      .insertInto('imports')
      .values(
        Array.from({ length: 200 }, (_, i) => ({
          org_id: org.id,
          status: 'done' as const,
          file_name: `staff-${i}.csv`,
          total: 3000,
          created: 2990,
          failed: i % 7 === 0 ? 10 : 0,
          created_by_user_id: users[i % 10]!.id,
          created_at: new Date(now.getTime() - (i / 200) * 730 * 86_400_000),
        })),
      )
      .returning(['id', 'created_at'])
      .execute();
    const importIds = imports.map((i) => i.id);
    const importTimes = imports.map((i) => i.created_at.toISOString());
    const userIds = users.map((u) => u.id);

    ctx.log(`seeding ${INVITATIONS.toLocaleString('en-US')} invitations and 5 events each…`);
    const t0 = performance.now();
    for (let start = 0; start < INVITATIONS; start += BATCH) {
      const end = Math.min(INVITATIONS, start + BATCH) - 1;
      // age: days before now (squared random: more recent invitations than old ones).
      // The batch's invitations and their five events each, in one statement (as an import chunk).
      await sql`
        WITH i AS (
        INSERT INTO invitations (org_id, email, role, group_ids, status, send_at, expires_at, sent_count,
          last_sent_at, delivery_status, last_event_type, last_event_at, created_by_user_id, created_by_name,
          accepted_at, import_id, created_at, updated_at, first_viewed_at)
        SELECT ${org.id}::uuid, 'person' || g || '@bench' || (g % 500) || '.example', 'learner',
          CASE WHEN g % 20 = 0 THEN '{}'::uuid[]
               WHEN g % 20 = 1 THEN ARRAY[(${groupIds}::uuid[])[1 + g % 20], (${groupIds}::uuid[])[1 + (g / 20) % 20]]::uuid[]
               ELSE ARRAY[(${groupIds}::uuid[])[1 + (g * 7) % 20]]::uuid[] END,
          s.status,
          CASE WHEN s.status = 'scheduled' THEN ${now}::timestamptz + (g % 14) * interval '1 day' END,
          CASE WHEN s.status IN ('pending', 'expired') THEN c.created_at + interval '7 days' END,
          1, c.created_at, CASE WHEN g % 33 = 0 THEN 'bounced' WHEN s.status = 'scheduled' THEN 'none' ELSE 'sent' END,
          s.status, c.created_at, (${userIds}::uuid[])[1 + (CASE WHEN g % 10 < 6 THEN g % 200 ELSE g END) % 10], 'Inviter', 
          CASE WHEN s.status = 'accepted' THEN least(${now}::timestamptz, c.created_at + (g % 97) * interval '45 minutes') END,
          CASE WHEN g % 10 < 6 THEN (${importIds}::uuid[])[1 + g % 200] END,
          c.created_at, c.created_at,
          CASE WHEN s.status = 'accepted' OR g % 10 < 4 THEN c.created_at + interval '2 hours' END
        FROM generate_series(${start}::int, ${end}::int) g
        -- Imported (six in ten): at their import's time, by its creator. Manual: any time in two years.
        CROSS JOIN LATERAL (SELECT CASE WHEN g % 10 < 6
          THEN (${importTimes}::timestamptz[])[1 + g % 200] + (g % 5000) * interval '10 milliseconds'
          ELSE ${now}::timestamptz - (730 * random()) * interval '1 day' + g * interval '0' END AS created_at) c
        CROSS JOIN LATERAL (SELECT CASE
          WHEN c.created_at > ${now}::timestamptz - interval '7 days' THEN
            CASE WHEN g % 100 < 50 THEN 'pending' WHEN g % 100 < 90 THEN 'accepted'
                 WHEN g % 100 < 95 THEN 'scheduled' ELSE 'cancelled' END
          ELSE CASE WHEN g % 100 < 60 THEN 'accepted' WHEN g % 100 < 85 THEN 'expired'
                    WHEN g % 100 < 90 THEN 'declined' ELSE 'cancelled' END
          END AS status) s
        RETURNING id, org_id, status, created_at, accepted_at, first_viewed_at
        )
        INSERT INTO invitation_events (org_id, invitation_id, type, actor_type, at)
        SELECT i.org_id, i.id, e.type, 'system', e.at
        FROM i CROSS JOIN LATERAL (VALUES
          ('created', i.created_at),
          ('sent', i.created_at + interval '1 minute'),
          (CASE WHEN i.first_viewed_at IS NOT NULL THEN 'viewed' ELSE 'link_checked' END, i.created_at + interval '2 hours'),
          (CASE WHEN i.status IN ('pending', 'scheduled') THEN 'reminded' ELSE i.status END,
           coalesce(i.accepted_at, i.created_at + interval '7 days')),
          ('resent', i.created_at + interval '3 days')
        ) e(type, at)`.execute(db);
      ctx.log(`  ${(end + 1).toLocaleString('en-US')} invitations`);
    }
    const seedSeconds = (performance.now() - t0) / 1000;
    const counts = await sql<{ invitations: string; events: string }>`
      SELECT (SELECT count(*) FROM invitations WHERE org_id = ${org.id}) AS invitations,
             (SELECT count(*) FROM invitation_events WHERE org_id = ${org.id}) AS events`.execute(db);
    const { invitations, events } = counts.rows[0]!;
    ctx.log(`seeded ${invitations} invitations, ${events} events in ${seedSeconds.toFixed(0)} s`);
    for (const table of [
      'invitations',
      'invitation_events',
      'overview_states',
      'overview_cohorts',
      'overview_daily',
    ])
      await sql`VACUUM ANALYZE ${sql.table(table)}`.execute(db);
    let t1 = performance.now();
    await runtime.services.overview.compact();
    const foldMs = performance.now() - t1;
    const rollupRows = await sql<{ states: string; cohorts: string; daily: string }>`
      SELECT (SELECT count(*) FROM overview_states) AS states, (SELECT count(*) FROM overview_cohorts) AS cohorts,
             (SELECT count(*) FROM overview_daily) AS daily`.execute(db);
    const rows = rollupRows.rows[0]!;
    ctx.log(
      `folded in ${foldMs.toFixed(0)} ms: ${rows.states} state, ${rows.cohorts} cohort, ${rows.daily} daily rows`,
    );

    // About five minutes of a busy organization since the last fold: 2,000 acceptances, one at a time.
    const pendingIds = await db
      .selectFrom('invitations')
      .select('id')
      .where('org_id', '=', org.id)
      .where('status', '=', 'pending')
      .limit(2000)
      .execute();
    t1 = performance.now();
    for (const { id } of pendingIds) {
      await db.transaction().execute(async (trx) => {
        await trx
          .updateTable('invitations')
          .set({ status: 'accepted', accepted_at: now, last_event_type: 'accepted', last_event_at: now })
          .where('id', '=', id)
          .execute();
        await trx
          .insertInto('invitation_events')
          .values({ org_id: org.id, invitation_id: id, type: 'accepted', actor_type: 'invitee', at: now })
          .execute();
      });
    }
    const changeMs = (performance.now() - t1) / pendingIds.length;
    ctx.log(`${pendingIds.length} single acceptances: ${changeMs.toFixed(2)} ms each (triggers included)`);
    await sql`ANALYZE overview_states, overview_cohorts, overview_daily`.execute(db);

    await runtime.app.listen({ port: 0, host: '127.0.0.1' });
    const address = runtime.app.server.address() as { port: number };
    const base = `http://127.0.0.1:${address.port}/api/v1/orgs/${org.id}`;
    const session = await db
      .transaction()
      .execute((trx) => runtime.services.auth.openSession(trx, managerUser.id));
    const as = {
      admin: { authorization: `Bearer ${key}` },
      manager: { cookie: `beckon_session=${session.token}` },
    };

    async function time(path: string, headers: Record<string, string>) {
      const times: number[] = [];
      for (let i = 0; i < CALLS + 20; i++) {
        const started = performance.now();
        const res = await fetch(`${base}${path}`, { headers });
        if (res.status !== 200) throw new Error(`${path} answered ${res.status}: ${await res.text()}`);
        await res.arrayBuffer();
        if (i >= 20) times.push(performance.now() - started);
      }
      times.sort((a, b) => a - b);
      return { p50: times[Math.floor(times.length / 2)]!, p95: times[Math.floor(times.length * 0.95)]! };
    }

    const calls = [
      '/overview/figures',
      '/overview/activity?days=30',
      '/overview/activity?days=90',
      '/overview/funnel?days=30',
      '/overview/funnel?days=90',
      '/overview/attention',
      '/invitations?deliveryProblem=true&limit=50',
      '/invitations?status=pending&expiringWithinHours=48&limit=50',
    ];
    const figures: Figure[] = [
      {
        name: 'invitations',
        value: Number(invitations),
        note: `${seedSeconds.toFixed(0)} s to seed with triggers`,
      },
      { name: 'events', value: Number(events) },
      {
        name: 'rollup rows after a fold',
        value: Number(rows.states) + Number(rows.cohorts) + Number(rows.daily),
        note: `states ${rows.states}, cohorts ${rows.cohorts}, daily ${rows.daily}; fold ${foldMs.toFixed(0)} ms`,
      },
      { name: 'single acceptance (with triggers)', value: changeMs, unit: 'ms' },
    ];
    for (const [who, headers] of Object.entries(as)) {
      for (const path of calls) {
        const { p50, p95 } = await time(path, headers);
        const overviewCall = path.startsWith('/overview');
        figures.push({
          name: `${who} ${path}`,
          value: p95,
          unit: 'ms p95',
          target: overviewCall ? '≤ 50' : undefined,
          note: `p50 ${p50.toFixed(1)} ms`,
        });
        ctx.log(`${who} ${path}: p50 ${p50.toFixed(1)} ms, p95 ${p95.toFixed(1)} ms`);
      }
    }
    return figures;
  } finally {
    await close();
  }
}
