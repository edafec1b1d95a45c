import { dkimVerify } from 'mailauth/lib/dkim/verify.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { decryptPrivateKey } from '../../src/sending-domain/keys.ts';
import { startTestApp, TEST_SECRET, type TestApp } from '../helpers/app.ts';
import { addMember, createOrgWithOwner, uniqueEmail } from '../helpers/factories.ts';
import { decodeMimeWords } from '../helpers/smtp.ts';

const DOMAIN = 'mail.beckon.test';

/** Verifies a received message against the records the console tells administrators to publish. */
async function verify(raw: string, records: Array<{ name: string; strings: string[] }>) {
  const resolver = async (name: string, type: string) => {
    const found = records.find((r) => r.name === name);
    if (type !== 'TXT' || !found)
      throw Object.assign(new Error(`no ${type} for ${name}`), { code: 'ENOTFOUND' });
    return [found.strings];
  };
  const result = await dkimVerify(Buffer.from(raw), { resolver } as never);
  return result.results;
}

describe('DKIM signing of outgoing mail', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp({ smtp: true, env: { MAIL_FROM: `Beckon <no-reply@${DOMAIN}>` } });
  });
  afterAll(() => t.close());

  it('lists SPF, DKIM and DMARC records, and a test email to oneself verifies against the published key', async () => {
    const { org, client, email } = await createOrgWithOwner(t);
    const res = await client.get(`/api/v1/orgs/${org.id}/sending-domain`);
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    expect(res.body).toMatchObject({ domain: DOMAIN, transport: 'smtp', signing: true });
    const byPurpose = new Map(res.body.records.map((r: any) => [r.purpose, r]));
    const dkim = byPurpose.get('dkim') as any;
    expect(dkim.name).toBe(`${res.body.dkim.selector}._domainkey.${DOMAIN}`);
    expect(dkim.value).toMatch(/^v=DKIM1; k=rsa; p=[A-Za-z0-9+/=]{300,}$/);
    expect(dkim.strings.join('')).toBe(dkim.value);
    expect(dkim.strings.every((s: string) => s.length <= 255)).toBe(true);
    expect((byPurpose.get('spf') as any).value).toBe('v=spf1 mx ~all');
    expect(byPurpose.get('dmarc')).toMatchObject({ name: `_dmarc.${DOMAIN}` });
    expect((byPurpose.get('dmarc') as any).value).toMatch(/^v=DMARC1; p=none;/);

    const sent = await client.post(`/api/v1/orgs/${org.id}/sending-domain/test-email`);
    expect(sent.status, JSON.stringify(sent.body)).toBe(202);
    expect(sent.body.to).toBe(email);
    const mail = await t.smtp!.waitFor((m) => m.to.includes(email));
    expect(mail.subject).toBe(`Beckon test email from ${DOMAIN}`);
    expect(sent.body.language).toBe('en');
    expect(mail.text).toContain(
      `It left through the same outbox and mail server as invitations, signed with DKIM for ${DOMAIN}. If it reached your inbox (not spam), delivery from ${DOMAIN} works.`,
    );
    expect(mail.raw).toMatch(/^DKIM-Signature: /m);

    const results = await verify(mail.raw, res.body.records);
    expect(results).toHaveLength(1);
    expect(results[0]!.signingDomain).toBe(DOMAIN);
    expect(results[0]!.selector).toBe(res.body.dkim.selector);
    expect(results[0]!.status.result).toBe('pass');

    // A message changed on the way no longer verifies.
    const tampered = mail.raw.replace(/^Subject: .*$/m, 'Subject: Please pay this invoice');
    expect((await verify(tampered, res.body.records))[0]!.status.result).toBe('fail');
  });

  it("writes the test email in the signed-in person's language", async () => {
    const { org, client, email } = await createOrgWithOwner(t);
    expect((await client.patch('/api/v1/session/preferences', { locale: 'ja', timeZone: null })).status).toBe(
      200,
    );
    const sent = await client.post(`/api/v1/orgs/${org.id}/sending-domain/test-email`);
    expect(sent.status, JSON.stringify(sent.body)).toBe(202);
    expect(sent.body.language).toBe('ja');
    const mail = await t.smtp!.waitFor((m) => m.to.includes(email));
    expect(decodeMimeWords(mail.subject)).toBe(`${DOMAIN} からの Beckon テストメール`);
    expect(mail.text).toContain(`${DOMAIN} の DKIM 署名付きで送信されました。`);
    expect(mail.text).not.toContain('test email');
  });

  it('signs invitation emails too, with the key kept encrypted under SECRET_KEY', async () => {
    const { org, client } = await createOrgWithOwner(t);
    const to = uniqueEmail('signed');
    await client.post(`/api/v1/orgs/${org.id}/invitations`, { emails: [to] });
    const mail = await t.smtp!.waitFor((m) => m.to.includes(to));
    const records = (await client.get(`/api/v1/orgs/${org.id}/sending-domain`)).body.records;
    expect((await verify(mail.raw, records))[0]!.status.result).toBe('pass');

    const row = await t.services.db
      .selectFrom('dkim_keys')
      .selectAll()
      .where('domain', '=', DOMAIN)
      .executeTakeFirstOrThrow();
    expect(row.private_key_encrypted).not.toMatch(/PRIVATE KEY/);
    expect(decryptPrivateKey(TEST_SECRET, row.private_key_encrypted)).toMatch(/^-----BEGIN PRIVATE KEY-----/);
    expect(() =>
      decryptPrivateKey('another-secret-key-0123456789abcdef01234567', row.private_key_encrypted),
    ).toThrow();
  });

  it('is for owners and admins; a test email goes to a signed-in person, a few times per ten minutes', async () => {
    const { org, client } = await createOrgWithOwner(t);
    const hr = await addMember(t, org.id, 'hr');
    expect((await hr.client.get(`/api/v1/orgs/${org.id}/sending-domain`)).status).toBe(403);
    expect((await hr.client.post(`/api/v1/orgs/${org.id}/sending-domain/test-email`)).status).toBe(403);
    const other = await createOrgWithOwner(t);
    expect((await other.client.get(`/api/v1/orgs/${org.id}/sending-domain`)).status).toBe(404);

    const key = await client.post(`/api/v1/orgs/${org.id}/api-keys`, { name: 'ci' });
    const bearer = t.client().withApiKey(key.body.key);
    const byKey = await bearer.post(`/api/v1/orgs/${org.id}/sending-domain/test-email`);
    expect(byKey.status).toBe(400);
    expect(byKey.body.error.code).toBe('user_only');

    for (let i = 0; i < 3; i++)
      expect((await client.post(`/api/v1/orgs/${org.id}/sending-domain/test-email`)).status).toBe(202);
    const limited = await client.post(`/api/v1/orgs/${org.id}/sending-domain/test-email`);
    expect(limited.status).toBe(429);
    expect(limited.headers['retry-after']).toBeTruthy();
  });
});

describe('the sending domain without SMTP', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp({ workers: false });
  });
  afterAll(() => t.close());

  it('still lists the records to publish, and says mail is not signed in the outbox', async () => {
    const { org, client } = await createOrgWithOwner(t);
    const res = await client.get(`/api/v1/orgs/${org.id}/sending-domain`);
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ domain: 'localhost', transport: 'outbox', signing: false });
    expect(res.body.records.map((r: any) => r.purpose)).toEqual(['spf', 'dkim', 'dmarc']);
  });
});
