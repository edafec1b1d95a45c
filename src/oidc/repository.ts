import { type RawBuilder, sql } from 'kysely';
import { authRepository } from '../auth/repository.ts';
import { compiledOnce } from '../db/compiled-once.ts';
import type { Executor } from '../db/types.ts';
import { type AccessRow, accessQuery } from './account-repository.ts';

export interface PayloadRow {
  model: string;
  id: string;
  payload: string;
  grant_id: string | null;
  user_code: string | null;
  uid: string | null;
  client_id: string | null;
  expires_at: Date | null;
}

export interface StoredRow {
  payload: Record<string, unknown>;
  consumed_at: Date | null;
}

/** Which Beckon session an authorization request carries: its token's hash, unexpired at `now`. */
export interface BeckonSessionKey {
  tokenHash: string;
  now: Date;
}

/** A code, token or session with the rows the provider reads next in the same request. */
export interface RowWithContext extends StoredRow {
  session: StoredRow | null;
  grant: StoredRow | null;
  /** The access row of the row's app and person (see account-repository.ts); null: none. */
  access: AccessRow | null;
  /** With a session: the Beckon session asked for, or null (none, or expired). */
  beckon?: Record<string, unknown> | null;
}

/** The user id in a payload's `accountId` when it is a UUID (else NULL: no person, no cast error). */
const accountIdOf = (alias: string) =>
  sql`CASE WHEN ${sql.ref(`${alias}.payload`)}->>'accountId' ~* '^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$'
           THEN (${sql.ref(`${alias}.payload`)}->>'accountId')::uuid END`;

/** A payload row's columns, in the order the statements below take them. */
type RowValues = [
  string,
  string,
  string,
  string | null,
  string | null,
  string | null,
  string | null,
  Date | null,
];
const rowValues = (row: PayloadRow): RowValues => [
  row.model,
  row.id,
  row.payload,
  row.grant_id,
  row.user_code,
  row.uid,
  row.client_id,
  row.expires_at,
];

/** A row saved (each of its columns a value): its payload sent once, the update taking the insert's. */
const upsertRow = compiledOnce<RowValues, never>(
  8,
  (db, model, id, payload, grantId, userCode, uid, clientId, expiresAt) =>
    db
      .insertInto('oidc_payloads')
      .values({
        model,
        id,
        payload: sql`${payload}::jsonb`,
        grant_id: grantId,
        user_code: userCode,
        uid,
        client_id: clientId,
        expires_at: expiresAt,
      })
      .onConflict((oc) =>
        oc.columns(['model', 'id']).doUpdateSet((eb) => ({
          payload: eb.ref('excluded.payload'),
          grant_id: eb.ref('excluded.grant_id'),
          user_code: eb.ref('excluded.user_code'),
          uid: eb.ref('excluded.uid'),
          client_id: eb.ref('excluded.client_id'),
          expires_at: eb.ref('excluded.expires_at'),
        })),
      ),
);

const tokenWithContext = compiledOnce<[string, string], RowWithContext>(
  2,
  (_db, model, id) => sql<RowWithContext>`
      SELECT tok.payload, tok.consumed_at,
             (SELECT json_build_object('payload', ses.payload, 'consumed_at', ses.consumed_at)
                FROM oidc_payloads ses
               WHERE ses.model = 'Session' AND ses.uid = tok.payload->>'sessionUid' LIMIT 1) AS session,
             (SELECT json_build_object('payload', gra.payload, 'consumed_at', gra.consumed_at)
                FROM oidc_payloads gra
               WHERE gra.model = 'Grant' AND gra.id = tok.grant_id) AS grant,
             (SELECT row_to_json(acc) FROM (${accessQuery(sql`tok.client_id`, accountIdOf('tok'))}) acc) AS access
        FROM oidc_payloads tok
       WHERE tok.model = ${model} AND tok.id = ${id}`,
);

