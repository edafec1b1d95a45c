import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { sql } from 'kysely';
import { beforeAll, describe, expect, it } from 'vitest';
import { TEST_SECRET, type TestApp } from '../helpers/app.ts';
import { onPostgres } from '../helpers/database.ts';
import { createOrgWithOwner } from '../helpers/factories.ts';
import { sharedTestApp } from '../helpers/shared-app.ts';

const root = join(import.meta.dirname, '..', '..');

/**
 * Killing the process mid-import (SIGKILL: no cleanup at all) and starting again finishes the
 * import with no row lost and none doubled. Needs a database two processes can share: PostgreSQL.
 */
describe.skipIf(!onPostgres())('import survives kill -9', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await sharedTestApp({ workers: false });
  });

  async function preparedImport(n: number) {
    const o = await createOrgWithOwner(t);
    const base = `/api/v1/orgs/${o.org.id}/imports`;
    expect(
      (await o.client.patch(`/api/v1/orgs/${o.org.id}/settings`, { importRowLimit: 10_000 })).status,
    ).toBe(200);
    const emails = Array.from({ length: n }, (_, i) => `kill${i}.${o.org.id.slice(0, 8)}@example.net`);
    const res = await o.client.request('POST', base, Buffer.from(`email\n${emails.join('\n')}\n`), {
      'content-type': 'text/csv',
    });
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    expect((await o.client.post(`${base}/${res.body.id}/confirm`)).status).toBe(202);
    return { id: res.body.id as string, client: o.client, base };
  }

  async function state(importId: string) {
    const r = await sql<{
      invitations: number;
      distinct_emails: number;
      batched: number;
      outcomes: number;
      created_rows: number;
      linked: number;
    }>`
      SELECT
        (SELECT count(*)::int FROM invitations WHERE import_id = ${importId}) AS invitations,
        (SELECT count(DISTINCT lower(email::text))::int FROM invitations WHERE import_id = ${importId}) AS distinct_emails,
        (SELECT count(*)::int FROM pgboss.job j, jsonb_array_elements_text(j.data->'invitationIds') AS b(id)
          JOIN invitations i ON i.id::text = b.id WHERE j.name = 'invitation.send-batch' AND i.import_id = ${importId}) AS batched,
        (SELECT count(*)::int FROM import_rows WHERE import_id = ${importId} AND outcome IS NOT NULL) AS outcomes,
        (SELECT count(*)::int FROM import_rows WHERE import_id = ${importId} AND outcome = 'created') AS created_rows,
        (SELECT count(DISTINCT invitation_id)::int FROM import_rows WHERE import_id = ${importId}) AS linked
    `.execute(t.services.db);
    return r.rows[0]!;
  }

  /** Runs the import's send-batch jobs here (as a worker would); then counts emails and send jobs. */
  async function sendAll(importId: string) {
    const { rows } = await sql<{ data: { invitationIds: string[] } }>`
      SELECT j.data FROM pgboss.job j WHERE j.name = 'invitation.send-batch'
        AND EXISTS (SELECT 1 FROM invitations i WHERE i.import_id = ${importId} AND i.id::text = j.data->'invitationIds'->>0)
    `.execute(t.services.db);
    for (const job of rows) await t.services.sendBatches.send(job.data);
    const c = await sql<{ emails: number; jobs: number }>`
      SELECT
        (SELECT count(*)::int FROM emails e JOIN invitations i ON i.id = e.invitation_id WHERE i.import_id = ${importId}) AS emails,
        (SELECT count(*)::int FROM pgboss.job j JOIN emails e ON e.id::text = j.data->>'emailId' JOIN invitations i ON i.id = e.invitation_id WHERE j.name = 'email.send' AND i.import_id = ${importId}) AS jobs
    `.execute(t.services.db);
    return c.rows[0]!;
  }

  it('a worker process killed with SIGKILL mid-import; this process finishes it', async () => {
    const N = 1200;
    const imp = await preparedImport(N);
    const url = (t.database as { url?: string }).url!;
    const child = spawn(
      join(root, 'node_modules', '.bin', 'node'),
      [join(root, 'test', 'fixtures', 'import-worker.ts')],
      {
        cwd: root,
        env: {
          ...process.env,
          DATABASE_URL: url,
          SECRET_KEY: TEST_SECRET,
          NODE_ENV: 'test',
          LOG_LEVEL: 'silent',
          APP_URL: 'http://beckon.test',
          IMPORT_ID: imp.id,
          CHUNK: '100',
          PAUSE_MS: '200',
        },
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    );
    let out = '';
    let err = '';
    child.stderr.on('data', (d) => (err += d));
    const exited = new Promise<NodeJS.Signals | null>((resolve) =>
      child.on('exit', (_code, signal) => resolve(signal)),
    );
    try {
      await new Promise<void>((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`worker made no progress: ${out} ${err}`)), 90_000);
        child.stdout.on('data', (d) => {
          out += d;
          if ((out.match(/chunk/g) ?? []).length >= 3) {
            clearTimeout(timer);
            resolve();
          }
        });
      });
    } finally {
      child.kill('SIGKILL');
    }
    expect(await exited).toBe('SIGKILL');
    expect(out).not.toContain('finished');

    const mid = await state(imp.id);
    expect(mid.invitations).toBeGreaterThanOrEqual(300);
    expect(mid.invitations).toBeLessThan(N);
    // Whatever committed is whole: every created row has its invitation and its place in a send batch.
    expect(mid).toMatchObject({
      distinct_emails: mid.invitations,
      batched: mid.invitations,
      created_rows: mid.invitations,
    });
    expect((await imp.client.get(`${imp.base}/${imp.id}`)).body).toMatchObject({
      status: 'running',
      processed: mid.outcomes,
      created: mid.invitations,
    });

    // "Starting it again": the job is redelivered and continues where the rows say.
    await t.services.imports.runImport(imp.id);
    const end = await state(imp.id);
    expect(end).toEqual({
      invitations: N,
      distinct_emails: N,
      batched: N,
      outcomes: N,
      created_rows: N,
      linked: N,
    });
    // Each invitation gets exactly one email and one send job, however the batches were cut.
    expect(await sendAll(imp.id)).toEqual({ emails: N, jobs: N });
    expect((await imp.client.get(`${imp.base}/${imp.id}`)).body).toMatchObject({
      status: 'done',
      total: N,
      processed: N,
      created: N,
      skipped: 0,
      failed: 0,
    });
  }, 180_000);

  it('two runs of the same import at once (a redelivered job next to a slow one) create each row once', async () => {
    const N = 700;
    const imp = await preparedImport(N);
    await Promise.all([
      t.services.imports.runImport(imp.id, { chunkSize: 50 }),
      t.services.imports.runImport(imp.id, { chunkSize: 70 }),
      t.services.imports.runImport(imp.id, { chunkSize: 90 }),
    ]);
    const end = await state(imp.id);
    expect(end).toEqual({
      invitations: N,
      distinct_emails: N,
      batched: N,
      outcomes: N,
      created_rows: N,
      linked: N,
    });
    // Each invitation gets exactly one email and one send job, however the batches were cut.
    expect(await sendAll(imp.id)).toEqual({ emails: N, jobs: N });
    expect((await imp.client.get(`${imp.base}/${imp.id}`)).body).toMatchObject({
      status: 'done',
      processed: N,
      created: N,
    });
  }, 120_000);
});
