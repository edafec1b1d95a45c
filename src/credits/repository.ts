import { sql } from 'kysely';
import type { Executor } from '../db/types.ts';

export const creditRepository = {
  /** Whether credits are on, and the balance (no lock). */
  settings(db: Executor, orgId: string) {
    return db
      .selectFrom('organizations')
      .select(['credits_enabled', 'credits_balance'])
      .where('id', '=', orgId)
      .executeTakeFirstOrThrow();
  },

  lockOrg(db: Executor, orgId: string) {
    return db
      .selectFrom('organizations')
      .select(['id', 'credits_enabled', 'credits_balance'])
      .where('id', '=', orgId)
      .forUpdate()
      .executeTakeFirstOrThrow();
  },
  addToBalance(db: Executor, orgId: string, delta: number) {
    return db
      .updateTable('organizations')
      .set((eb) => ({ credits_balance: eb('credits_balance', '+', delta) }))
      .where('id', '=', orgId)
      .returning(['credits_balance'])
      .executeTakeFirstOrThrow();
  },
  setEnabled(db: Executor, orgId: string, enabled: boolean) {
    return db
      .updateTable('organizations')
      .set({ credits_enabled: enabled })
      .where('id', '=', orgId)
      .execute();
  },
  markHeld(db: Executor, ids: string[], held: boolean) {
    if (ids.length === 0) return Promise.resolve();
    return db
      .updateTable('invitations')
      .set({ credit_held: held })
      .where('id', 'in', ids)
      .execute()
      .then(() => undefined);
  },
  insertTransactions(
    db: Executor,
    rows: {
      org_id: string;
      delta: number;
      reason: 'purchase' | 'adjustment' | 'hold' | 'release' | 'spend';
      invitation_id: string | null;
      actor_name: string | null;
      note?: string | null;
      at: Date;
    }[],
  ) {
    if (rows.length === 0) return Promise.resolve();
    return db
      .insertInto('credit_transactions')
      .values(rows.map((r) => ({ ...r, note: r.note ?? null })))
      .execute()
      .then(() => undefined);
  },
  heldCount(db: Executor, orgId: string) {
    return db
      .selectFrom('invitations')
      .select(sql<number>`count(*)::int`.as('n'))
      .where('org_id', '=', orgId)
      .where('credit_held', '=', true)
      .executeTakeFirstOrThrow()
      .then((r) => Number(r.n));
  },
  recent(db: Executor, orgId: string, limit: number) {
    return db
      .selectFrom('credit_transactions')
      .selectAll()
      .where('org_id', '=', orgId)
      .orderBy('id', 'desc')
      .limit(limit)
      .execute();
  },
};
