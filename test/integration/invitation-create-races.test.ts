import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TestApp } from '../helpers/app.ts';
import { createOrgWithOwner, uniqueEmail } from '../helpers/factories.ts';
import { sharedTestApp } from '../helpers/shared-app.ts';

// Concurrent creates: on PostgreSQL they overlap for real (the losing write fails on the
// open-invitation index and is checked again); on PGlite they queue on its one connection.
describe('creating invitations concurrently', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await sharedTestApp({ workers: false });
  });
  afterAll(() => t.close());

  it('invites an address once when ten creates of it race', async () => {
    const { org, client } = await createOrgWithOwner(t);
    const email = uniqueEmail('raced');
    const answers = await Promise.all(
      Array.from({ length: 10 }, () =>
        client.post(`/api/v1/orgs/${org.id}/invitations`, { emails: [email] }),
      ),
    );
    expect(answers.map((a) => a.status)).toEqual(Array(10).fill(201));
    expect(answers.filter((a) => a.body.invitations.length === 1)).toHaveLength(1);
    const refusals = answers.flatMap((a) => a.body.rejected.map((r: { code: string }) => r.code));
    expect(refusals).toEqual(Array(9).fill('already_invited'));
    const db = t.services.db;
    const count = async (table: 'invitations' | 'emails' | 'audit_events') =>
      (
        await db
          .selectFrom(table)
          .select((eb) => eb.fn.countAll<number>().as('n'))
          .where('org_id', '=', org.id)
          .where(
            table === 'emails' ? 'to_address' : table === 'audit_events' ? 'target_label' : 'email',
            '=',
            email,
          )
          .executeTakeFirstOrThrow()
      ).n;
    expect(Number(await count('invitations'))).toBe(1);
    expect(Number(await count('emails'))).toBe(1);
    expect(Number(await count('audit_events'))).toBe(1);
  });

  it('holds no more credits than the balance when creates race', async () => {
    const { org, client } = await createOrgWithOwner(t);
    const base = `/api/v1/orgs/${org.id}`;
    expect((await client.post(`${base}/credits`, { enabled: true, amount: 3 })).status).toBe(200);
    const answers = await Promise.all(
      Array.from({ length: 8 }, () => client.post(`${base}/invitations`, { emails: [uniqueEmail()] })),
    );
    const created = answers.filter((a) => a.body.invitations.length === 1);
    expect(created).toHaveLength(3);
    expect(answers.flatMap((a) => a.body.rejected.map((r: { code: string }) => r.code))).toEqual(
      Array(5).fill('no_credits'),
    );
    const summary = (await client.get(`${base}/credits`)).body;
    expect(summary).toMatchObject({ balance: 0, held: 3 });
    expect(summary.transactions.filter((x: { reason: string }) => x.reason === 'hold')).toHaveLength(3);
  });
});
