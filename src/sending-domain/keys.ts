import { createCipheriv, createDecipheriv, generateKeyPairSync, hkdfSync, randomBytes } from 'node:crypto';
import type { Executor } from '../db/types.ts';
import { dkimKeyRepository as repo } from './repository.ts';

/** What nodemailer's `dkim` option takes. */
export interface DkimSigning {
  domainName: string;
  keySelector: string;
  privateKey: string;
}

export interface DkimKey extends DkimSigning {
  /** Base64 DER SubjectPublicKeyInfo: the p= of the DNS record. */
  publicKey: string;
  createdAt: Date;
}

/** The domain mail is sent from: the address part of MAIL_FROM ("Beckon <no-reply@x.org>" → x.org). */
export function sendingDomain(mailFrom: string): string {
  const address = /<([^>]+)>/.exec(mailFrom)?.[1] ?? mailFrom;
  return address
    .slice(address.lastIndexOf('@') + 1)
    .trim()
    .toLowerCase();
}

// A key of its own, derived from SECRET_KEY, for nothing but DKIM keys.
function encryptionKey(secretKey: string): Buffer {
  return Buffer.from(hkdfSync('sha256', secretKey, 'beckon', 'dkim-private-key-encryption', 32));
}

export function encryptPrivateKey(secretKey: string, pem: string): string {
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', encryptionKey(secretKey), iv);
  const body = Buffer.concat([cipher.update(pem, 'utf8'), cipher.final()]);
  return [iv, cipher.getAuthTag(), body].map((b) => b.toString('base64url')).join('.');
}

export function decryptPrivateKey(secretKey: string, text: string): string {
  const [iv, tag, body] = text.split('.').map((p) => Buffer.from(p, 'base64url'));
  const decipher = createDecipheriv('aes-256-gcm', encryptionKey(secretKey), iv!);
  decipher.setAuthTag(tag!);
  return Buffer.concat([decipher.update(body!), decipher.final()]).toString('utf8');
}

/**
 * The sending domain's DKIM key, generated (RSA 2048, the size every receiver verifies) the first
 * time it is needed and kept encrypted. The selector names the month it was made, so a later key
 * can be published beside it under a new name.
 */
export async function ensureDkimKey(
  db: Executor,
  secretKey: string,
  domain: string,
  now: Date,
): Promise<DkimKey> {
  let row = await repo.find(db, domain);
  if (!row) {
    const pair = generateKeyPairSync('rsa', { modulusLength: 2048 });
    const pem = pair.privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
    await repo.insertIfAbsent(db, {
      domain,
      selector: `beckon${now.toISOString().slice(0, 7).replace('-', '')}`,
      private_key_encrypted: encryptPrivateKey(secretKey, pem),
      public_key: pair.publicKey.export({ type: 'spki', format: 'der' }).toString('base64'),
      created_at: now,
    });
    row = await repo.find(db, domain);
    if (!row) throw new Error(`DKIM key for ${domain} was not stored`);
  }
  return {
    domainName: row.domain,
    keySelector: row.selector,
    privateKey: decryptPrivateKey(secretKey, row.private_key_encrypted),
    publicKey: row.public_key,
    createdAt: row.created_at,
  };
}
