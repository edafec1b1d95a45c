import type { Executor } from '../db/types.ts';

export interface NewOneTimeToken {
  id: string;
  purpose: string;
  token_hash: string;
  org_id: string | null;
  user_id: string | null;
  email: string;
  data: string | null;
  created_at: Date;
  expires_at: Date;
}

/** The SQL of one-time tokens (see one-time-tokens.ts for the rules). */
export const oneTimeTokenRepository = {
  async insert(db: Executor, row: NewOneTimeToken): Promise<void> {
    await db.insertInto('one_time_tokens').values(row).execute();
  },

  findByHash(db: Executor, tokenHash: string, purpose: string) {
    return db
      .selectFrom('one_time_tokens')
      .select(['id', 'purpose', 'org_id', 'user_id', 'email', 'data', 'created_at', 'expires_at', 'used_at'])
      .where('token_hash', '=', tokenHash)
      .where('purpose', '=', purpose)
      .executeTakeFirst();
  },

  /** Marks every unused token of this purpose and person as used: only a newer one will work. */
  async retireUnused(db: Executor, purpose: string, userId: string, now: Date): Promise<void> {
    await db
      .updateTable('one_time_tokens')
      .set({ used_at: now })
      .where('purpose', '=', purpose)
      .where('user_id', '=', userId)
      .where('used_at', 'is', null)
      .execute();
  },

  /** Single use: only the first caller sees its row marked. */
  async markUsed(db: Executor, id: string, now: Date): Promise<boolean> {
    const row = await db
      .updateTable('one_time_tokens')
      .set({ used_at: now })
      .where('id', '=', id)
      .where('used_at', 'is', null)
      .where('expires_at', '>', now)
      .returning('id')
      .executeTakeFirst();
    return row !== undefined;
  },

  async issuedSince(
    db: Executor,
    purpose: string,
    email: string,
    orgId: string | null,
    since: Date,
  ): Promise<boolean> {
    let q = db
      .selectFrom('one_time_tokens')
      .select('id')
      .where('purpose', '=', purpose)
      .where('email', '=', email)
      .where('created_at', '>', since)
      .where('used_at', 'is', null);
    q = orgId ? q.where('org_id', '=', orgId) : q;
    return (await q.limit(1).executeTakeFirst()) !== undefined;
  },
};
