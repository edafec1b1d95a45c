import type { Expression } from 'kysely';
import type { Executor, Role } from '../db/types.ts';

export const authRepository = {
  /** The language a person chose for Beckon (null: none; their browser's is used). */
  async userLocale(db: Executor, userId: string | null): Promise<string | null> {
    if (!userId) return null;
    const row = await db.selectFrom('users').select('locale').where('id', '=', userId).executeTakeFirst();
    return row?.locale ?? null;
  },

  findUserByEmail(db: Executor, email: string) {
    return db.selectFrom('users').selectAll().where('email', '=', email).executeTakeFirst();
  },

  findUserById(db: Executor, id: string) {
    return db.selectFrom('users').selectAll().where('id', '=', id).executeTakeFirst();
  },

  insertSession(
    db: Executor,
    row: { token_hash: string; user_id: string; csrf_token: string; created_at: Date; expires_at: Date },
  ) {
    return db.insertInto('sessions').values(row).returning('id').executeTakeFirstOrThrow();
  },

  findSessionByTokenHash(db: Executor, tokenHash: string, now: Date) {
    return authRepository.sessionByTokenHash(db, tokenHash, now).executeTakeFirst();
  },

  /** The unexpired session of a token and its person, as a query another statement may embed. */
  sessionByTokenHash(db: Executor, tokenHash: string | Expression<string>, now: Date | Expression<Date>) {
    return db
      .selectFrom('sessions')
      .innerJoin('users', 'users.id', 'sessions.user_id')
      .select([
        'sessions.id as sessionId',
        'sessions.csrf_token as csrfToken',
        'users.id as userId',
        'users.email',
        'users.name',
        'users.must_change_password as mustChangePassword',
        'users.locale',
        'users.time_zone as timeZone',
      ])
      .where('sessions.token_hash', '=', tokenHash)
      .where('sessions.expires_at', '>', now);
  },

  deleteSession(db: Executor, id: string) {
    return db.deleteFrom('sessions').where('id', '=', id).execute();
  },

  deleteOtherSessions(db: Executor, userId: string, keepSessionId: string | null) {
    let q = db.deleteFrom('sessions').where('user_id', '=', userId);
    if (keepSessionId) q = q.where('id', '!=', keepSessionId);
    return q.execute();
  },

  findMembership(db: Executor, orgId: string, userId: string) {
    return db
      .selectFrom('members')
      .select(['id', 'role', 'permissions', 'status', 'first_sign_in_at'])
      .where('org_id', '=', orgId)
      .where('user_id', '=', userId)
      .executeTakeFirst();
  },

  managedGroupIds(db: Executor, memberId: string) {
    return db
      .selectFrom('group_members')
      .select('group_id')
      .where('member_id', '=', memberId)
      .where('is_manager', '=', true)
      .execute()
      .then((rows) => rows.map((r) => r.group_id));
  },

  listMemberships(db: Executor, userId: string) {
    return db
      .selectFrom('members')
      .innerJoin('organizations', 'organizations.id', 'members.org_id')
      .select([
        'organizations.id',
        'organizations.name',
        'members.role',
        'members.permissions',
        'members.status',
      ])
      .where('members.user_id', '=', userId)
      .orderBy('organizations.name')
      .execute();
  },

  recordSignIn(db: Executor, userId: string, now: Date) {
    return db
      .updateTable('members')
      .set((eb) => ({
        last_sign_in_at: now,
        first_sign_in_at: eb.fn.coalesce('first_sign_in_at', eb.val(now)),
        updated_at: now,
      }))
      .where('user_id', '=', userId)
      .where('status', '=', 'active')
      .execute();
  },

  /** A member who accepts while signed in counts as signed in to that organization once. */
  recordFirstSignIn(db: Executor, orgId: string, userId: string, now: Date) {
    return db
      .updateTable('members')
      .set({ last_sign_in_at: now, first_sign_in_at: now, updated_at: now })
      .where('org_id', '=', orgId)
      .where('user_id', '=', userId)
      .where('first_sign_in_at', 'is', null)
      .execute();
  },

  /** The console language and time zone a person chose (null: the browser's). */
  updatePreferences(
    db: Executor,
    userId: string,
    prefs: { locale: string | null; timeZone: string | null },
    now: Date,
  ) {
    return db
      .updateTable('users')
      .set({ locale: prefs.locale, time_zone: prefs.timeZone, updated_at: now })
      .where('id', '=', userId)
      .execute();
  },

  /** The user's address is proven by a link sent to it, if it is still their address. */
  markEmailVerified(db: Executor, userId: string, email: string, now: Date) {
    return db
      .updateTable('users')
      .set({ email_verified_at: now })
      .where('id', '=', userId)
      .where('email', '=', email)
      .where('email_verified_at', 'is', null)
      .execute();
  },

  updatePassword(db: Executor, userId: string, passwordHash: string, mustChange: boolean, now: Date) {
    return db
      .updateTable('users')
      .set({ password_hash: passwordHash, must_change_password: mustChange, updated_at: now })
      .where('id', '=', userId)
      .execute();
  },
};

export type MembershipRole = Role;
