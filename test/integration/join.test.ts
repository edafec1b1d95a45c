import { beforeAll, describe, expect, it } from 'vitest';
import { memberOf, orgWithOwner, uniqueEmail } from '../helpers/accounts.ts';
import type { TestApp } from '../helpers/app.ts';
import { sharedTestApp } from '../helpers/shared-app.ts';

const LINK = /http:\/\/beckon\.test\/join\/verify\/([A-Za-z0-9_-]+)/;

async function verificationToken(t: TestApp, email: string, after: number): Promise<string> {
  const mail = await t.smtp!.waitFor(
    (m) => m.to.includes(email.toLowerCase()) && t.smtp!.messages.indexOf(m) >= after,
  );
  const match = LINK.exec(mail.text);
  expect(match, mail.text).not.toBeNull();
  return match![1]!;
}

describe('join page: settings and joining', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await sharedTestApp({ smtp: true });
  });

  it('configures the page with validation; slugs are unique', async () => {
    const { org, client } = await orgWithOwner(t, 'Ünïcode Académie');
    const base = `/api/v1/orgs/${org.id}/join-page`;
    const initial = await client.get(base);
    expect(initial.status).toBe(200);
    expect(initial.body).toMatchObject({
      enabled: false,
      slug: 'unicode-academie',
      allowedDomains: [],
      defaultRole: 'learner',
      defaultGroupIds: [],
      expiresAt: null,
      maxJoins: null,
      joinCount: 0,
      url: 'http://beckon.test/join/unicode-academie',
    });

    const group = (
      await client.post(`/api/v1/orgs/${org.id}/groups`, { name: 'Starters', trainings: ['Welcome'] })
    ).body;
    const saved = await client.patch(base, {
      enabled: true,
      slug: 'academie',
      allowedDomains: ['Example.COM', '@corp.example', 'example.com'],
      defaultGroupIds: [group.id],
    });
    expect(saved.status).toBe(200);
    expect(saved.body).toMatchObject({
      enabled: true,
      slug: 'academie',
      allowedDomains: ['example.com', 'corp.example'],
      defaultGroupIds: [group.id],
      url: 'http://beckon.test/join/academie',
    });
    expect((await client.get(base)).body.slug).toBe('academie');

    for (const [body, code] of [
      [{ slug: 'ab' }, 'invalid_slug'],
      [{ slug: 'has space' }, 'invalid_slug'],
      [{ slug: '-edge-' }, 'invalid_slug'],
      [{ slug: 'verify' }, 'slug_taken'],
      [{ defaultRole: 'admin' }, 'role_not_allowed'],
      [{ defaultRole: 'owner' }, 'role_not_allowed'],
      [{ defaultGroupIds: ['00000000-0000-4000-8000-000000000000'] }, 'unknown_group'],
      [{ allowedDomains: ['not a domain'] }, 'invalid_domain'],
      [{ maxJoins: 0 }, 'invalid_request'],
      [{ surprise: true }, 'invalid_request'],
    ] as const) {
      const res = await client.patch(base, body);
      expect(res.status, JSON.stringify(body)).toBeGreaterThanOrEqual(400);
      expect(res.body.error.code, JSON.stringify(body)).toBe(code);
    }
    expect((await client.get(base)).body.slug).toBe('academie');

    const other = await orgWithOwner(t, 'Other');
    const clash = await other.client.patch(`/api/v1/orgs/${other.org.id}/join-page`, { slug: 'ACADEMIE' });
    expect(clash.status).toBe(409);
    expect(clash.body.error.code).toBe('slug_taken');

    // A first save without a slug keeps the suggested one.
    const third = await orgWithOwner(t, 'Third Place');
    const firstSave = await third.client.patch(`/api/v1/orgs/${third.org.id}/join-page`, {
      expiresAt: '2030-01-01T00:00:00Z',
      maxJoins: 5,
    });
    expect(firstSave.status).toBe(200);
    expect(firstSave.body).toMatchObject({
      slug: 'third-place',
      enabled: false,
      expiresAt: '2030-01-01T00:00:00.000Z',
      maxJoins: 5,
    });
    const badDate = await third.client.patch(`/api/v1/orgs/${third.org.id}/join-page`, { expiresAt: 'soon' });
    expect(badDate.status).toBe(400);
    expect(badDate.body.error.field).toBe('expiresAt');

    // The link shown before the first save is kept for the organization that was shown it.
    const shown = await orgWithOwner(t, 'Northwind Reserve');
    const shownPath = `/api/v1/orgs/${shown.org.id}/join-page`;
    const firstLook = (await shown.client.get(shownPath)).body;
    expect(firstLook).toMatchObject({ enabled: false, slug: 'northwind-reserve' });
    const taker = await orgWithOwner(t, 'Taker');
    const taken = await taker.client.patch(`/api/v1/orgs/${taker.org.id}/join-page`, {
      slug: 'northwind-reserve',
    });
    expect(taken.body.error?.code).toBe('slug_taken');
    const switchedOn = await shown.client.patch(shownPath, { enabled: true });
    expect(switchedOn.body).toMatchObject({ enabled: true, slug: 'northwind-reserve', url: firstLook.url });

    const hr = await memberOf(t, org.id, 'hr');
    expect((await hr.client.get(base)).status).toBe(403);
    expect((await hr.client.patch(base, { enabled: false })).status).toBe(403);
  });

  it('joins a new person through the verification email, with default role, groups and trainings', async () => {
    const { org, client } = await orgWithOwner(t, 'Join Co');
    const group = (
      await client.post(`/api/v1/orgs/${org.id}/groups`, {
        name: 'Newcomers',
        trainings: ['Safety', 'Tools'],
      })
    ).body;
    await client.patch(`/api/v1/orgs/${org.id}/join-page`, {
      enabled: true,
      slug: 'join-co',
      allowedDomains: ['example.com'],
      defaultGroupIds: [group.id],
    });
    const anon = t.client();

    const page = await anon.get('/api/v1/join/Join-Co');
    expect(page.status).toBe(200);
    expect(page.body).toEqual({
      organization: { name: 'Join Co' },
      allowedDomains: ['example.com'],
      locale: 'en',
      languages: ['en', 'ja', 'de', 'fr', 'es', 'pt-BR', 'ar'],
    });
    expect((await anon.get('/api/v1/join/no-such-page')).status).toBe(404);

    const outside = await anon.post('/api/v1/join/join-co', { email: 'someone@elsewhere.org' });
    expect(outside.status).toBe(400);
    expect(outside.body.error.code).toBe('domain_not_allowed');
    expect((await anon.post('/api/v1/join/join-co', { email: 'broken@' })).status).toBe(400);

    const existingMember = await memberOf(t, org.id, 'learner');
    const existingAccount = await memberOf(t, (await orgWithOwner(t, 'Elsewhere')).org.id, 'learner');
    const newcomer = uniqueEmail('newcomer');
    const mark = t.smtp!.messages.length;
    const answers = [];
    for (const email of [newcomer, existingMember.email, existingAccount.email]) {
      const res = await anon.post('/api/v1/join/join-co', { email });
      expect(res.status).toBe(202);
      answers.push(res.body);
    }
    expect(answers[1]).toEqual(answers[0]);
    expect(answers[2]).toEqual(answers[0]);

    const token = await verificationToken(t, newcomer, mark);
    const mail = t.smtp!.messages.find((m) => m.to.includes(newcomer))!;
    expect(mail.subject).toContain('Join Co');
    const stored = await t.services.db
      .selectFrom('emails')
      .select(['html', 'text'])
      .where('kind', '=', 'join_verification')
      .execute();
    expect(JSON.stringify(stored)).not.toContain(token);

    const view = await anon.get(`/api/v1/join/verify/${token}`);
    expect(view.status).toBe(200);
    expect(view.body).toEqual({
      organization: { name: 'Join Co' },
      email: newcomer,
      accountExists: false,
      alreadyMember: false,
    });
    // Opening changes nothing: the link still works after being viewed twice.
    expect((await anon.get(`/api/v1/join/verify/${token}`)).status).toBe(200);

    expect((await anon.post(`/api/v1/join/verify/${token}`, { name: 'New Comer' })).status).toBe(400);
    expect(
      (await anon.post(`/api/v1/join/verify/${token}`, { name: 'New Comer', password: 'short' })).body.error
        .code,
    ).toBe('weak_password');
    const joiner = t.client();
    const joined = await joiner.post(`/api/v1/join/verify/${token}`, {
      name: 'New Comer',
      password: 'a-long-enough-secret-9',
    });
    expect(joined.status).toBe(201);
    expect(joined.body.organization.id).toBe(org.id);
    expect(joined.body.user.id).toMatch(/^[0-9a-f-]{36}$/);
    expect(joiner.cookie).toBeTruthy();
    const me = await joiner.get('/api/v1/session');
    expect(me.body.organizations).toEqual([
      expect.objectContaining({ id: org.id, role: 'learner', status: 'active' }),
    ]);

    const listed = await client.get(`/api/v1/orgs/${org.id}/members?q=${encodeURIComponent(newcomer)}`);
    expect(listed.body.items).toHaveLength(1);
    expect(listed.body.items[0]).toMatchObject({
      name: 'New Comer',
      role: 'learner',
      neverSignedIn: false,
      groups: [{ id: group.id, name: 'Newcomers' }],
    });
    expect(listed.body.items[0].trainings.map((x: any) => x.name).sort()).toEqual(['Safety', 'Tools']);
    expect((await client.get(`/api/v1/orgs/${org.id}/join-page`)).body.joinCount).toBe(1);

    const reuse = await t
      .client()
      .post(`/api/v1/join/verify/${token}`, { name: 'Again', password: 'a-long-enough-secret-9' });
    expect(reuse.status).toBe(410);
    expect(reuse.body.error.code).toBe('used');

    // An existing member's link says so and joins nothing.
    const memberToken = await verificationToken(t, existingMember.email, mark);
    expect((await anon.get(`/api/v1/join/verify/${memberToken}`)).body).toMatchObject({
      accountExists: true,
      alreadyMember: true,
    });
    const again = await existingMember.client.post(`/api/v1/join/verify/${memberToken}`, {});
    expect(again.status).toBe(409);
    expect(again.body.error.code).toBe('already_member');

    // Someone with an account elsewhere signs in, then joins; a different signed-in person cannot use the link.
    const accountToken = await verificationToken(t, existingAccount.email, mark);
    expect(
      (
        await anon.post(`/api/v1/join/verify/${accountToken}`, {
          name: 'X',
          password: 'a-long-enough-secret-9',
        })
      ).body.error.code,
    ).toBe('account_exists');
    expect(
      (await existingMember.client.post(`/api/v1/join/verify/${accountToken}`, {})).body.error.code,
    ).toBe('email_mismatch');
    const viaSession = await existingAccount.client.post(`/api/v1/join/verify/${accountToken}`, {});
    expect(viaSession.status).toBe(201);
    expect(viaSession.body.csrfToken).toBe(existingAccount.client.csrfToken);
    const theirs = await existingAccount.client.get('/api/v1/session');
    expect(theirs.body.organizations.map((o: any) => o.name).sort()).toEqual(['Elsewhere', 'Join Co']);
    expect((await client.get(`/api/v1/orgs/${org.id}/join-page`)).body.joinCount).toBe(2);
  });
});

