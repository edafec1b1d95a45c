import { createHmac } from 'node:crypto';
import { hmacKey } from '../security/hmac-keys.ts';

export const APP_SECRET_PREFIX = 'bks_';

/**
 * What Beckon keeps of an app's client secret: HMAC-SHA256 under SECRET_KEY. A keyed hash rather
 * than a password hash: the secret is 256 random bits (nothing to guess), and the token endpoint
 * checks it on every call, where scrypt would cost milliseconds each time.
 */
export function hashClientSecret(secretKey: string, secret: string): string {
  return createHmac('sha256', hmacKey(secretKey)).update(`app-client-secret:${secret}`).digest('base64url');
}
