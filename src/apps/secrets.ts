import { createHmac, createSecretKey, type KeyObject } from 'node:crypto';

export const APP_SECRET_PREFIX = 'bks_';

/**
 * What Beckon keeps of an app's client secret: HMAC-SHA256 under SECRET_KEY. A keyed hash rather
 * than a password hash: the secret is 256 random bits (nothing to guess), and the token endpoint
 * checks it on every call, where scrypt would cost milliseconds each time.
 */
export function hashClientSecret(secretKey: string, secret: string): string {
  return createHmac('sha256', keyOf(secretKey)).update(`app-client-secret:${secret}`).digest('base64url');
}

// The imported key, kept: a key given as a string is imported again on every HMAC.
let imported: { secret: string; key: KeyObject } | undefined;
function keyOf(secretKey: string): KeyObject {
  if (imported?.secret !== secretKey)
    imported = { secret: secretKey, key: createSecretKey(Buffer.from(secretKey)) };
  return imported.key;
}
