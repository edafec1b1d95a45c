import type { Updateable } from 'kysely';
import { sql } from 'kysely';
import type { Executor, OrganizationsTable, Role } from '../db/types.ts';

export const organizationRepository = {
  count(db: Executor) {
    return db
      .selectFrom('organizations')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow()
      .then((r) => Number(r.n));
  },

  insert(db: Executor, name: string, now: Date, given: { timeZone?: string; defaultLocale?: string } = {}) {
    const { timeZone, defaultLocale } = given;
    return db
      .insertInto('organizations')
      .values({
        name,
        created_at: now,
        updated_at: now,
        ...(timeZone ? { time_zone: timeZone } : {}),
        ...(defaultLocale ? { default_locale: defaultLocale } : {}),
      })
      .returningAll()
      .executeTakeFirstOrThrow();
  },

  findById(db: Executor, id: string) {
    return db.selectFrom('organizations').selectAll().where('id', '=', id).executeTakeFirst();
  },

  /** Row-locks the organization: serialises changes that check a per-organization rule (credits). */
  findByIdForUpdate(db: Executor, id: string) {
    return db.selectFrom('organizations').selectAll().where('id', '=', id).forUpdate().executeTakeFirst();
  },

  update(db: Executor, id: string, patch: Updateable<OrganizationsTable>) {
    return db
      .updateTable('organizations')
      .set(patch)
      .where('id', '=', id)
      .returningAll()
      .executeTakeFirstOrThrow();
  },

  insertUser(
    db: Executor,
    row: {
      email: string;
      name: string;
      password_hash: string | null;
      must_change_password?: boolean;
      /** The address received a link that was used to make the account. */
      email_verified?: boolean;
      /** The language the account starts in (null: the browser's). */
      locale?: string | null;
      now: Date;
    },
  ) {
    return db
      .insertInto('users')
      .values({
        email: row.email,
        name: row.name,
        password_hash: row.password_hash,
        must_change_password: row.must_change_password ?? false,
        email_verified_at: row.email_verified ? row.now : null,
        locale: row.locale ?? null,
        created_at: row.now,
        updated_at: row.now,
      })
      .returningAll()
      .executeTakeFirstOrThrow();
  },

  insertMember(db: Executor, row: { org_id: string; user_id: string; role: Role; now: Date }) {
    return db
      .insertInto('members')
      .values({
        org_id: row.org_id,
        user_id: row.user_id,
        role: row.role,
        created_at: row.now,
        updated_at: row.now,
      })
      .returningAll()
      .executeTakeFirstOrThrow();
  },

  findMembership(db: Executor, orgId: string, userId: string) {
    return db
      .selectFrom('members')
      .select(['id', 'status'])
      .where('org_id', '=', orgId)
      .where('user_id', '=', userId)
      .executeTakeFirst();
  },

  /** Serialises setup: of two first organizations created at once, one waits for the other. */
  async lockSetup(db: Executor, lockId: number): Promise<void> {
    await sql`SELECT pg_advisory_xact_lock(${lockId})`.execute(db);
  },
};
