import { createSecretKey, randomBytes } from 'node:crypto';
import Keygrip from 'keygrip';
import { describe, expect, it } from 'vitest';
import { CookieSigner } from '../../src/oidc/cookie-signer.ts';

// Keygrip's types take keys as text: an HMAC key is the text's UTF-8 bytes, for both signers.
const newKey = () => randomBytes(32).toString('hex');
const imported = (key: string) => createSecretKey(Buffer.from(key));

describe('cookie signer', () => {
  it('signs as Keygrip does, so cookies signed before keep working', () => {
    const key = newKey();
    const signer = new CookieSigner([imported(key)]);
    const keygrip = new Keygrip([key]);
    for (const data of ['_session=abc', '_interaction=x.y-z', 'ünïcode=✓', '']) {
      expect(signer.sign(data)).toBe(keygrip.sign(data));
      expect(signer.index(data, keygrip.sign(data))).toBe(0);
    }
  });

  it('tells which key signed, for keys rotated in', () => {
    const [older, newer] = [newKey(), newKey()];
    const signer = new CookieSigner([imported(newer), imported(older)]);
    expect(signer.index('a=1', new Keygrip([older]).sign('a=1'))).toBe(1);
    expect(signer.index('a=1', new Keygrip([newer]).sign('a=1'))).toBe(0);
    expect(signer.verify('a=1', new Keygrip([older]).sign('a=1'))).toBe(true);
  });

  it('refuses another key, other data and malformed signatures', () => {
    const signer = new CookieSigner([imported(newKey())]);
    const good = signer.sign('a=1');
    expect(signer.index('a=1', new Keygrip([newKey()]).sign('a=1'))).toBe(-1);
    expect(signer.index('a=2', good)).toBe(-1);
    expect(signer.index('a=1', good.slice(0, -1))).toBe(-1);
    expect(signer.index('a=1', `${good}=`)).toBe(-1);
    expect(signer.index('a=1', `${good}A`)).toBe(-1);
    expect(signer.index('a=1', '')).toBe(-1);
    expect(signer.verify('a=1', 'not base64 at all!')).toBe(false);
  });
});
