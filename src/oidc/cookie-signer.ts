import { createHmac, type KeyObject, timingSafeEqual } from 'node:crypto';

/**
 * Signs and checks the provider's cookies as Keygrip does (HMAC-SHA1, URL-safe base64 without
 * padding), so cookies signed before keep working, at a third of its cost: Keygrip compares a
 * signature by hashing both sides again under a random key (two more HMACs and random bytes on
 * every cookie read), where a constant-time comparison of the two digests suffices. The cookies
 * library takes any object with `sign` and `index`.
 */
export class CookieSigner {
  readonly #keys: KeyObject[];

  constructor(keys: KeyObject[]) {
    if (keys.length === 0) throw new Error('CookieSigner needs a key');
    this.#keys = keys;
  }

  sign(data: string): string {
    return digest(data, this.#keys[0]!).toString('base64url');
  }

  verify(data: string, signature: string): boolean {
    return this.index(data, signature) > -1;
  }

  /** Which key signed `data` with `signature`, or -1 for none. */
  index(data: string, signature: string): number {
    const given = Buffer.from(signature, 'base64url');
    // Anything but the canonical spelling of a 20-byte digest is refused, as Keygrip refuses it.
    if (given.length !== 20 || given.toString('base64url') !== signature) return -1;
    for (let i = 0; i < this.#keys.length; i++) {
      if (timingSafeEqual(given, digest(data, this.#keys[i]!))) return i;
    }
    return -1;
  }
}

function digest(data: string, key: KeyObject): Buffer {
  return createHmac('sha1', key).update(data).digest();
}
