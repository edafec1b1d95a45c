import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LOGO_CID } from '../../src/mail/logo.ts';
import { organizationRepository } from '../../src/organizations/repository.ts';
import { orgWithOwner, uniqueEmail } from '../helpers/accounts.ts';
import { startTestApp, type TestApp } from '../helpers/app.ts';
import { pngImage } from '../helpers/images.ts';
import type { ReceivedMail } from '../helpers/smtp.ts';

/** A header of the received message, folded lines joined. */
function header(mail: ReceivedMail, name: string): string | null {
  const head = mail.raw.slice(0, mail.raw.indexOf('\r\n\r\n'));
  const m = new RegExp(`^${name}:\\s*(.*(?:\\r?\\n[ \\t].*)*)`, 'im').exec(head);
  return m ? m[1]!.replace(/\r?\n[ \t]/g, ' ').trim() : null;
}

/** The inline image part with this Content-ID, decoded. */
function inlineImage(mail: ReceivedMail, cid: string): { type: string; bytes: Buffer } | null {
  const at = mail.raw.indexOf(`Content-ID: <${cid}>`);
  if (at < 0) return null;
  const start = mail.raw.lastIndexOf('--', at);
  const part = mail.raw.slice(start, mail.raw.indexOf('\r\n--', at));
  const type = /Content-Type: ([^;\r\n]+)/.exec(part)![1]!;
  const body = part.slice(part.indexOf('\r\n\r\n') + 4);
  return { type, bytes: Buffer.from(body.replace(/\s+/g, ''), 'base64') };
}

