import { createHash, createHmac, type KeyObject, randomBytes, timingSafeEqual } from 'node:crypto';
import { hmacKey } from './hmac-keys.ts';

/** Random secrets (sessions, API keys, one-time tokens): 256 bits, URL-safe. */
export interface TokenSource {
  random(bytes?: number): string;
}

export const cryptoTokenSource: TokenSource = {
  random: (bytes = 32) => randomBytes(bytes).toString('base64url'),
};

/** What we keep instead of a token: its SHA-256. A leaked database yields no usable token. */
export function hashToken(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}

export function safeEqual(a: string | Buffer, b: string | Buffer): boolean {
  const x = Buffer.isBuffer(a) ? a : Buffer.from(a);
  const y = Buffer.isBuffer(b) ? b : Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

const LINK_MAC_BYTES = 24; // 192 bits of MAC; the id in front is not secret.

function uuidToBytes(id: string): Buffer {
  return Buffer.from(id.replace(/-/g, ''), 'hex');
}

function bytesToUuid(b: Buffer): string {
  const h = b.toString('hex');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
}

/**
 * Invitation links are derived, never stored: token = id ‖ HMAC(secret, id, linkVersion).
 * A resend bumps linkVersion, so every earlier token stops verifying at once, and "copy link"
 * recomputes the current token from the id and version.
 */
export class InvitationLinkSigner {
  readonly #key: KeyObject;
  constructor(secretKey: string) {
    this.#key = hmacKey(secretKey, 'beckon:invitation-link');
  }

  #mac(id: string, version: number): Buffer {
    return createHmac('sha256', this.#key).update(`${id}:${version}`).digest().subarray(0, LINK_MAC_BYTES);
  }

  sign(id: string, version: number): string {
    return Buffer.concat([uuidToBytes(id), this.#mac(id, version)]).toString('base64url');
  }

  /** Splits a token into the invitation id it names and its MAC, or null if malformed. */
  parse(token: string): { id: string; mac: Buffer } | null {
    if (!/^[A-Za-z0-9_-]{40,80}$/.test(token)) return null;
    const raw = Buffer.from(token, 'base64url');
    if (raw.length !== 16 + LINK_MAC_BYTES) return null;
    return { id: bytesToUuid(raw.subarray(0, 16)), mac: raw.subarray(16) };
  }

  /** Which version, if any, the MAC was made for: the current one, an older one (replaced), or none. */
  matchVersion(id: string, mac: Buffer, currentVersion: number): 'current' | 'older' | 'invalid' {
    if (safeEqual(mac, this.#mac(id, currentVersion))) return 'current';
    for (let v = currentVersion - 1; v >= 1 && v >= currentVersion - 1000; v--) {
      if (safeEqual(mac, this.#mac(id, v))) return 'older';
    }
    return 'invalid';
  }
}

const OTT_MAC_BYTES = 24; // 192 bits of MAC, like invitation links.
function ottMac(secretKey: string, ottId: string): Buffer {
  return createHmac('sha256', hmacKey(secretKey, 'beckon:one-time-token'))
    .update(`ott:${ottId}`)
    .digest()
    .subarray(0, OTT_MAC_BYTES);
}

/**
 * The token of a one-time-token email (password reset, join verification): ottId ‖ HMAC(secret,
 * 'ott:' + ottId), so the mail worker recomputes it at send time and no plain token is ever at rest
 * (emails keep a placeholder plus the row id; one_time_tokens keeps hashToken(token) for lookup).
 * Single use and expiry are the one_time_tokens row's job (used_at, expires_at).
 */
export function ottToken(secretKey: string, ottId: string): string {
  return Buffer.concat([uuidToBytes(ottId), ottMac(secretKey, ottId)]).toString('base64url');
}

/** The one_time_tokens id a token names, when its MAC verifies; otherwise null. */
export function verifyOttToken(secretKey: string, token: string): string | null {
  if (typeof token !== 'string' || !/^[A-Za-z0-9_-]{40,80}$/.test(token)) return null;
  const raw = Buffer.from(token, 'base64url');
  if (raw.length !== 16 + OTT_MAC_BYTES) return null;
  const id = bytesToUuid(raw.subarray(0, 16));
  return safeEqual(raw.subarray(16), ottMac(secretKey, id)) ? id : null;
}
