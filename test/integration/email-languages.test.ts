import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { organizationRepository } from '../../src/organizations/repository.ts';
import { formatEmailDate } from '../../src/templates/dates.ts';
import { orgWithOwner, uniqueEmail } from '../helpers/accounts.ts';
import { startTestApp, type TestApp } from '../helpers/app.ts';
import { decodeMimeWords, type ReceivedMail } from '../helpers/smtp.ts';

/** A header as it travelled (folded lines joined), before any decoding. */
function rawHeader(mail: ReceivedMail, name: string): string {
  const head = mail.raw.slice(0, mail.raw.indexOf('\r\n\r\n'));
  const m = new RegExp(`^${name}:\\s*(.*(?:\\r?\\n[ \\t].*)*)`, 'im').exec(head);
  return m ? m[1]!.replace(/\r?\n[ \t]/g, ' ').trim() : '';
}

const decodeWords = decodeMimeWords;

describe('emails in the invitation’s language and the organization’s time zone (over SMTP)', () => {
  let t: TestApp;
  beforeAll(async () => {
    // Winter, so the zones' names below are the standard-time ones.
    t = await startTestApp({
      smtp: true,
      clockStart: '2026-12-01T09:00:00.000Z',
      env: { RESEND_COOLDOWN_SECONDS: '0' },
    });
  });
  afterAll(() => t.close());

  async function organization(name: string, settings: { default_locale: string; time_zone: string }) {
    const o = await orgWithOwner(t, name);
    await organizationRepository.update(t.services.db, o.org.id, settings);
    return { ...o, base: `/api/v1/orgs/${o.org.id}` };
  }

  const setInvitationLocale = (id: string, locale: string) =>
    t.services.db.updateTable('invitations').set({ locale }).where('id', '=', id).execute();

  it('writes a Japanese invitation, its resend and its reminder in Japanese, expiry in Tokyo time with the zone named', async () => {
    const o = await organization('東京アカデミー', { default_locale: 'ja', time_zone: 'Asia/Tokyo' });
    const to = uniqueEmail('hanako');
    const created = await o.client.post(`${o.base}/invitations`, { emails: [to] });
    expect(created.status).toBe(201);
    const invitation = created.body.invitations[0];
    const expiry = formatEmailDate(new Date(invitation.expiresAt), { locale: 'ja', timeZone: 'Asia/Tokyo' });
    expect(expiry).toMatch(/^\d{4}年\d{1,2}月\d{1,2}日 \d{2}:\d{2} JST$/);

    const first = await t.smtp!.waitFor((m) => m.to.includes(to));
    // On the wire: encoded words for the subject and the sender's display name, UTF-8 bodies.
    expect(rawHeader(first, 'Subject')).toMatch(/^=\?UTF-8\?B\?/);
    expect(rawHeader(first, 'From')).toMatch(/^=\?UTF-8\?B\?.*\?= <no-reply@localhost>$/);
    expect(decodeWords(rawHeader(first, 'From'))).toBe('東京アカデミー via Beckon <no-reply@localhost>');
    expect(decodeWords(rawHeader(first, 'Subject'))).toBe(
      'Olivia Ownerさんから東京アカデミーへの招待が届いています',
    );
    expect(first.raw).toMatch(/Content-Type: text\/plain; charset=utf-8/);
    expect(first.html).toContain('<html lang="ja" dir="ltr">');
    for (const body of [first.html, first.text]) {
      expect(body).toContain('Olivia Ownerさんから、Beckon で東京アカデミーへの招待が届きました。');
      expect(body.replace(/<\/?strong>/g, '')).toContain('受講者として参加します。');
      expect(body).toContain(`このリンクの有効期限は${expiry}です。`);
      expect(body).not.toContain('Accept the invitation');
    }
    expect(first.text).toContain('招待を承諾する: http://beckon.test/invite/');

    // The invitation's own language wins over the organization's default from now on.
    await setInvitationLocale(invitation.id, 'ja');
    await organizationRepository.update(t.services.db, o.org.id, { default_locale: 'en' });
    expect((await o.client.post(`${o.base}/invitations/${invitation.id}/resend`)).status).toBe(200);
    const resent = await t.smtp!.waitFor((m) => m.to.includes(to) && m.messageId !== first.messageId);
    expect(decodeWords(rawHeader(resent, 'Subject'))).toBe(
      'Olivia Ownerさんから東京アカデミーへの招待が届いています',
    );
    const resentInvitation = (await o.client.get(`${o.base}/invitations/${invitation.id}`)).body;
    const resentExpiry = formatEmailDate(new Date(resentInvitation.expiresAt), {
      locale: 'ja',
      timeZone: 'Asia/Tokyo',
    });
    expect(resent.text).toContain(`このリンクの有効期限は${resentExpiry}です。`);

    expect((await o.client.patch(`${o.base}/settings`, { reminderDaysBeforeExpiry: 2 })).status).toBe(200);
    t.clock.advance(5 * 86_400_000 + 1000);
    await t.services.invitations.sendReminders();
    const reminder = await t.smtp!.waitFor(
      (m) => m.to.includes(to) && m.messageId !== first.messageId && m.messageId !== resent.messageId,
    );
    expect(decodeWords(rawHeader(reminder, 'Subject'))).toBe(
      `【リマインダー】東京アカデミーへの招待（有効期限: ${resentExpiry}）`,
    );
    expect(reminder.text).toContain(
      'Olivia Ownerさんから届いている東京アカデミーへの招待について、改めてお知らせします。',
    );
    expect(reminder.text).toContain('まだご回答いただいていないため');
    expect(reminder.html).toContain('<html lang="ja" dir="ltr">');
  });

  it('writes an Arabic invitation right to left, addresses kept left to right, subject encoded', async () => {
    const o = await organization('أكاديمية الخليج', { default_locale: 'ar', time_zone: 'Asia/Dubai' });
    const to = uniqueEmail('layla');
    const created = await o.client.post(`${o.base}/invitations`, { emails: [to] });
    expect(created.status).toBe(201);
    const mail = await t.smtp!.waitFor((m) => m.to.includes(to));
    expect(mail.html).toContain('<html lang="ar" dir="rtl">');
    expect(rawHeader(mail, 'Subject')).toMatch(/^=\?UTF-8\?B\?/);
    expect(decodeWords(rawHeader(mail, 'Subject'))).toBe(
      'دعاك Olivia Owner إلى الانضمام إلى أكاديمية الخليج',
    );
    expect(decodeWords(rawHeader(mail, 'From'))).toBe('أكاديمية الخليج via Beckon <no-reply@localhost>');
    const expiry = formatEmailDate(new Date(created.body.invitations[0].expiresAt), {
      locale: 'ar',
      timeZone: 'Asia/Dubai',
    });
    expect(mail.text).toContain(`تنتهي صلاحية هذا الرابط في ${expiry}.`);
    expect(mail.text).toContain('ستنضم بدور المتعلم.');
    // The link sits on a line of its own with nothing invisible around it: a mail program turning
    // the text into links takes the whole line, and only it.
    expect(mail.text).toMatch(/قبول الدعوة:\r?\nhttp:\/\/beckon\.test\/invite\/[A-Za-z0-9_-]+\r?\n/);
    expect(mail.text).toMatch(
      /رفض الدعوة:\r?\nhttp:\/\/beckon\.test\/invite\/[A-Za-z0-9_-]+\?decline=1(\r?\n|$)/,
    );
  });

  it("uses the organization's Japanese template for Japanese invitations, built-in emails for the others", async () => {
    const o = await organization('Northwind Academy', { default_locale: 'en', time_zone: 'Europe/Berlin' });
    const template = await o.client.post(`${o.base}/templates`, {
      kind: 'invitation',
      locale: 'ja',
      name: 'ようこそ',
      subject: '{{ organization.name }}へようこそ',
      html: '<html><body><p>{{ invitation.role_name }}としてご参加ください。{{ invitation.expires_at }}まで有効です。</p><a href="{{ link }}">参加する</a></body></html>',
      text: '{{ invitation.role_name }}としてご参加ください。{{ link }}',
      isDefault: true,
    });
    expect(template.status).toBe(201);
    expect(template.body.locale).toBe('ja');

    const japanese = uniqueEmail('ja');
    const english = uniqueEmail('en');
    const german = uniqueEmail('de');
    const created = await o.client.post(`${o.base}/invitations`, { emails: [japanese, english, german] });
    expect(created.status).toBe(201);
    const byEmail = new Map<string, string>(
      created.body.invitations.map((i: { email: string; id: string }) => [i.email, i.id]),
    );
    const firstEnglish = await t.smtp!.waitFor((m) => m.to.includes(english));
    expect(firstEnglish.subject).toBe('Olivia Owner invited you to join Northwind Academy');
    await t.smtp!.waitFor((m) => m.to.includes(japanese));
    await t.smtp!.waitFor((m) => m.to.includes(german));
    const before = new Set(t.smtp!.messages.map((m) => m.messageId));

    await setInvitationLocale(byEmail.get(japanese)!, 'ja');
    await setInvitationLocale(byEmail.get(german)!, 'de');
    for (const id of byEmail.values())
      expect((await o.client.post(`${o.base}/invitations/${id}/resend`)).status).toBe(200);
    const fresh = (address: string) =>
      t.smtp!.waitFor((m) => m.to.includes(address) && !before.has(m.messageId));

    const ja = await fresh(japanese);
    expect(decodeWords(rawHeader(ja, 'Subject'))).toBe('Northwind Academyへようこそ');
    expect(ja.text).toContain('受講者としてご参加ください。');
    // The organization's HTML named no language: the email's is added to its root.
    expect(ja.html).toMatch(/^<html lang="ja" dir="ltr">/);
    expect(ja.html).toMatch(/\d{4}年\d{1,2}月\d{1,2}日 \d{2}:\d{2} (GMT|UTC)\+1まで有効です。/);

    const en = await fresh(english);
    expect(en.subject).toBe('Olivia Owner invited you to join Northwind Academy');
    expect(en.html).toContain('<html lang="en" dir="ltr">');
    expect(en.text).toMatch(/This link expires on \d{1,2} \w+ \d{4} at \d{2}:\d{2} CET\./);

    // No German template: the built-in one, in German.
    const de = await fresh(german);
    expect(decodeWords(rawHeader(de, 'Subject'))).toBe(
      'Olivia Owner hat Sie zu Northwind Academy eingeladen',
    );
    expect(de.html).toContain('<html lang="de" dir="ltr">');
    expect(de.text).toContain('Sie treten mit der Rolle Lernende Person bei.');
    expect(de.text).toMatch(/Dieser Link läuft am \d{1,2}\. \w+ \d{4} um \d{2}:\d{2} MEZ ab\./);
  });

  it("writes a password reset in the account holder's language, its expiry in their own zone", async () => {
    const { user, email } = await orgWithOwner(t, 'Escola Paulista');
    await t.services.db
      .updateTable('users')
      .set({ locale: 'fr', time_zone: 'America/Sao_Paulo' })
      .where('id', '=', user.id)
      .execute();
    const after = t.smtp!.messages.length;
    expect((await t.client().post('/api/v1/password-resets', { email })).status).toBe(202);
    const mail = await t.smtp!.waitFor((m) => m.to.includes(email) && t.smtp!.messages.indexOf(m) >= after);
    expect(decodeWords(rawHeader(mail, 'Subject'))).toBe('Réinitialisez votre mot de passe Beckon');
    expect(mail.html).toContain('<html lang="fr" dir="ltr">');
    expect(mail.text).toMatch(/Ce lien expire le \d{1,2} \S+ \d{4} à \d{2}:\d{2} UTC−3\./);
  });

  it('verifies a join request in the join page’s language, else the browser’s among those allowed, else the default', async () => {
    const o = await organization('Kobe Learning', { default_locale: 'en', time_zone: 'Asia/Tokyo' });
    await organizationRepository.update(t.services.db, o.org.id, { allowed_locales: ['en', 'ja', 'de'] });
    const slug = `kobe-${Date.now()}`;
    expect((await o.client.patch(`${o.base}/join-page`, { enabled: true, slug })).status).toBe(200);
    const anon = t.client();
    const ask = async (body: Record<string, string>, headers: Record<string, string> = {}) => {
      const res = await anon.request('POST', `/api/v1/join/${slug}`, body, headers);
      expect(res.status).toBe(202);
      return t.smtp!.waitFor((m) => m.to.includes(body.email!));
    };

    const ja = await ask({ email: uniqueEmail('kenji'), locale: 'ja' }, { 'accept-language': 'de' });
    expect(decodeWords(rawHeader(ja, 'Subject'))).toBe(
      'Kobe Learningに参加するため、メールアドレスを確認してください',
    );
    expect(ja.text).toMatch(/このリンクの有効期限は\d{4}年\d{1,2}月\d{1,2}日 \d{2}:\d{2} JSTです。/);

    const de = await ask({ email: uniqueEmail('karl') }, { 'accept-language': 'fr-FR, de;q=0.8' });
    expect(decodeWords(rawHeader(de, 'Subject'))).toBe(
      'Bestätigen Sie Ihre E-Mail-Adresse, um Kobe Learning beizutreten',
    );

    // Arabic is not among this organization's languages: its default.
    const en = await ask({ email: uniqueEmail('amal'), locale: 'ar' }, { 'accept-language': 'ar' });
    expect(en.subject).toBe('Confirm your email address to join Kobe Learning');
  });

  it('tells a person who already has an account, in their own language, that they were added', async () => {
    const o = await organization('Madrid Campus', { default_locale: 'en', time_zone: 'Europe/Madrid' });
    const other = await orgWithOwner(t, 'Elsewhere');
    await t.services.db.updateTable('users').set({ locale: 'es' }).where('id', '=', other.user.id).execute();
    const created = await o.client.post(`${o.base}/invitations`, { emails: [other.email] });
    expect(created.status).toBe(201);
    const invited = await t.smtp!.waitFor((m) => m.to.includes(other.email));
    const set = await o.client.post(`${o.base}/invitations/${created.body.invitations[0].id}/password`, {
      password: 'Temporary-Pass-4821',
    });
    expect(set.status).toBe(200);
    const added = await t.smtp!.waitFor(
      (m) => m.to.includes(other.email) && m.messageId !== invited.messageId,
    );
    expect(decodeWords(rawHeader(added, 'Subject'))).toBe('Se le ha añadido a Madrid Campus');
    expect(added.html).toContain('<html lang="es" dir="ltr">');
  });

  it("asks the inviter for a new invitation in the inviter's language, not the invitee's", async () => {
    const o = await organization('Lyon Formation', { default_locale: 'en', time_zone: 'Europe/Paris' });
    await t.services.db.updateTable('users').set({ locale: 'fr' }).where('id', '=', o.user.id).execute();
    const to = uniqueEmail('late');
    const created = await o.client.post(`${o.base}/invitations`, { emails: [to] });
    const invitation = created.body.invitations[0];
    await setInvitationLocale(invitation.id, 'ja');
    await t.smtp!.waitFor((m) => m.to.includes(to));
    t.clock.advance(8 * 86_400_000);
    const token = t.services.links.sign(invitation.id, 1);
    expect(
      (await t.client().from('198.51.100.9').post(`/api/v1/invitations/${token}/request-new`)).status,
    ).toBe(202);
    const mail = await t.smtp!.waitFor((m) => m.to.includes(o.email));
    expect(decodeWords(rawHeader(mail, 'Subject'))).toBe(
      `${to} demande une nouvelle invitation à rejoindre Lyon Formation`,
    );
    expect(mail.html).toContain('<html lang="fr" dir="ltr">');
  });
});