describe('the invitation email carries the organization (over SMTP)', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp({ smtp: true, env: { RESEND_COOLDOWN_SECONDS: '0' } });
  });
  afterAll(() => t.close());

  it('comes from "<organization> via Beckon", replies to the inviter, and shows logo, accent, role, groups, trainings and decline link', async () => {
    const { org, client, email: ownerEmail } = await orgWithOwner(t, 'Northwind Academy');
    const base = `/api/v1/orgs/${org.id}`;
    const logo = pngImage(480, 120);
    expect(
      (await client.request('PUT', `${base}/branding/logo`, logo, { 'content-type': 'image/png' })).status,
    ).toBe(200);
    await client.patch(`${base}/branding`, { accentColor: '#0f766e' });
    const safety = await client.post(`${base}/groups`, {
      name: 'Safety',
      trainings: ['Fire safety', 'First aid'],
    });
    const onboarding = await client.post(`${base}/groups`, { name: 'Onboarding' });
    const to = uniqueEmail('sam');
    const created = await client.post(`${base}/invitations`, {
      emails: [to],
      role: 'curator',
      groupIds: [safety.body.id, onboarding.body.id],
    });
    expect(created.status).toBe(201);
    const invitation = created.body.invitations[0];

    const mail = await t.smtp!.waitFor((m) => m.to.includes(to));
    expect(header(mail, 'From')).toBe('Northwind Academy via Beckon <no-reply@localhost>');
    expect(header(mail, 'Reply-To')).toBe(`Olivia Owner <${ownerEmail}>`);
    expect(mail.from).toBe('no-reply@localhost');

    // The logo travels inside the message, referenced by Content-ID, drawn within 240 × 64.
    expect(mail.html).toContain(`<img src="cid:${LOGO_CID}" width="240" height="60" alt="Northwind Academy"`);
    const image = inlineImage(mail, LOGO_CID);
    expect(image?.type).toBe('image/png');
    expect(image?.bytes.equals(logo)).toBe(true);
    expect(mail.html).toContain('background:#0f766e;color:#ffffff');

    const link = `http://beckon.test/invite/${t.services.links.sign(invitation.id, 1)}`;
    for (const body of [mail.html, mail.text]) {
      expect(body).toContain('Curator');
      expect(body).toContain('Onboarding, Safety');
      expect(body).toContain('Fire safety');
      expect(body).toContain('First aid');
      expect(body).toContain(`${link}?decline=1`);
      expect(body).toContain(
        'You received this email because Olivia Owner invited this address to join Northwind Academy',
      );
    }
    expect(mail.html).toContain(`Or paste this link into your browser: <a href="${link}">${link}</a>`);
    expect(mail.html).toContain(`<a href="${link}?decline=1">Decline the invitation</a>`);

    // In the console the stored body shows the logo from its address (a browser cannot follow cid:),
    // and none once the organization removed it.
    const viewed = async () =>
      (await client.get(`${base}/invitations/${invitation.id}/emails`)).body.items[0].html;
    const shown = await viewed();
    expect(shown).toMatch(
      new RegExp(
        `<img src="http://beckon\\.test/api/v1/orgs/${org.id}/branding/logo\\?v=[0-9a-f]{16}" width="240"`,
      ),
    );
    expect(shown).not.toContain('cid:');
    // A logo of another shape since: drawn at its own size, not the one the email was rendered with.
    const square = pngImage(64, 64);
    expect(
      (await client.request('PUT', `${base}/branding/logo`, square, { 'content-type': 'image/png' })).status,
    ).toBe(200);
    expect(await viewed()).toMatch(/<img src="[^"]+\/branding\/logo\?v=[0-9a-f]{16}" width="64" height="64"/);
    expect((await client.request('DELETE', `${base}/branding/logo`)).status).toBe(204);
    const without = await viewed();
    expect(without).not.toContain('<img');
    expect(without).not.toMatch(/<p>\s*<\/p>/);
    expect(without).toContain('Northwind Academy');
  });

  it('leaves Reply-To out when the organization turns it off (resends too), and the logo out when it has none', async () => {
    const { org, client } = await orgWithOwner(t, 'Quiet School');
    const base = `/api/v1/orgs/${org.id}`;
    await client.patch(`${base}/branding`, { replyToInviter: false });
    const to = uniqueEmail('quiet');
    const created = await client.post(`${base}/invitations`, { emails: [to] });
    const first = await t.smtp!.waitFor((m) => m.to.includes(to));
    expect(header(first, 'From')).toBe('Quiet School via Beckon <no-reply@localhost>');
    expect(header(first, 'Reply-To')).toBeNull();
    expect(first.html).not.toContain('<img');
    expect(first.raw).not.toContain('Content-ID');
    expect(first.text).toContain('You will join as Learner.');
    expect(first.text).not.toContain('Trainings waiting');

    const resent = await client.post(`${base}/invitations/${created.body.invitations[0].id}/resend`);
    expect(resent.status).toBe(200);
    const second = await t.smtp!.waitFor((m) => m.to.includes(to) && m.messageId !== first.messageId);
    expect(header(second, 'Reply-To')).toBeNull();
    expect(second.text).toContain('You received this email because Olivia Owner invited this address');
  });

  it('has no Reply-To when an API key invited, and no header injection through the organization name', async () => {
    const { org, client } = await orgWithOwner(t);
    // A name written straight into the database: the API would have cleaned it.
    await organizationRepository.update(t.services.db, org.id, {
      name: 'Evil Co\r\nBcc: victim@example.com',
    });
    const key = await client.post(`/api/v1/orgs/${org.id}/api-keys`, { name: 'HR system' });
    expect(key.status).toBe(201);
    const api = t.client().withApiKey(key.body.key);
    const to = uniqueEmail('keyed');
    expect((await api.post(`/api/v1/orgs/${org.id}/invitations`, { emails: [to] })).status).toBe(201);
    const mail = await t.smtp!.waitFor((m) => m.to.includes(to));
    const head = mail.raw.slice(0, mail.raw.indexOf('\r\n\r\n'));
    expect(head).not.toMatch(/^Bcc:/im);
    expect(header(mail, 'From')).toBe('"Evil Co Bcc: victim@example.com via Beckon" <no-reply@localhost>');
    expect(header(mail, 'Reply-To')).toBeNull();
    expect(mail.to).toEqual([to]);
  });
});
