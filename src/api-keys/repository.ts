import type { Executor } from '../db/types.ts';

export const apiKeyRepository = {
  insert(
    db: Executor,
    row: {
      org_id: string;
      name: string;
      prefix: string;
      key_hash: string;
      created_by: string | null;
      created_at: Date;
    },
  ) {
    return db
      .insertInto('api_keys')
      .values(row)
      .returning(['id', 'name', 'prefix', 'created_at'])
      .executeTakeFirstOrThrow();
  },

  list(db: Executor, orgId: string) {
    return db
      .selectFrom('api_keys')
      .leftJoin('users', 'users.id', 'api_keys.created_by')
      .select([
        'api_keys.id',
        'api_keys.name',
        'api_keys.prefix',
        'api_keys.created_at',
        'api_keys.last_used_at',
        'api_keys.revoked_at',
        'users.name as created_by_name',
      ])
      .where('api_keys.org_id', '=', orgId)
      .orderBy('api_keys.created_at', 'desc')
      .orderBy('api_keys.id', 'desc')
      .execute();
  },

  find(db: Executor, orgId: string, id: string) {
    return db
      .selectFrom('api_keys')
      .select(['id', 'revoked_at'])
      .where('org_id', '=', orgId)
      .where('id', '=', id)
      .executeTakeFirst();
  },

  revoke(db: Executor, orgId: string, id: string, now: Date) {
    return db
      .updateTable('api_keys')
      .set({ revoked_at: now })
      .where('org_id', '=', orgId)
      .where('id', '=', id)
      .where('revoked_at', 'is', null)
      .execute();
  },
};
