import { AsyncLocalStorage } from 'node:async_hooks';
import type { AdapterPayload } from 'oidc-provider';
import type { SessionUser } from '../auth/service.ts';
import type { AccessRow } from './account-repository.ts';
import type { BeckonSessionKey } from './repository.ts';

/**
 * What one provider request has already read from the database, so the rows it asks for next
 * (the session behind a token, the grant, the person's access to the app) come with the first
 * read instead of a statement each. It lives for one HTTP request only: nothing read here is seen
 * by another request, so a code consumed or a grant revoked by another process is seen by the
 * next request as it would be without it. Whatever the request writes is dropped from it.
 */
export class RequestReads {
  /** The client of an authorization request (its `client_id` parameter), known before the session is read. */
  readonly clientId: string | undefined;
  /** `Model:id` or `Session:uid:<uid>` → the payload read (undefined: read, and not there). */
  readonly payloads = new Map<string, AdapterPayload | undefined>();
  /**
   * Session id → the session as read (its expiry, the rest as canonical JSON), taken at once: the
   * provider changes the payload objects it was given, so they cannot tell what changed.
   */
  readonly sessionsAsRead = new Map<string, { exp: number; rest: string }>();
  /** `clientId:userId` → the access row read (undefined: no such app or person). */
  readonly access = new Map<string, AccessRow | undefined>();

  /** The Beckon session of an authorization request, read with the provider session when there is one. */
  readonly beckonSessionKey: BeckonSessionKey | undefined;
  /** Set once read: the Beckon session's person, or undefined for none or expired. */
  beckonSession: { user: SessionUser | undefined } | undefined;
  /**
   * An authorization code this request uses, not yet marked used: it is marked in the statement
   * that saves the access token it is exchanged for, or when the request ends without one.
   */
  pendingUse: { model: string; id: string; at: Date } | undefined;

  constructor(clientId?: string, beckonSessionKey?: BeckonSessionKey) {
    this.clientId = clientId;
    this.beckonSessionKey = beckonSessionKey;
  }

  forget(key: string) {
    this.payloads.delete(key);
  }
}

const storage = new AsyncLocalStorage<RequestReads>();

/** Runs one provider request with its own reads. */
export function withRequestReads<T>(reads: RequestReads, run: () => T): T {
  return storage.run(reads, run);
}

/** The reads of the provider request being handled, if any. */
export function currentReads(): RequestReads | undefined {
  return storage.getStore();
}

export const payloadKey = (model: string, id: string) => `${model}:${id}`;
export const sessionUidKey = (uid: string) => `Session:uid:${uid}`;
export const accessKey = (clientId: string, userId: string) => `${clientId}:${userId}`;
