import type { Executor } from '../db/types.ts';

export const dkimKeyRepository = {
  find(db: Executor, domain: string) {
    return db.selectFrom('dkim_keys').selectAll().where('domain', '=', domain).executeTakeFirst();
  },

  /** Keeps the first key when two processes generate one at once. */
  async insertIfAbsent(
    db: Executor,
    row: {
      domain: string;
      selector: string;
      private_key_encrypted: string;
      public_key: string;
      created_at: Date;
    },
  ): Promise<void> {
    await db
      .insertInto('dkim_keys')
      .values(row)
      .onConflict((oc) => oc.column('domain').doNothing())
      .execute();
  },
};
