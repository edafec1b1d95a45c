/**
 * `npm run bench -- people-export`: the People exports (invitations as CSV and XLSX) on PostgreSQL.
 *
 * One organization gets BENCH_EXPORT_INVITATIONS (default 100,000) invitations in one
 * `INSERT … SELECT generate_series` statement (three groups, a formula-looking inviter now and
 * then), then VACUUM ANALYZE. The real application listens on 127.0.0.1 and the list is exported
 * over loopback HTTP with an API key, once as CSV and once as XLSX; the client counts bytes (and
 * CSV lines) and throws them away. Figures: rows per second end to end, and the process's resident
 * memory before each export and at its peak (sampled every 20 ms; server and client share the
 * process, so this bounds the server's). Each XLSX is checked by its zip end record.
 */
import { sql } from 'kysely';
import {
  benchApiKeyHeaders,
  benchOrganization,
  listenOnLoopback,
  measuredDownload,
  startBenchRuntime,
} from './bench-runtime.ts';
import type { BenchContext, Figure } from './run.ts';

const ROWS = Number(process.env.BENCH_EXPORT_INVITATIONS ?? 100_000);
const MB = 2 ** 20;

export default async function peopleExport(ctx: BenchContext): Promise<Figure[]> {
  const { runtime, close } = await startBenchRuntime(ctx);
  try {
    const { db, clock } = runtime.services;
    const now = clock.now();
    const { org, user, owner } = await benchOrganization(runtime);
    const headers = await benchApiKeyHeaders(runtime, owner);
    const groups = await sql<{ id: string }>`
      INSERT INTO groups (org_id, name, created_at)
      SELECT ${org.id}::uuid, 'Group ' || g, ${now}::timestamptz FROM generate_series(1, 3) g
      RETURNING id`.execute(db);
    const groupIds = groups.rows.map((g) => g.id);

    ctx.log(`seeding ${ROWS.toLocaleString('en-US')} invitations…`);
    const started = performance.now();
    await sql`
      INSERT INTO invitations (org_id, email, role, group_ids, status, expires_at, sent_count, last_sent_at,
        delivery_status, last_event_type, last_event_at, created_by_user_id, created_by_name, created_at, updated_at)
      SELECT ${org.id}::uuid, 'person' || g || '@example.com', 'learner',
             ARRAY[(${sql.val(groupIds)}::uuid[])[1 + g % 3]], 'pending',
             ${now}::timestamptz + interval '7 days', 1, ${now}::timestamptz - g * interval '1 second',
             'sent', 'sent', ${now}::timestamptz - g * interval '1 second', ${user.id}::uuid,
             CASE WHEN g % 97 = 0 THEN '=cmd' || g ELSE 'Bench Owner' END,
             ${now}::timestamptz - g * interval '1 second', ${now}::timestamptz
      FROM generate_series(1, ${ROWS}::int) g`.execute(db);
    await sql`VACUUM ANALYZE invitations`.execute(db);
    const seedSeconds = (performance.now() - started) / 1000;
    ctx.log(`seeded in ${seedSeconds.toFixed(1)} s`);

    const base = `${await listenOnLoopback(runtime)}/api/v1/orgs/${org.id}/invitations/export`;

    async function exportOnce(format: 'csv' | 'xlsx') {
      let lines = 0;
      let tail = Buffer.alloc(0);
      const { seconds, cpuSeconds, bytes, before, peak } = await measuredDownload(
        `${format} export`,
        `${base}?format=${format}`,
        headers,
        (chunk) => {
          if (format === 'csv') for (const b of chunk) if (b === 10) lines++;
          tail = Buffer.concat([tail, chunk]).subarray(-22);
        },
      );
      if (format === 'csv' && lines - 1 !== ROWS)
        throw new Error(`CSV gave ${lines - 1} rows, expected ${ROWS}`);
      // A complete zip ends with its end-of-central-directory record (PK\x05\x06, 22 bytes from the end).
      const eocd = tail.subarray(0, 4);
      if (format === 'xlsx' && eocd.toString('hex') !== '504b0506')
        throw new Error('the XLSX did not end with a zip directory');
      ctx.log(
        `${format}: ${ROWS.toLocaleString('en-US')} rows, ${(bytes / MB).toFixed(1)} MiB in ${seconds.toFixed(1)} s; RSS ${(before / MB).toFixed(0)} → peak ${(peak / MB).toFixed(0)} MiB`,
      );
      return {
        perSecond: ROWS / seconds,
        perCpuSecond: ROWS / cpuSeconds,
        bytes,
        before,
        peak,
      };
    }

    const figures: Figure[] = [
      { name: 'invitations seeded', value: ROWS, note: `generate_series, ${seedSeconds.toFixed(1)} s` },
    ];
    for (const format of ['csv', 'xlsx'] as const) {
      const r = await exportOnce(format);
      const label = format.toUpperCase();
      figures.push(
        { name: `${label} export`, value: Math.round(r.perSecond), unit: 'rows/s' },
        {
          name: `${label} export per CPU second`,
          value: Math.round(r.perCpuSecond),
          unit: 'rows/s',
          note: 'of the Beckon process (server and client), PostgreSQL not counted',
        },
        {
          name: `${label} export peak RSS`,
          value: Math.round(r.peak / MB),
          unit: 'MiB',
          note: `${Math.round(r.before / MB)} MiB before; ${(r.bytes / MB).toFixed(1)} MiB streamed`,
        },
      );
    }
    return figures;
  } finally {
    await close();
  }
}
