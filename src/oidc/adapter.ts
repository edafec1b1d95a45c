import { type Adapter, type AdapterPayload, errors } from 'oidc-provider';
import type { SessionUser } from '../auth/service.ts';
import type { Db } from '../db/types.ts';
import { type RowWithContext, oidcRepository as repo, type StoredRow } from './repository.ts';
import { accessKey, currentReads, payloadKey, type RequestReads, sessionUidKey } from './request-reads.ts';

/** Models whose first read in a request brings the session, grant and access the provider asks for next. */
const TOKENS = new Set(['AuthorizationCode', 'AccessToken', 'RefreshToken']);

function toPayload(row: StoredRow | null | undefined): AdapterPayload | undefined {
  if (!row) return undefined;
  const payload = row.payload as AdapterPayload;
  return row.consumed_at
    ? { ...payload, consumed: Math.floor(new Date(row.consumed_at).getTime() / 1000) }
    : payload;
}

/**
 * oidc-provider saves the session on every authorization request only to slide its expiry. The
 * expiry now moves at most once per SESSION_SLIDE_SECONDS: a session unchanged since this request
 * read it, and expiring no more than that before the new expiry, is not written again. A session
 * then ends at most this much before its sliding expiry, never after.
 */
export const SESSION_SLIDE_SECONDS = 3600;

function withoutExpiry(payload: AdapterPayload): string {
  const { exp: _exp, ...rest } = payload;
  return canonical(rest);
}