describe('join page: closing rules', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await sharedTestApp({ smtp: true });
  });

  it('honours the cap, the expiry date, the switch and the 24-hour link', async () => {
    const { org, client } = await orgWithOwner(t, 'Capped');
    const base = `/api/v1/orgs/${org.id}/join-page`;
    await client.patch(base, { enabled: true, slug: 'capped', maxJoins: 1 });
    const anon = t.client();
    const a = uniqueEmail('a');
    const b = uniqueEmail('b');
    const mark = t.smtp!.messages.length;
    expect((await anon.post('/api/v1/join/capped', { email: a })).status).toBe(202);
    expect((await anon.post('/api/v1/join/capped', { email: b })).status).toBe(202);
    const tokenA = await verificationToken(t, a, mark);
    const tokenB = await verificationToken(t, b, mark);
    expect(
      (
        await t
          .client()
          .post(`/api/v1/join/verify/${tokenA}`, { name: 'Ann', password: 'a-long-enough-secret-9' })
      ).status,
    ).toBe(201);

    // Full: the page, asking and the other pending link all say the page is closed.
    const full = await anon.get('/api/v1/join/capped');
    expect(full.status).toBe(410);
    expect(full.body.error.code).toBe('join_closed');
    expect((await anon.post('/api/v1/join/capped', { email: uniqueEmail('c') })).body.error.code).toBe(
      'join_closed',
    );
    const lateB = await t
      .client()
      .post(`/api/v1/join/verify/${tokenB}`, { name: 'Ben', password: 'a-long-enough-secret-9' });
    expect(lateB.status).toBe(410);
    expect(lateB.body.error.code).toBe('join_closed');
    expect((await client.get(base)).body.joinCount).toBe(1);

    // Raising the cap reopens it; B's link still works (the refused attempt did not use it).
    await client.patch(base, { maxJoins: null });
    expect(
      (
        await t
          .client()
          .post(`/api/v1/join/verify/${tokenB}`, { name: 'Ben', password: 'a-long-enough-secret-9' })
      ).status,
    ).toBe(201);

    // Expiry date in the past: closed.
    await client.patch(base, { expiresAt: new Date(t.clock.now().getTime() - 1000).toISOString() });
    expect((await anon.get('/api/v1/join/capped')).body.error.code).toBe('join_closed');
    await client.patch(base, { expiresAt: null });
    expect((await anon.get('/api/v1/join/capped')).status).toBe(200);

    // Switched off: unknown to the public.
    const d = uniqueEmail('d');
    const mark2 = t.smtp!.messages.length;
    expect((await anon.post('/api/v1/join/capped', { email: d })).status).toBe(202);
    const tokenD = await verificationToken(t, d, mark2);
    await client.patch(base, { enabled: false });
    expect((await anon.get('/api/v1/join/capped')).status).toBe(404);
    expect((await anon.post('/api/v1/join/capped', { email: uniqueEmail('e') })).status).toBe(404);
    expect((await anon.get(`/api/v1/join/verify/${tokenD}`)).body.error.code).toBe('join_closed');
    await client.patch(base, { enabled: true });

    // Two confirmations of one link at once: exactly one joins.
    const f = uniqueEmail('f');
    const mark3 = t.smtp!.messages.length;
    expect((await anon.post('/api/v1/join/capped', { email: f })).status).toBe(202);
    const tokenF = await verificationToken(t, f, mark3);
    const racing = await Promise.all(
      [0, 1, 2, 3, 4].map(() =>
        t.client().post(`/api/v1/join/verify/${tokenF}`, { name: 'Fay', password: 'a-long-enough-secret-9' }),
      ),
    );
    expect(racing.map((r) => r.status).sort()).toEqual([201, 410, 410, 410, 410]);
    const fMembers = await t.services.db
      .selectFrom('users')
      .innerJoin('members', 'members.user_id', 'users.id')
      .select('members.id')
      .where('users.email', '=', f)
      .execute();
    expect(fMembers).toHaveLength(1);

    // Links last 24 hours.
    t.clock.advance(24 * 60 * 60 * 1000 + 1000);
    const expired = await t
      .client()
      .post(`/api/v1/join/verify/${tokenD}`, { name: 'Dee', password: 'a-long-enough-secret-9' });
    expect(expired.status).toBe(410);
    expect(expired.body.error.code).toBe('expired');
    expect((await anon.get('/api/v1/join/verify/garbage-token')).status).toBe(404);
  });
});
