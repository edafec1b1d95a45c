import type { Executor } from '../db/types.ts';

/** Keys with their creator's membership of the key's organization: one indexed join. */
function withCreator(db: Executor) {
  return db
    .selectFrom('api_keys')
    .leftJoin('members as creator', (join) =>
      join
        .onRef('creator.org_id', '=', 'api_keys.org_id')
        .onRef('creator.user_id', '=', 'api_keys.created_by'),
    )
    .select([
      'api_keys.id',
      'api_keys.org_id',
      'api_keys.name',
      'api_keys.role',
      'api_keys.creator_unknown',
      'api_keys.revoked_at',
      'creator.id as creator_member_id',
      'creator.role as creator_role',
      'creator.permissions as creator_permissions',
      'creator.status as creator_status',
    ]);
}

export const apiKeyRepository = {
  insert(
    db: Executor,
    row: {
      org_id: string;
      name: string;
      prefix: string;
      key_hash: string;
      role: 'admin' | 'hr';
      created_by: string;
      created_by_name: string;
      created_by_key_id: string | null;
      created_at: Date;
    },
  ) {
    return db
      .insertInto('api_keys')
      .values(row)
      .returning(['id', 'name', 'prefix', 'role', 'created_at'])
      .executeTakeFirstOrThrow();
  },

  /**
   * What authentication needs on every call: the key, its role and its creator's standing. The
   * same statement records the use at most once a minute per key (a write per call would cost a
   * commit each): a separate update would be a second round trip on every call.
   */
  findByHashWithCreator(db: Executor, keyHash: string, now: Date) {
    const touch = db
      .updateTable('api_keys')
      .set({ last_used_at: now })
      .where('key_hash', '=', keyHash)
      .where('revoked_at', 'is', null)
      .where((eb) =>
        eb.or([eb('last_used_at', 'is', null), eb('last_used_at', '<', new Date(now.getTime() - 60_000))]),
      )
      .returning('id');
    // A data-modifying WITH runs whether or not the main query reads it.
    return withCreator(db.with('touched', () => touch) as unknown as Executor)
      .where('api_keys.key_hash', '=', keyHash)
      .executeTakeFirst();
  },

  list(db: Executor, orgId: string) {
    return withCreator(db)
      .leftJoin('api_keys as by_key', 'by_key.id', 'api_keys.created_by_key_id')
      .leftJoin('users as creator_user', 'creator_user.id', 'api_keys.created_by')
      .select([
        'creator_user.name as creator_current_name',
        'api_keys.prefix',
        'api_keys.created_at',
        'api_keys.last_used_at',
        'api_keys.created_by',
        'api_keys.created_by_name',
        'by_key.id as created_by_key_id',
        'by_key.name as created_by_key_name',
      ])
      .where('api_keys.org_id', '=', orgId)
      .orderBy('api_keys.created_at', 'desc')
      .orderBy('api_keys.id', 'desc')
      .execute();
  },

  find(db: Executor, orgId: string, id: string) {
    return db
      .selectFrom('api_keys')
      .select(['id', 'name', 'prefix', 'revoked_at', 'created_by', 'created_by_name', 'creator_unknown'])
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
