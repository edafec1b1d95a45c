import { randomUUID } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import type { Executor } from '../db/types.ts';
import { hashToken, ottToken, verifyOttToken } from '../security/tokens.ts';
import { gone, notFound } from '../shared/errors.ts';
import { oneTimeTokenRepository as repo } from './one-time-token-repository.ts';

/**
 * Single-use tokens for emails (password reset, join verification). The token is
 * id ‖ HMAC(secret, id) (src/security/tokens.ts): the mail worker derives it at send time, and the
 * one_time_tokens row keeps only its SHA-256. Use is atomic: UPDATE … WHERE used_at IS NULL.
 */
export type OttPurpose = 'password_reset' | 'join';

export interface OttRow {
  id: string;
  purpose: string;
  org_id: string | null;
  user_id: string | null;
  email: string | null;
  data: unknown;
  created_at: Date;
  expires_at: Date;
  used_at: Date | null;
}

export async function createOneTimeToken(
  db: Executor,
  secretKey: string,
  row: {
    purpose: OttPurpose;
    orgId?: string | null;
    userId?: string | null;
    email: string;
    data?: unknown;
    now: Date;
    ttlMs: number;
  },
): Promise<{ id: string; expiresAt: Date }> {
  const id = randomUUID();
  const expiresAt = new Date(row.now.getTime() + row.ttlMs);
  await repo.insert(db, {
    id,
    purpose: row.purpose,
    token_hash: hashToken(ottToken(secretKey, id)),
    org_id: row.orgId ?? null,
    user_id: row.userId ?? null,
    email: row.email,
    data: row.data === undefined ? null : JSON.stringify(row.data),
    created_at: row.now,
    expires_at: expiresAt,
  });
  return { id, expiresAt };
}

/** The row a token names, or 404; 410 `used` or `expired` when it can no longer be used. */
export async function findUsableToken(
  db: Executor,
  secretKey: string,
  purpose: OttPurpose,
  token: string,
  now: Date,
): Promise<OttRow> {
  const what = purpose === 'join' ? 'Verification link' : 'Reset link';
  if (!verifyOttToken(secretKey, token)) throw notFound(what);
  const row = (await repo.findByHash(db, hashToken(token), purpose)) as OttRow | undefined;
  if (!row) throw notFound(what);
  if (row.used_at)
    throw gone(
      'used',
      `This link has already been used. ${purpose === 'join' ? 'Sign in instead.' : 'Ask for a new one if you need to.'}`,
    );
  if (new Date(row.expires_at) <= now) throw gone('expired', 'This link has expired. Ask for a new one.');
  return row;
}

/** Marks the token used if nobody else did first; false when it was already used or has expired. */
export async function consumeToken(db: Executor, id: string, now: Date): Promise<boolean> {
  return repo.markUsed(db, id, now);
}

/** Whether a token of this purpose was issued for the address since `since` (per-address throttling). */
export async function recentlyIssued(
  db: Executor,
  purpose: OttPurpose,
  email: string,
  orgId: string | null,
  since: Date,
): Promise<boolean> {
  return repo.issuedSince(db, purpose, email, orgId, since);
}

/**
 * Runs `fn` and answers no sooner than `floorMs` after the start (plus jitter), so a known and an
 * unknown address take about as long: answers that must not reveal anything do not leak it by time.
 */
export async function withTimingFloor<T>(floorMs: number, fn: () => Promise<T>): Promise<T> {
  const started = performance.now();
  try {
    return await fn();
  } finally {
    const left = floorMs + Math.random() * 30 - (performance.now() - started);
    if (left > 0) await sleep(left);
  }
}