/** The provider session (by id) with its grant for a client and that app's access row for its person. */
const sessionContext =
  (beckon: RawBuilder<unknown>) => (_db: Executor, id: RawBuilder<string>, clientId: RawBuilder<string>) =>
    sql<RowWithContext>`
      SELECT ses.payload, ses.consumed_at, NULL AS session, ${beckon} AS beckon,
             (SELECT json_build_object('payload', gra.payload, 'consumed_at', gra.consumed_at)
                FROM oidc_payloads gra
               WHERE gra.model = 'Grant' AND gra.id = ses.payload->'authorizations'->${clientId}->>'grantId') AS grant,
             (SELECT row_to_json(acc) FROM (${accessQuery(clientId, accountIdOf('ses'))}) acc) AS access
        FROM oidc_payloads ses
       WHERE ses.model = 'Session' AND ses.id = ${id}`;

const sessionWithContext = compiledOnce<[string, string], RowWithContext>(2, sessionContext(sql`NULL`));

/** The same, with the Beckon session of a token hash at a moment (the auth repository's query). */
const sessionWithBeckonSession = compiledOnce<[string, string, string, Date], RowWithContext>(
  4,
  (db, id, clientId, tokenHash, now) =>
    sessionContext(
      sql`(SELECT row_to_json(bs) FROM (${authRepository.sessionByTokenHash(db, tokenHash, now)}) bs)`,
    )(db, id, clientId),
);

const consumeAndSave = compiledOnce<[Date, string, string, ...RowValues], { saved: number }>(
  11,
  (_db, at, usedModel, usedId, model, id, payload, grantId, userCode, uid, clientId, expiresAt) => sql<{
    saved: number;
  }>`
      WITH used AS (
        UPDATE oidc_payloads SET consumed_at = ${at}
         WHERE model = ${usedModel} AND id = ${usedId} AND consumed_at IS NULL
        RETURNING 1
      )
      INSERT INTO oidc_payloads (model, id, payload, grant_id, user_code, uid, client_id, expires_at)
      SELECT ${model}, ${id}, ${payload}::jsonb, ${grantId}::text, ${userCode}::text,
             ${uid}::text, ${clientId}::text, ${expiresAt}::timestamptz
       WHERE EXISTS (SELECT 1 FROM used)
      ON CONFLICT (model, id) DO UPDATE SET
        payload = EXCLUDED.payload, grant_id = EXCLUDED.grant_id, user_code = EXCLUDED.user_code,
        uid = EXCLUDED.uid, client_id = EXCLUDED.client_id, expires_at = EXCLUDED.expires_at
      RETURNING 1 AS saved`,
);

