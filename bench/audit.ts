/**
 * `npm run bench -- audit`: the audit log export on PostgreSQL.
 *
 * One organization's audit log is filled with BENCH_AUDIT_EVENTS (default 1,000,000) events in one
 * `INSERT … SELECT generate_series` statement, then VACUUM ANALYZE. The real application listens on
 * 127.0.0.1 and the whole log is exported over loopback HTTP (an API key, as a script would), as
 * CSV and as NDJSON; the client counts lines and throws the bytes away. Figures: events per second
 * end to end, and the process's resident memory before the export and at its peak (sampled every
 * 20 ms; server and client share the process, so this bounds the server's). A list page with a
 * type filter deep in the log is timed too.
 */
import { sql } from 'kysely';
import { auditRepository } from '../src/audit/repository.ts';
import {
  benchApiKeyHeaders,
  benchOrganization,
  listenOnLoopback,
  measuredDownload,
  startBenchRuntime,
} from './bench-runtime.ts';
import type { BenchContext, Figure } from './run.ts';

const EVENTS = Number(process.env.BENCH_AUDIT_EVENTS ?? 1_000_000);
const MB = 2 ** 20;

export default async function audit(ctx: BenchContext): Promise<Figure[]> {
  const { runtime, close } = await startBenchRuntime(ctx);
  try {
    const { db, clock } = runtime.services;
    const now = clock.now();
    const { org, user, owner } = await benchOrganization(runtime);
    const headers = await benchApiKeyHeaders(runtime, owner);

    ctx.log(`seeding ${EVENTS.toLocaleString('en-US')} audit events…`);
    let started = performance.now();
    // Names and labels of realistic length; one in five by an API key; a formula-looking label
    // now and then so the neutraliser has work to do.
    await sql`
      INSERT INTO audit_events (id, org_id, at, actor_type, actor_id, actor_name, action, target_type,
                                target_id, target_label, changes)
      SELECT gen_random_uuid(), ${org.id}::uuid, ${now}::timestamptz - g * interval '1 second',
             CASE WHEN g % 5 = 0 THEN 'api_key' ELSE 'user' END, ${user.id}::uuid,
             CASE WHEN g % 5 = 0 THEN 'API key "bench"' ELSE 'Bench Owner' END,
             (ARRAY['member.role_changed','group.changed','settings.changed','invitation.created',
                    'invitation.cancelled'])[1 + g % 5],
             'member', gen_random_uuid()::text,
             CASE WHEN g % 97 = 0 THEN '=cmd' || g ELSE 'Person ' || g || ' <person' || g || '@example.com>' END,
             jsonb_build_object('role', jsonb_build_object('from', 'learner', 'to', 'curator'))
      FROM generate_series(1, ${EVENTS}::int) g`.execute(db);
    await sql`VACUUM ANALYZE audit_events`.execute(db);
    const seedSeconds = (performance.now() - started) / 1000;
    ctx.log(`seeded in ${seedSeconds.toFixed(1)} s`);

    const base = `${await listenOnLoopback(runtime)}/api/v1/orgs/${org.id}/audit-log`;

    async function exportOnce(format: 'csv' | 'ndjson') {
      let lines = 0;
      const decoder = new TextDecoder();
      const { seconds, cpuSeconds, bytes, before, peak } = await measuredDownload(
        `export.${format}`,
        `${base}/export.${format}`,
        headers,
        (chunk) => {
          const text = decoder.decode(chunk, { stream: true });
          for (let i = text.indexOf('\n'); i !== -1; i = text.indexOf('\n', i + 1)) lines++;
        },
      );
      const events = format === 'csv' ? lines - 1 : lines;
      // The seeded events plus the API key's own creation.
      if (events !== EVENTS + 1)
        throw new Error(`export.${format} gave ${events} events, expected ${EVENTS + 1}`);
      ctx.log(
        `${format}: ${events.toLocaleString('en-US')} events, ${(bytes / MB).toFixed(0)} MiB in ${seconds.toFixed(1)} s; RSS ${(before / MB).toFixed(0)} → peak ${(peak / MB).toFixed(0)} MiB`,
      );
      return { perSecond: events / seconds, perCpuSecond: events / cpuSeconds, seconds, bytes, before, peak };
    }

    // The database side alone: every export page read, nothing formatted or sent.
    const t1 = performance.now();
    let read = 0;
    let after: { atText: string; id: string } | undefined;
    for (;;) {
      const page = await auditRepository.exportPage(db, { orgId: org.id }, 5000, after);
      read += page.length;
      if (page.length < 5000) break;
      after = { atText: page.at(-1)!.at_text, id: page.at(-1)!.id };
    }
    const readPerSecond = read / ((performance.now() - t1) / 1000);
    ctx.log(`database pages alone: ${Math.round(readPerSecond).toLocaleString('en-US')} events/s`);

    const csv = await exportOnce('csv');
    const ndjson = await exportOnce('ndjson');

    // A filtered page deep in the log: the keyset cursor of an event about 900,000 rows down.
    const deep = await sql<{ at: Date; id: string }>`
      SELECT at, id FROM audit_events WHERE org_id = ${org.id}::uuid
      ORDER BY at DESC, id DESC OFFSET ${Math.floor(EVENTS * 0.9)} LIMIT 1`.execute(db);
    const cursor = Buffer.from(`${deep.rows[0]!.at.toISOString()}|${deep.rows[0]!.id}`).toString('base64url');
    const times: number[] = [];
    for (let i = 0; i < 110; i++) {
      started = performance.now();
      const res = await fetch(`${base}?type=invitation&limit=50&cursor=${cursor}`, { headers });
      await res.arrayBuffer();
      if (i >= 10) times.push(performance.now() - started);
    }
    times.sort((a, b) => a - b);
    const p95 = times[Math.floor(times.length * 0.95)]!;

    return [
      { name: 'events seeded', value: EVENTS, note: `generate_series, ${seedSeconds.toFixed(1)} s` },
      { name: 'database pages alone', value: Math.round(readPerSecond), unit: 'events/s' },
      { name: 'CSV export', value: Math.round(csv.perSecond), unit: 'events/s', target: '≥ 50,000' },
      {
        name: 'CSV export per CPU second',
        value: Math.round(csv.perCpuSecond),
        unit: 'events/s',
        note: 'of the Beckon process (server and client), PostgreSQL not counted',
      },
      {
        name: 'CSV export peak RSS',
        value: Math.round(csv.peak / MB),
        unit: 'MiB',
        note: `${Math.round(csv.before / MB)} MiB before; ${Math.round(csv.bytes / MB)} MiB streamed`,
      },
      { name: 'NDJSON export', value: Math.round(ndjson.perSecond), unit: 'events/s', target: '≥ 50,000' },
      { name: 'NDJSON export per CPU second', value: Math.round(ndjson.perCpuSecond), unit: 'events/s' },
      {
        name: 'NDJSON export peak RSS',
        value: Math.round(ndjson.peak / MB),
        unit: 'MiB',
        note: `${Math.round(ndjson.before / MB)} MiB before; ${Math.round(ndjson.bytes / MB)} MiB streamed`,
      },
      { name: 'list page p95 (type filter, 90 % deep)', value: p95, unit: 'ms' },
    ];
  } finally {
    await close();
  }
}
