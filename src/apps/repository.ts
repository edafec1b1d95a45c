import type { Insertable, Selectable, Updateable } from 'kysely';
import type { Executor } from '../db/types.ts';
import type { AppsTable } from './tables.ts';

export type AppRow = Selectable<AppsTable>;
export type AppPatch = Updateable<AppsTable>;

export const appRepository = {
  list(db: Executor, orgId: string) {
    return db.selectFrom('apps').selectAll().where('org_id', '=', orgId).orderBy('created_at').execute();
  },
  find(db: Executor, orgId: string, id: string) {
    return db
      .selectFrom('apps')
      .selectAll()
      .where('org_id', '=', orgId)
      .where('id', '=', id)
      .executeTakeFirst();
  },
  /** Locks the row so concurrent changes to one app apply one after the other. */
  findForUpdate(db: Executor, orgId: string, id: string) {
    return db
      .selectFrom('apps')
      .selectAll()
      .where('org_id', '=', orgId)
      .where('id', '=', id)
      .forUpdate()
      .executeTakeFirst();
  },
  findByClientId(db: Executor, clientId: string) {
    return db.selectFrom('apps').selectAll().where('client_id', '=', clientId).executeTakeFirst();
  },
  insert(db: Executor, row: Insertable<AppsTable>) {
    return db.insertInto('apps').values(row).returningAll().executeTakeFirstOrThrow();
  },
  update(db: Executor, orgId: string, id: string, patch: AppPatch) {
    return db
      .updateTable('apps')
      .set(patch)
      .where('org_id', '=', orgId)
      .where('id', '=', id)
      .returningAll()
      .executeTakeFirstOrThrow();
  },
  delete(db: Executor, orgId: string, id: string) {
    return db.deleteFrom('apps').where('org_id', '=', orgId).where('id', '=', id).execute();
  },
  /** Group ids among `ids` that belong to the organization. */
  async existingGroupIds(db: Executor, orgId: string, ids: string[]): Promise<string[]> {
    if (ids.length === 0) return [];
    const rows = await db
      .selectFrom('groups')
      .select('id')
      .where('org_id', '=', orgId)
      .where('id', 'in', ids)
      .execute();
    return rows.map((r) => r.id);
  },
};
