import { createHmac, createSecretKey, type KeyObject } from 'node:crypto';

const keys = new Map<string, KeyObject>();

/**
 * An HMAC key, imported once per process: SECRET_KEY itself, or with `purpose` the key derived
 * from it as HMAC-SHA256(SECRET_KEY, purpose). An HMAC given its key as bytes or a string imports
 * it again every time, which costs several times the HMAC itself (9.8 µs against 1.5 µs).
 */
export function hmacKey(secretKey: string, purpose?: string): KeyObject {
  const id = `${purpose ?? ''}\u0000${secretKey}`;
  let key = keys.get(id);
  if (!key) {
    key = createSecretKey(
      purpose ? createHmac('sha256', secretKey).update(purpose).digest() : Buffer.from(secretKey),
    );
    keys.set(id, key);
  }
  return key;
}
