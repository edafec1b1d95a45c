import { createHmac } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { hmacKey } from '../../src/security/hmac-keys.ts';

// Stored client-secret hashes and links already sent were made with keys given as strings and
// bytes: the imported keys must give the same MACs.
describe('hmacKey', () => {
  const secret = 'test-secret-key-0123456789abcdef0123456789';
  const mac = (key: Parameters<typeof createHmac>[1]) =>
    createHmac('sha256', key).update('data').digest('hex');

  it('is SECRET_KEY itself without a purpose', () => {
    expect(mac(hmacKey(secret))).toBe(mac(secret));
  });

  it('is HMAC(SECRET_KEY, purpose) with one, a different key per purpose, the same object each time', () => {
    const derived = createHmac('sha256', secret).update('beckon:invitation-link').digest();
    expect(mac(hmacKey(secret, 'beckon:invitation-link'))).toBe(mac(derived));
    expect(mac(hmacKey(secret, 'beckon:one-time-token'))).not.toBe(mac(derived));
    expect(hmacKey(secret, 'beckon:invitation-link')).toBe(hmacKey(secret, 'beckon:invitation-link'));
  });
});
