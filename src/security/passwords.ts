import { randomBytes, type ScryptOptions, scrypt, timingSafeEqual } from 'node:crypto';

/** log2 of scrypt's N: 2^15 with r=8, p=1 is OWASP's minimum; 32 MiB and ~50 ms per hash. */
export const PRODUCTION_HASH_COST = 15;
const KEY_LENGTH = 32;
let PARAMS = { N: 2 ** PRODUCTION_HASH_COST, r: 8, p: 1 };

/**
 * Sets the cost of new hashes (configuration refuses less than the production cost outside test
 * runs). Checking a stored hash always uses the cost written in it.
 */
export function setPasswordHashCost(costLog2: number): void {
  PARAMS = { N: 2 ** costLog2, r: 8, p: 1 };
}

function scryptAsync(password: string, salt: Buffer, opts: ScryptOptions): Promise<Buffer> {
  return new Promise((resolve, reject) =>
    scrypt(password, salt, KEY_LENGTH, { ...opts, maxmem: 128 * opts.N! * opts.r! * 2 }, (err, key) =>
      err ? reject(err) : resolve(key),
    ),
  );
}

export async function hashPassword(password: string): Promise<string> {
  const salt = randomBytes(16);
  const key = await scryptAsync(password, salt, PARAMS);
  return `scrypt$${PARAMS.N}$${PARAMS.r}$${PARAMS.p}$${salt.toString('base64')}$${key.toString('base64')}`;
}

export async function verifyPassword(password: string, stored: string | null): Promise<boolean> {
  if (!stored) return false;
  const [scheme, n, r, p, salt, hash] = stored.split('$');
  if (scheme !== 'scrypt' || !salt || !hash) return false;
  const key = await scryptAsync(password, Buffer.from(salt, 'base64'), {
    N: Number(n),
    r: Number(r),
    p: Number(p),
  });
  const expected = Buffer.from(hash, 'base64');
  return key.length === expected.length && timingSafeEqual(key, expected);
}

/** Verifies against a dummy hash so an unknown address costs the same time as a wrong password. */
let dummyHash: Promise<string> | undefined;
export async function burnPasswordCheck(password: string): Promise<void> {
  dummyHash ??= hashPassword('dummy-password-for-timing');
  await verifyPassword(password, await dummyHash);
}

export { PASSWORD_MIN_LENGTH, passwordProblem } from './password-rule.ts';
