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
  /**
   * Holding one credit for each of these new invitations, unexecuted, for a caller that writes
   * them within its own statement (the invitations say credit_held themselves): the balance goes
   * down and the ledger records each hold.
   */
  holdQueries(db: Executor, orgId: string, invitationIds: string[], actorName: string | null, at: Date) {
    return {
      balance: db
        .updateTable('organizations')
        .set((eb) => ({ credits_balance: eb('credits_balance', '-', invitationIds.length) }))
        .where('id', '=', orgId),
      ledger: db.insertInto('credit_transactions').values(
        invitationIds.map((id) => ({
          org_id: orgId,
          delta: -1,
          reason: 'hold' as const,
          invitation_id: id,
          actor_name: actorName,
          note: null,
          at,
        })),
      ),
    };
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
      .selectFrom('credit_transactions as t')
      .leftJoin('invitations as i', 'i.id', 't.invitation_id')
      .selectAll('t')
      .select('i.email as invitation_email')
      .where('t.org_id', '=', orgId)
      .orderBy('t.id', 'desc')
      .limit(limit)
      .execute();
  },
};
