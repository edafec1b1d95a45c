/**
 * An organization's languages and time zone, an invitation's language, and the language a new
 * account starts in: through the API, against the real database.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { memberOf, orgWithOwner, uniqueEmail } from '../helpers/accounts.ts';
import type { TestApp, TestClient } from '../helpers/app.ts';
import { sharedTestApp } from '../helpers/shared-app.ts';

const JOIN_LINK = /http:\/\/beckon\.test\/join\/verify\/([A-Za-z0-9_-]+)/;
const SECRET = 'a-long-enough-secret-9';

let t: TestApp;
beforeAll(async () => {
  t = await sharedTestApp({ smtp: true });
});

const userLocale = async (email: string) =>
  (
    await t.services.db
      .selectFrom('users')
      .select('locale')
      .where('email', '=', email)
      .executeTakeFirstOrThrow()
  ).locale;

async function tokenOf(client: TestClient, orgId: string, invitationId: string): Promise<string> {
  const link = await client.get(`/api/v1/orgs/${orgId}/invitations/${invitationId}/link`);
  expect(link.status).toBe(200);
  return new URL(link.body.url).pathname.split('/').pop()!;
}

describe('organization settings: languages and time zone', () => {
  it('reads and changes the default and allowed languages, keeping the default allowed', async () => {
    const { org, client } = await orgWithOwner(t);
    const base = `/api/v1/orgs/${org.id}/settings`;
    expect((await client.get(base)).body).toMatchObject({
      defaultLocale: 'en',
      allowedLocales: ['en', 'ja', 'de', 'fr', 'es', 'pt-BR', 'ar'],
      timeZone: 'UTC',
    });

    // Stored once each, in the fixed order, whatever order they came in.
    const changed = await client.patch(base, {
      defaultLocale: 'ja',
      allowedLocales: ['ar', 'ja', 'en', 'ja'],
    });
    expect(changed.status, JSON.stringify(changed.body)).toBe(200);
    expect(changed.body).toMatchObject({ defaultLocale: 'ja', allowedLocales: ['en', 'ja', 'ar'] });

    const dropsDefault = await client.patch(base, { allowedLocales: ['en', 'ar'] });
    expect(dropsDefault.status).toBe(400);
    expect(dropsDefault.body.error).toMatchObject({
      code: 'default_locale_not_allowed',
      field: 'allowedLocales',
    });
    const outside = await client.patch(base, { defaultLocale: 'fr' });
    expect(outside.status).toBe(400);
    expect(outside.body.error).toMatchObject({ code: 'default_locale_not_allowed', field: 'defaultLocale' });
    const unknown = await client.patch(base, { defaultLocale: 'xx' });
    expect(unknown.status).toBe(400);
    expect(unknown.body.error.field).toBe('defaultLocale');
    expect((await client.patch(base, { allowedLocales: [] })).status).toBe(400);
    expect((await client.get(base)).body).toMatchObject({
      defaultLocale: 'ja',
      allowedLocales: ['en', 'ja', 'ar'],
    });

    const log = await client.get(`/api/v1/orgs/${org.id}/audit-log?type=settings.changed`);
    expect(log.body.items[0]).toMatchObject({
      action: 'settings.changed',
      actor: { name: 'Olivia Owner' },
      changes: {
        defaultLocale: { from: 'en', to: 'ja' },
        allowedLocales: { from: ['en', 'ja', 'de', 'fr', 'es', 'pt-BR', 'ar'], to: ['en', 'ja', 'ar'] },
      },
    });
  });

  it('canonicalises the time zone and refuses what is not one; a learner cannot change settings', async () => {
    const { org, client } = await orgWithOwner(t);
    const base = `/api/v1/orgs/${org.id}/settings`;
    const tokyo = await client.patch(base, { timeZone: 'asia/tokyo' });
    expect(tokyo.body.timeZone).toBe('Asia/Tokyo');
    const bad = await client.patch(base, { timeZone: 'Mars/Olympus' });
    expect(bad.status).toBe(400);
    expect(bad.body.error).toMatchObject({ code: 'invalid_time_zone', field: 'timeZone' });
    const learner = await memberOf(t, org.id, 'learner');
    expect((await learner.client.patch(base, { defaultLocale: 'de' })).status).toBe(403);
  });

  it("a new organization takes the creator's browser time zone", async () => {
    const { client } = await orgWithOwner(t);
    const created = await client.post('/api/v1/orgs', { name: 'Tokyo Office', timeZone: 'Asia/Tokyo' });
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    expect((await client.get(`/api/v1/orgs/${created.body.id}/settings`)).body.timeZone).toBe('Asia/Tokyo');
    const plain = await client.post('/api/v1/orgs', { name: 'Nowhere Office' });
    expect((await client.get(`/api/v1/orgs/${plain.body.id}/settings`)).body.timeZone).toBe('UTC');
    const bad = await client.post('/api/v1/orgs', { name: 'Bad Office', timeZone: 'Tokyo' });
    expect(bad.status).toBe(400);
    expect(bad.body.error).toMatchObject({ code: 'invalid_time_zone', field: 'timeZone' });
  });
});

describe('an invitation’s language', () => {
  it('is the one asked for, else the organization’s default; refused outside the seven or the allowed', async () => {
    const { org, client } = await orgWithOwner(t);
    const base = `/api/v1/orgs/${org.id}/invitations`;
    await client.patch(`/api/v1/orgs/${org.id}/settings`, {
      defaultLocale: 'de',
      allowedLocales: ['de', 'ja', 'en'],
    });

    const ja = await client.post(base, { emails: [uniqueEmail('ja')], locale: 'ja' });
    expect(ja.status, JSON.stringify(ja.body)).toBe(201);
    expect(ja.body.invitations[0].locale).toBe('ja');
    const byDefault = await client.post(base, { emails: [uniqueEmail('de')] });
    expect(byDefault.body.invitations[0].locale).toBe('de');
    expect((await client.get(`${base}/${ja.body.invitations[0].id}`)).body.locale).toBe('ja');
    const stored = await t.services.db
      .selectFrom('invitations')
      .select('locale')
      .where('id', '=', byDefault.body.invitations[0].id)
      .executeTakeFirstOrThrow();
    expect(stored.locale).toBe('de');

    const unknown = await client.post(base, { emails: [uniqueEmail('xx')], locale: 'xx' });
    expect(unknown.status).toBe(400);
    expect(unknown.body.error).toMatchObject({ code: 'invalid_request', field: 'locale' });
    const notAllowed = await client.post(base, { emails: [uniqueEmail('ar')], locale: 'ar' });
    expect(notAllowed.status).toBe(400);
    expect(notAllowed.body.error).toMatchObject({ code: 'locale_not_allowed', field: 'locale' });

    // A corrected address keeps the language.
    const corrected = await client.post(`${base}/${ja.body.invitations[0].id}/correct-address`, {
      email: uniqueEmail('ja2'),
    });
    expect(corrected.status, JSON.stringify(corrected.body)).toBe(201);
    expect(corrected.body.invitation.locale).toBe('ja');
  });
});

describe('the language a new account starts in', () => {
  it("accepting: the invitation's language, or the page's when the request names it; an account keeps its own", async () => {
    const { org, client } = await orgWithOwner(t);
    const base = `/api/v1/orgs/${org.id}/invitations`;
    const [a, b] = [uniqueEmail('acc-a'), uniqueEmail('acc-b')];
    const created = await client.post(base, { emails: [a, b], locale: 'ja' });
    expect(created.status).toBe(201);
    const [ia, ib] = created.body.invitations;

    const anon = t.client();
    const acceptedA = await anon.post(`/api/v1/invitations/${await tokenOf(client, org.id, ia.id)}/accept`, {
      name: 'Akira',
      password: SECRET,
    });
    expect(acceptedA.status, JSON.stringify(acceptedA.body)).toBe(201);
    expect(await userLocale(a)).toBe('ja');

    const acceptedB = await t
      .client()
      .post(`/api/v1/invitations/${await tokenOf(client, org.id, ib.id)}/accept`, {
        name: 'Bea',
        password: SECRET,
        locale: 'fr',
      });
    expect(acceptedB.status).toBe(201);
    expect(await userLocale(b)).toBe('fr');

    const bad = await t
      .client()
      .post(`/api/v1/invitations/x/accept`, { name: 'C', password: SECRET, locale: 'klingon' });
    expect(bad.status).toBe(400);
    expect(bad.body.error.field).toBe('locale');

    // Someone with an account, signed in, keeps their language.
    const other = await orgWithOwner(t);
    const member = await memberOf(t, other.org.id, 'learner');
    await t.services.db.updateTable('users').set({ locale: 'es' }).where('id', '=', member.user.id).execute();
    const invite = await client.post(base, { emails: [member.email], locale: 'ja' });
    const token = await tokenOf(client, org.id, invite.body.invitations[0].id);
    expect((await member.client.post(`/api/v1/invitations/${token}/accept`, { locale: 'de' })).status).toBe(
      201,
    );
    expect(await userLocale(member.email)).toBe('es');
  });

  it('join page: ?lang= chooses among the allowed languages; joining keeps the page’s language', async () => {
    const { org, client } = await orgWithOwner(t, 'Polyglot Co');
    const slug = `poly-${org.id.slice(0, 8)}`;
    expect((await client.patch(`/api/v1/orgs/${org.id}/join-page`, { enabled: true, slug })).status).toBe(
      200,
    );
    await client.patch(`/api/v1/orgs/${org.id}/settings`, {
      defaultLocale: 'en',
      allowedLocales: ['en', 'ja', 'ar', 'pt-BR'],
    });
    const page = (query: string, acceptLanguage: string) =>
      t
        .client()
        .request('GET', `/api/v1/join/${slug}${query}`, undefined, { 'accept-language': acceptLanguage });
    expect((await page('', 'ja-JP,ja;q=0.9')).body.locale).toBe('ja');
    expect((await page('?lang=ar', 'ja-JP,ja;q=0.9')).body.locale).toBe('ar');
    expect((await page('?lang=pt', 'ja')).body.locale).toBe('pt-BR');
    // Not allowed: the browser's choice applies.
    expect((await page('?lang=de', 'ja')).body.locale).toBe('ja');
    expect((await page('?lang=not-a-tag!', 'fr')).body.locale).toBe('en');

    const join = async (email: string, body: Record<string, unknown>, acceptLanguage: string) => {
      const mark = t.smtp!.messages.length;
      expect((await t.client().post(`/api/v1/join/${slug}`, { email })).status).toBe(202);
      const mail = await t.smtp!.waitFor(
        (m) => m.to.includes(email.toLowerCase()) && t.smtp!.messages.indexOf(m) >= mark,
      );
      const token = JOIN_LINK.exec(mail.text)![1]!;
      const res = await t
        .client()
        .request('POST', `/api/v1/join/verify/${token}`, body, { 'accept-language': acceptLanguage });
      expect(res.status, JSON.stringify(res.body)).toBe(201);
    };
    const [shown, browser, fallback] = [uniqueEmail('j1'), uniqueEmail('j2'), uniqueEmail('j3')];
    await join(shown, { name: 'Layla', password: SECRET, locale: 'ar' }, 'ja');
    expect(await userLocale(shown)).toBe('ar');
    await join(browser, { name: 'Yuki', password: SECRET }, 'de-DE,ja;q=0.8');
    expect(await userLocale(browser)).toBe('ja');
    await join(fallback, { name: 'Hans', password: SECRET }, 'de-DE');
    expect(await userLocale(fallback)).toBe('en');
  });
});
