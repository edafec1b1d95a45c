import { type Insertable, sql } from 'kysely';
import type { Executor } from '../db/types.ts';
import type { JoinPagesTable } from './tables.ts';

export const joinRepository = {
  /** A deleted group stops being a default group of the join page. */
  async removeDefaultGroup(db: Executor, orgId: string, groupId: string): Promise<void> {
    await sql`UPDATE join_pages SET default_group_ids = array_remove(default_group_ids, ${groupId}::uuid) WHERE org_id = ${orgId}`.execute(
      db,
    );
  },

  findByOrg(db: Executor, orgId: string) {
    return db.selectFrom('join_pages').selectAll().where('org_id', '=', orgId).executeTakeFirst();
  },

  /** The page and its organization's name, by slug (case-insensitive: slug is citext). */
  findBySlug(db: Executor, slug: string) {
    return db
      .selectFrom('join_pages')
      .innerJoin('organizations', 'organizations.id', 'join_pages.org_id')
      .selectAll('join_pages')
      .select([
        'organizations.name as org_name',
        'organizations.default_locale',
        'organizations.allowed_locales',
        'organizations.time_zone',
      ])
      .where('join_pages.slug', '=', slug)
      .executeTakeFirst();
  },

  slugTaken(db: Executor, slug: string, exceptOrgId: string) {
    return db
      .selectFrom('join_pages')
      .select('org_id')
      .where('slug', '=', slug)
      .where('org_id', '!=', exceptOrgId)
      .executeTakeFirst()
      .then((r) => r !== undefined);
  },

  /**
   * The organization's page, switched off, under `slug`, unless it has one or the slug is taken
   * (any conflict does nothing): undefined when nothing was written.
   */
  reserve(db: Executor, orgId: string, slug: string, now: Date) {
    return db
      .insertInto('join_pages')
      .values({ org_id: orgId, slug, updated_at: now })
      .onConflict((oc) => oc.doNothing())
      .returningAll()
      .executeTakeFirst();
  },

  upsert(db: Executor, orgId: string, values: Omit<Insertable<JoinPagesTable>, 'org_id'>) {
    return db
      .insertInto('join_pages')
      .values({ ...values, org_id: orgId })
      .onConflict((oc) => oc.column('org_id').doUpdateSet(values))
      .returningAll()
      .executeTakeFirstOrThrow();
  },

  /**
   * Counts one join if the page is open: enabled, not expired, under its cap. Atomic, so a cap
   * holds under concurrent joins. Returns the defaults to apply, or undefined when closed.
   */
  takeJoin(db: Executor, orgId: string, now: Date) {
    return db
      .updateTable('join_pages')
      .set((eb) => ({ join_count: eb('join_count', '+', 1) }))
      .where('org_id', '=', orgId)
      .where('enabled', '=', true)
      .where((eb) => eb.or([eb('expires_at', 'is', null), eb('expires_at', '>', now)]))
      .where((eb) => eb.or([eb('max_joins', 'is', null), eb('join_count', '<', eb.ref('max_joins'))]))
      .returning(['default_role', 'default_group_ids', 'app_id', 'return_path'])
      .executeTakeFirst();
  },

  findMemberByEmail(db: Executor, orgId: string, email: string) {
    return db
      .selectFrom('members')
      .innerJoin('users', 'users.id', 'members.user_id')
      .select(['members.id', 'members.status'])
      .where('members.org_id', '=', orgId)
      .where('users.email', '=', email)
      .executeTakeFirst();
  },

  groupIdsOfOrg(db: Executor, orgId: string, ids: string[]) {
    if (ids.length === 0) return Promise.resolve([] as string[]);
    return db
      .selectFrom('groups')
      .select('id')
      .where('org_id', '=', orgId)
      .where('id', 'in', ids)
      .execute()
      .then((rows) => rows.map((r) => r.id));
  },
};
