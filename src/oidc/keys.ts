import {
  createCipheriv,
  createDecipheriv,
  generateKeyPairSync,
  hkdfSync,
  randomBytes,
  randomUUID,
} from 'node:crypto';
import type { JWK } from 'oidc-provider';
import type { Db, Executor } from '../db/types.ts';
import { oidcRepository as repo } from './repository.ts';

/** Algorithms Beckon signs with. RS256 first: the ID-token default every client understands. */
export const SIGNING_ALGS = ['RS256', 'ES256'] as const;
/**
 * A new key is published this long before it signs anything, so every process (they reload keys
 * every KEY_RELOAD_MS) and every relying party's JWKS cache knows it before the first token it signs.
 */
export const KEY_PUBLISH_DELAY_MS = 5 * 60_000;
export const KEY_RELOAD_MS = 60_000;

function encryptionKey(secretKey: string): Buffer {
  return Buffer.from(hkdfSync('sha256', secretKey, 'beckon', 'oidc-signing-key-encryption', 32));
}

export function encryptJwk(secretKey: string, jwk: JWK): string {
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', encryptionKey(secretKey), iv);
  const body = Buffer.concat([cipher.update(JSON.stringify(jwk), 'utf8'), cipher.final()]);
  return [iv, cipher.getAuthTag(), body].map((b) => b.toString('base64url')).join('.');
}

export function decryptJwk(secretKey: string, text: string): JWK {
  const [iv, tag, body] = text.split('.').map((p) => Buffer.from(p, 'base64url'));
  const decipher = createDecipheriv('aes-256-gcm', encryptionKey(secretKey), iv!);
  decipher.setAuthTag(tag!);
  return JSON.parse(Buffer.concat([decipher.update(body!), decipher.final()]).toString('utf8'));
}

function generate(alg: (typeof SIGNING_ALGS)[number]): { privateJwk: JWK; publicJwk: JWK } {
  const kid = randomUUID();
  const pair =
    alg === 'RS256'
      ? generateKeyPairSync('rsa', { modulusLength: 2048 })
      : generateKeyPairSync('ec', { namedCurve: 'P-256' });
  const meta = { kid, alg, use: 'sig' };
  return {
    privateJwk: { ...(pair.privateKey.export({ format: 'jwk' }) as JWK), ...meta },
    publicJwk: { ...(pair.publicKey.export({ format: 'jwk' }) as JWK), ...meta },
  };
}

async function insertNew(trx: Executor, secretKey: string, alg: (typeof SIGNING_ALGS)[number], now: Date) {
  const { privateJwk, publicJwk } = generate(alg);
  await repo.insertSigningKey(trx, {
    kid: privateJwk.kid!,
    alg,
    private_jwk_encrypted: encryptJwk(secretKey, privateJwk),
    public_jwk: JSON.stringify(publicJwk),
    created_at: now,
  });
  return privateJwk.kid!;
}

/** Creates the first key of each algorithm (once, whichever process starts first). */
export async function ensureSigningKeys(db: Db, secretKey: string, now: Date): Promise<void> {
  await db.transaction().execute(async (trx) => {
    await repo.lockKeys(trx);
    const existing = new Set((await repo.signingKeys(trx)).map((k) => k.alg));
    for (const alg of SIGNING_ALGS) if (!existing.has(alg)) await insertNew(trx, secretKey, alg, now);
  });
}

/**
 * Adds a new key per algorithm. It is published at once and signs after KEY_PUBLISH_DELAY_MS; the
 * keys it replaces stay published until every token they signed has expired (`keepOldFor`).
 */
export async function rotateSigningKeys(db: Db, secretKey: string, now: Date, keepOldForSeconds: number) {
  const signsFrom = new Date(now.getTime() + KEY_PUBLISH_DELAY_MS);
  const removeAfter = new Date(signsFrom.getTime() + keepOldForSeconds * 1000);
  return db.transaction().execute(async (trx) => {
    await repo.lockKeys(trx);
    await repo.deleteRemovedKeys(trx, now);
    const kids: string[] = [];
    for (const alg of SIGNING_ALGS) {
      const kid = await insertNew(trx, secretKey, alg, now);
      await repo.retireSigningKeys(trx, alg, kid, signsFrom, removeAfter);
      kids.push(kid);
    }
    return { kids, signsFrom, removeAfter };
  });
}

/**
 * The provider's key set: per algorithm, the signing key first (the newest one published for at
 * least KEY_PUBLISH_DELAY_MS, or the only one), then the others still published. `fingerprint`
 * changes whenever the set does, so processes know to rebuild their provider.
 */
export async function loadSigningKeys(db: Db, secretKey: string, now: Date) {
  const rows = (await repo.signingKeys(db)).filter((k) => !k.remove_after || k.remove_after > now);
  const keys: JWK[] = [];
  for (const alg of SIGNING_ALGS) {
    const ofAlg = rows.filter((k) => k.alg === alg); // newest first
    const ready = ofAlg.find((k) => now.getTime() - k.created_at.getTime() >= KEY_PUBLISH_DELAY_MS);
    const signing = ready ?? ofAlg.at(-1);
    const ordered = signing ? [signing, ...ofAlg.filter((k) => k !== signing)] : [];
    for (const k of ordered) keys.push(decryptJwk(secretKey, k.private_jwk_encrypted));
  }
  return { keys, fingerprint: keys.map((k) => k.kid).join(',') };
}