/** JSON with keys sorted (the database returns jsonb keys in its own order). */
function canonical(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`;
  if (value && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonical(v)}`).join(',')}}`;
  }
  return JSON.stringify(value);
}

/** Whether saving this session would only move its expiry by less than SESSION_SLIDE_SECONDS. */
function onlySlides(before: { exp: number; rest: string } | undefined, after: AdapterPayload): boolean {
  if (!before || typeof after.exp !== 'number') return false;
  const slide = after.exp - before.exp;
  return slide >= 0 && slide < SESSION_SLIDE_SECONDS && withoutExpiry(after) === before.rest;
}

/** Keeps what a read with context brought, for the rest of the request. */
function remember(reads: RequestReads, clientId: string | undefined, row: RowWithContext) {
  const payload = row.payload as AdapterPayload;
  const sessionUid = payload.sessionUid as string | undefined;
  if (sessionUid) reads.payloads.set(sessionUidKey(sessionUid), toPayload(row.session));
  const grantId =
    (payload.grantId as string | undefined) ??
    (clientId
      ? (payload.authorizations as Record<string, { grantId?: string }> | undefined)?.[clientId]?.grantId
      : undefined);
  if (grantId) reads.payloads.set(payloadKey('Grant', grantId), toPayload(row.grant));
  const client = (payload.clientId as string | undefined) ?? clientId;
  const accountId = payload.accountId as string | undefined;
  if (client && accountId) reads.access.set(accessKey(client, accountId), row.access ?? undefined);
}

type Use = { model: string; id: string; at: Date };

/** A code or token used a second time: its grant, and everything issued under it, is revoked. */
async function revokeSecondUse(db: Db, used: Use): Promise<void> {
  currentReads()?.payloads.clear();
  await repo.revokeGrantOf(db, used.model, used.id);
}

/** Marks a code or token used; false (and its grant revoked) when it had been used already. */
async function markUsedOnce(db: Db, used: Use): Promise<boolean> {
  if (await repo.consumeOnce(db, used.model, used.id, used.at)) return true;
  await revokeSecondUse(db, used);
  return false;
}

/**
 * Marks the code a provider request used, when the request ended before saving what it was
 * exchanged for (an error after the code was accepted): a code is used once either way. Called
 * by a provider middleware, before the answer is sent.
 */
export async function settlePendingUse(db: Db, reads: RequestReads): Promise<void> {
  const used = reads.pendingUse;
  if (!used) return;
  reads.pendingUse = undefined;
  await markUsedOnce(db, used);
}

/**
 * oidc-provider's storage in Beckon's database, so every web process serves one issuer. Expiry is
 * checked by the provider itself (against each payload's `exp`); `expires_at` lets a sweep delete
 * old rows. Clients are not stored here: they come from the apps table (see provider.ts).
 *
 * Inside a provider request (see request-reads.ts) the first read of a code, token or session also
 * reads the session, grant and access the provider checks next, and those checks are answered from
 * it; anything the request writes is read afresh.
 */
export function kyselyAdapterFor(db: Db, findClient: (id: string) => Promise<AdapterPayload | undefined>) {
  return class KyselyAdapter implements Adapter {
    readonly model: string;
    constructor(model: string) {
      this.model = model;
    }

    async upsert(id: string, payload: AdapterPayload, expiresIn: number): Promise<void> {
      const reads = currentReads();
      if (this.model === 'Session' && onlySlides(reads?.sessionsAsRead.get(id), payload)) return;
      this.#forget(id);
      const row = {
        model: this.model,
        id,
        payload: JSON.stringify(payload),
        grant_id: payload.grantId ?? null,
        user_code: payload.userCode ?? null,
        uid: payload.uid ?? null,
        client_id: payload.clientId ?? null,
        expires_at: expiresIn ? new Date(Date.now() + expiresIn * 1000) : null,
      };
      const used = reads?.pendingUse;
      if (used) {
        reads.pendingUse = undefined;
        if (await repo.consumeOnceAndUpsert(db, used, row)) return;
        await revokeSecondUse(db, used);
        throw new errors.InvalidGrant(`${used.model} already used`);
      }
      await repo.upsert(db, row);
    }

    async find(id: string): Promise<AdapterPayload | undefined> {
      if (this.model === 'Client') return findClient(id);
      const reads = currentReads();
      if (!reads) return toPayload(await repo.findBy(db, this.model, 'id', id));
      const key = payloadKey(this.model, id);
      if (reads.payloads.has(key)) return reads.payloads.get(key);
      let payload: AdapterPayload | undefined;
      if (TOKENS.has(this.model)) {
        const row = await repo.findTokenWithContext(db, this.model, id);
        if (row) remember(reads, undefined, row);
        payload = toPayload(row);
      } else if (this.model === 'Session' && reads.clientId) {
        const row = await repo.findSessionWithContext(db, id, reads.clientId, reads.beckonSessionKey);
        if (row) remember(reads, reads.clientId, row);
        if (row && reads.beckonSessionKey) {
          reads.beckonSession = { user: (row.beckon as SessionUser | null) ?? undefined };
        }
        payload = toPayload(row);
        if (payload && typeof payload.exp === 'number') {
          reads.sessionsAsRead.set(id, { exp: payload.exp, rest: withoutExpiry(payload) });
        }
      } else {
        payload = toPayload(await repo.findBy(db, this.model, 'id', id));
      }
      reads.payloads.set(key, payload);
      return payload;
    }

    async findByUid(uid: string) {
      const reads = currentReads();
      if (this.model === 'Session' && reads?.payloads.has(sessionUidKey(uid))) {
        return reads.payloads.get(sessionUidKey(uid));
      }
      return toPayload(await repo.findBy(db, this.model, 'uid', uid));
    }

    async findByUserCode(userCode: string) {
      return toPayload(await repo.findBy(db, this.model, 'user_code', userCode));
    }

    /**
     * A code or refresh token is used once, whichever process gets there first: a second use, even
     * one that read it unused at the same moment, is refused and revokes what the grant gave.
     */
    async consume(id: string): Promise<void> {
      this.#forget(id);
      const reads = currentReads();
      const used = { model: this.model, id, at: new Date() };
      // A code is exchanged for an access token next: both are written in one statement then.
      if (reads && this.model === 'AuthorizationCode' && !reads.pendingUse) {
        reads.pendingUse = used;
        return;
      }
      if (!(await markUsedOnce(db, used))) throw new errors.InvalidGrant(`${this.model} already used`);
    }

    async destroy(id: string): Promise<void> {
      this.#forget(id);
      await repo.destroy(db, this.model, id);
    }

    async revokeByGrantId(grantId: string): Promise<void> {
      currentReads()?.payloads.clear();
      await repo.revokeByGrantId(db, grantId);
    }

    #forget(id: string) {
      const reads = currentReads();
      if (!reads) return;
      reads.forget(payloadKey(this.model, id));
      // A session written is found by its uid afresh too.
      if (this.model === 'Session') {
        reads.sessionsAsRead.delete(id);
        for (const key of reads.payloads.keys()) if (key.startsWith('Session:uid:')) reads.forget(key);
      }
    }
  };
}