/** The provider's state and signing keys. */
export const oidcRepository = {
  upsert(db: Executor, row: PayloadRow) {
    return upsertRow(db, ...rowValues(row));
  },
  findBy(db: Executor, model: string, column: 'id' | 'uid' | 'user_code', value: string) {
    return db
      .selectFrom('oidc_payloads')
      .select(['payload', 'consumed_at'])
      .where('model', '=', model)
      .where(column, '=', value)
      .executeTakeFirst();
  },
  /**
   * A code or token (by id) with the session it is bound to (by uid), its grant, and the access row
   * of its app and person: what the token, userinfo and refresh endpoints read next, in one statement.
   */
  async findTokenWithContext(db: Executor, model: string, id: string): Promise<RowWithContext | undefined> {
    return (await tokenWithContext(db, model, id)).rows[0];
  },
  /**
   * The provider session (by id) with its grant for `clientId`, the access row of that app and the
   * session's person, and the Beckon session of the request (a query from the auth repository):
   * what an authorization request reads next, in one statement.
   */
  async findSessionWithContext(
    db: Executor,
    id: string,
    clientId: string,
    beckonSession: BeckonSessionKey | undefined,
  ): Promise<RowWithContext | undefined> {
    const result = beckonSession
      ? await sessionWithBeckonSession(db, id, clientId, beckonSession.tokenHash, beckonSession.now)
      : await sessionWithContext(db, id, clientId);
    return result.rows[0];
  },
  /**
   * Marks a code or token used, only if it was not: false when another request (in this process or
   * another) used it first, or it is gone. The read before it cannot tell: both may have read it unused.
   */
  async consumeOnce(db: Executor, model: string, id: string, at: Date): Promise<boolean> {
    const row = await db
      .updateTable('oidc_payloads')
      .set({ consumed_at: at })
      .where('model', '=', model)
      .where('id', '=', id)
      .where('consumed_at', 'is', null)
      .returning('id')
      .executeTakeFirst();
    return row !== undefined;
  },
  /**
   * Marks a code used, only if it was not, and saves what it is exchanged for, in one statement:
   * false, with nothing saved, when another request used the code first or it is gone.
   */
  async consumeOnceAndUpsert(
    db: Executor,
    used: { model: string; id: string; at: Date },
    row: PayloadRow,
  ): Promise<boolean> {
    const result = await consumeAndSave(db, used.at, used.model, used.id, ...rowValues(row));
    return result.rows.length > 0;
  },
  /** The grant of one code or token, and everything issued under it. */
  revokeGrantOf(db: Executor, model: string, id: string) {
    return sql`
      WITH g AS (SELECT grant_id FROM oidc_payloads WHERE model = ${model} AND id = ${id})
      DELETE FROM oidc_payloads p USING g
       WHERE p.grant_id = g.grant_id OR (p.model = 'Grant' AND p.id = g.grant_id)`.execute(db);
  },
  destroy(db: Executor, model: string, id: string) {
    return db.deleteFrom('oidc_payloads').where('model', '=', model).where('id', '=', id).execute();
  },
  /** Everything issued under a grant, whatever its model: one statement for the provider's revocation. */
  revokeByGrantId(db: Executor, grantId: string) {
    return db.deleteFrom('oidc_payloads').where('grant_id', '=', grantId).execute();
  },
  /** Grants, codes and tokens of one app (its secret rotated, or it was disabled or deleted). */
  revokeClient(db: Executor, clientId: string) {
    return db.deleteFrom('oidc_payloads').where('client_id', '=', clientId).execute();
  },
  /** Expired rows, a batch at a time. */
  async sweep(db: Executor, before: Date, limit = 5000): Promise<number> {
    const result = await sql<{ n: number }>`
      WITH gone AS (
        DELETE FROM oidc_payloads WHERE ctid IN (
          SELECT ctid FROM oidc_payloads WHERE expires_at < ${before} LIMIT ${limit}
        ) RETURNING 1
      ) SELECT count(*)::int AS n FROM gone`.execute(db);
    return result.rows[0]?.n ?? 0;
  },

  signingKeys(db: Executor) {
    return db.selectFrom('oidc_signing_keys').selectAll().orderBy('created_at', 'desc').execute();
  },
  insertSigningKey(
    db: Executor,
    key: { kid: string; alg: string; private_jwk_encrypted: string; public_jwk: string; created_at: Date },
  ) {
    return db.insertInto('oidc_signing_keys').values(key).execute();
  },
  retireSigningKeys(db: Executor, alg: string, exceptKid: string, at: Date, removeAfter: Date) {
    return db
      .updateTable('oidc_signing_keys')
      .set({ retired_at: at, remove_after: removeAfter })
      .where('alg', '=', alg)
      .where('kid', '!=', exceptKid)
      .where('retired_at', 'is', null)
      .execute();
  },
  deleteRemovedKeys(db: Executor, now: Date) {
    return db.deleteFrom('oidc_signing_keys').where('remove_after', '<', now).execute();
  },
  /** Serialises first-start key creation between processes sharing one database. */
  async lockKeys(db: Executor) {
    await sql`SELECT pg_advisory_xact_lock(hashtext('beckon.oidc_signing_keys'))`.execute(db);
  },
};
