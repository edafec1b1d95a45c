import { randomUUID } from 'node:crypto';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp, type TestClient } from '../helpers/app.ts';
import { addMember, createOrgWithOwner, uniqueEmail } from '../helpers/factories.ts';

const LEARN = 'https://learn.example.com';

/** Registers an app through the apps API and answers its id. */
async function registerApp(client: TestClient, orgId: string, body: Record<string, unknown> = {}) {
  const res = await client.post(`/api/v1/orgs/${orgId}/apps`, {
    name: 'Acme Learn',
    kind: 'web',
    redirectUris: [`${LEARN}/auth/oidc/callback`],
    launchUrl: `${LEARN}/my/`,
    ...body,
  });
  expect(res.status, JSON.stringify(res.body)).toBe(201);
  return res.body.id as string;
}

/** The invitation link's token, as the administrator can copy it. */
async function tokenOf(client: TestClient, orgId: string, id: string) {
  const link = await client.get(`/api/v1/orgs/${orgId}/invitations/${id}/link`);
  return link.body.url.split('/invite/')[1] as string;
}

describe('invitations that land in an app', () => {
  let t: TestApp;
  const hookHost = '127.0.0.1:9';

  beforeAll(async () => {
    // Workers off: the test fans webhook events out itself and reads the delivery jobs.
    t = await startTestApp({ workers: false, env: { WEBHOOK_ALLOWED_HOSTS: hookHost } });
  });
  afterAll(() => t.close());

  it('names an app and a return path; accepting offers "Continue to <app>" there', async () => {
    const o = await createOrgWithOwner(t);
    const appId = await registerApp(o.client, o.org.id);
    const base = `/api/v1/orgs/${o.org.id}/invitations`;
    const email = uniqueEmail('lands');
    const res = await o.client.post(base, {
      emails: [email],
      appId,
      returnPath: '/course/view.php?id=12',
      metadata: { cohort: 'north' },
    });
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    const inv = res.body.invitations[0];
    expect(inv).toMatchObject({
      app: { id: appId, name: 'Acme Learn' },
      returnPath: '/course/view.php?id=12',
    });
    expect((await o.client.get(`${base}/${inv.id}`)).body.app).toEqual({ id: appId, name: 'Acme Learn' });

    const token = await tokenOf(o.client, o.org.id, inv.id);
    // The invitee's page says nothing of the metadata or the return path.
    const view = await t.client().get(`/api/v1/invitations/${token}`);
    expect(JSON.stringify(view.body)).not.toMatch(/north|course\/view/);

    const invitee = t.client();
    const accepted = await invitee.post(`/api/v1/invitations/${token}/accept`, {
      name: 'Lena Lands',
      password: 'violet-harbour-train-9',
    });
    expect(accepted.status, JSON.stringify(accepted.body)).toBe(201);
    expect(accepted.body.continueTo).toEqual({
      app: { id: appId, name: 'Acme Learn' },
      url: `${LEARN}/course/view.php?id=12`,
    });
    // The home page offers it again.
    const me = await invitee.get(`/api/v1/orgs/${o.org.id}/me`);
    expect(me.body.continueTo).toEqual(accepted.body.continueTo);

    // Without a return path, the app's launch URL; without an app, nothing.
    const plain = await o.client.post(base, { emails: [uniqueEmail('plain')], appId });
    const plainToken = await tokenOf(o.client, o.org.id, plain.body.invitations[0].id);
    const plainAccept = await t
      .client()
      .post(`/api/v1/invitations/${plainToken}/accept`, { name: 'P', password: 'violet-harbour-train-9' });
    expect(plainAccept.body.continueTo.url).toBe(`${LEARN}/my/`);
    const none = await o.client.post(base, { emails: [uniqueEmail('none')] });
    const noneToken = await tokenOf(o.client, o.org.id, none.body.invitations[0].id);
    const noneAccept = await t
      .client()
      .post(`/api/v1/invitations/${noneToken}/accept`, { name: 'N', password: 'violet-harbour-train-9' });
    expect(noneAccept.body.continueTo).toBeNull();
  });

  it('refuses an unknown, foreign or disabled app and a return path off the app, naming the field', async () => {
    const o = await createOrgWithOwner(t);
    const appId = await registerApp(o.client, o.org.id);
    const other = await createOrgWithOwner(t, 'Other Org');
    const foreignApp = await registerApp(other.client, other.org.id);
    const base = `/api/v1/orgs/${o.org.id}/invitations`;
    const email = uniqueEmail('refused');
    const cases: Array<[Record<string, unknown>, string, string]> = [
      [{ appId: randomUUID() }, 'unknown_app', 'appId'],
      [{ appId: 'not-a-uuid' }, 'unknown_app', 'appId'],
      [{ appId: foreignApp }, 'unknown_app', 'appId'],
      [{ returnPath: '/course/1' }, 'app_required', 'returnPath'],
      [{ appId, returnPath: 'https://evil.example/phish' }, 'invalid_return_path', 'returnPath'],
      [{ appId, returnPath: '//evil.example/phish' }, 'invalid_return_path', 'returnPath'],
      [{ appId, returnPath: 'javascript:alert(1)' }, 'invalid_return_path', 'returnPath'],
      [{ appId, returnPath: `${LEARN}.evil.example/` }, 'invalid_return_path', 'returnPath'],
    ];
    for (const [extra, code, field] of cases) {
      const res = await o.client.post(base, { emails: [email], ...extra });
      expect(res.status, JSON.stringify(extra)).toBe(400);
      expect(res.body.error, JSON.stringify(extra)).toMatchObject({ code, field });
    }
    // A URL on the app's registered origins is fine.
    const absolute = await o.client.post(base, {
      emails: [email],
      appId,
      returnPath: `${LEARN}/course/view.php?id=7`,
    });
    expect(absolute.status).toBe(201);
    expect(absolute.body.invitations[0].returnPath).toBe(`${LEARN}/course/view.php?id=7`);

    expect((await o.client.patch(`/api/v1/orgs/${o.org.id}/apps/${appId}`, { disabled: true })).status).toBe(
      200,
    );
    const disabled = await o.client.post(base, { emails: [uniqueEmail('x')], appId });
    expect(disabled.body.error).toMatchObject({ code: 'app_disabled', field: 'appId' });
    // Once disabled, an invitation that named it offers nothing to continue to.
    const token = await tokenOf(o.client, o.org.id, absolute.body.invitations[0].id);
    const accepted = await t
      .client()
      .post(`/api/v1/invitations/${token}/accept`, { name: 'D', password: 'violet-harbour-train-9' });
    expect(accepted.status).toBe(201);
    expect(accepted.body.continueTo).toBeNull();
  });

  it('lets inviters list the apps they may name, with nothing but names and origins', async () => {
    const o = await createOrgWithOwner(t);
    const appId = await registerApp(o.client, o.org.id, {
      redirectUris: [`${LEARN}/cb`, 'http://127.0.0.1:4100/cb'],
    });
    const hr = await addMember(t, o.org.id, 'hr');
    const list = await hr.client.get(`/api/v1/orgs/${o.org.id}/invitations/apps`);
    expect(list.status).toBe(200);
    expect(list.body.items).toEqual([
      { id: appId, name: 'Acme Learn', origins: [LEARN, 'http://127.0.0.1:4100'], launchUrl: `${LEARN}/my/` },
    ]);
    const learner = await addMember(t, o.org.id, 'learner');
    expect((await learner.client.get(`/api/v1/orgs/${o.org.id}/invitations/apps`)).status).toBe(403);
  });

  it('after "set password" the person signs in and their home page continues to the app', async () => {
    const o = await createOrgWithOwner(t);
    const appId = await registerApp(o.client, o.org.id);
    const email = uniqueEmail('setpw');
    const res = await o.client.post(`/api/v1/orgs/${o.org.id}/invitations`, {
      emails: [email],
      appId,
      returnPath: '/welcome',
    });
    const id = res.body.invitations[0].id;
    expect(
      (
        await o.client.post(`/api/v1/orgs/${o.org.id}/invitations/${id}/password`, {
          password: 'Temporary-Pass-4821',
        })
      ).status,
    ).toBe(200);
    const person = t.client();
    expect((await person.post('/api/v1/session', { email, password: 'Temporary-Pass-4821' })).status).toBe(
      200,
    );
    expect(
      (
        await person.post('/api/v1/session/password', {
          currentPassword: 'Temporary-Pass-4821',
          newPassword: 'bright-Lantern-castle-5',
        })
      ).status,
    ).toBe(204);
    const me = await person.get(`/api/v1/orgs/${o.org.id}/me`);
    expect(me.body.continueTo).toEqual({ app: { id: appId, name: 'Acme Learn' }, url: `${LEARN}/welcome` });
  });

  it('invitation.accepted carries the person (sub), the app and the metadata', async () => {
    const o = await createOrgWithOwner(t);
    const appId = await registerApp(o.client, o.org.id);
    const hook = await o.client.post(`/api/v1/orgs/${o.org.id}/webhooks`, {
      url: `http://${hookHost}/hooks`,
      events: ['invitation.created', 'invitation.accepted'],
    });
    expect(hook.status, JSON.stringify(hook.body)).toBe(201);
    const res = await o.client.post(`/api/v1/orgs/${o.org.id}/invitations`, {
      emails: [uniqueEmail('hooked')],
      appId,
      returnPath: '/course/3',
      metadata: { crmId: 'crm-9' },
    });
    const id = res.body.invitations[0].id;
    const token = await tokenOf(o.client, o.org.id, id);
    const accepted = await t
      .client()
      .post(`/api/v1/invitations/${token}/accept`, { name: 'Hook Ed', password: 'violet-harbour-train-9' });
    await t.services.webhooks.fanout();
    const { rows } = await sql<{ data: { event: string; payload: any } }>`
      SELECT data FROM pgboss.job
      WHERE name = 'webhook.deliver' AND data->>'endpointId' = ${hook.body.id}`.execute(t.services.db);
    const byEvent = Object.fromEntries(rows.map((r) => [r.data.event, r.data.payload.data]));
    expect(Object.keys(byEvent).sort()).toEqual(['invitation.accepted', 'invitation.created']);
    expect(byEvent['invitation.accepted']).toMatchObject({
      invitation: {
        id,
        status: 'accepted',
        metadata: { crmId: 'crm-9' },
        app: { id: appId, name: 'Acme Learn' },
        returnPath: '/course/3',
      },
      // `sub` is what the app's OpenID Connect sign-in sees for this person.
      user: { id: accepted.body.user.id, sub: accepted.body.user.id },
    });
    // Before acceptance there is no person to name.
    expect(byEvent['invitation.created'].user).toBeUndefined();
    expect(byEvent['invitation.created'].invitation.app).toEqual({ id: appId, name: 'Acme Learn' });
  });

  it('trainings of an app open at the app when they have no launch URL of their own', async () => {
    const o = await createOrgWithOwner(t);
    const appId = await registerApp(o.client, o.org.id);
    const groups = `/api/v1/orgs/${o.org.id}/groups`;
    const bad = await o.client.post(groups, {
      name: 'G',
      trainings: ['A', { name: 'B', appId: randomUUID() }],
    });
    expect(bad.body.error).toMatchObject({ code: 'unknown_app', field: 'trainings[1].appId' });
    const group = await o.client.post(groups, {
      name: 'Learners',
      trainings: [
        { name: 'Course home', appId },
        { name: 'Safety', appId, launchUrl: `${LEARN}/course/view.php?id=5` },
      ],
    });
    expect(group.status, JSON.stringify(group.body)).toBe(201);
    expect(group.body.trainingDetails.map((d: any) => d.appId)).toEqual([appId, appId]);
    const res = await o.client.post(`/api/v1/orgs/${o.org.id}/invitations`, {
      emails: [uniqueEmail('trainee')],
      groupIds: [group.body.id],
    });
    const token = await tokenOf(o.client, o.org.id, res.body.invitations[0].id);
    const person = t.client();
    await person.post(`/api/v1/invitations/${token}/accept`, {
      name: 'T',
      password: 'violet-harbour-train-9',
    });
    const me = await person.get(`/api/v1/orgs/${o.org.id}/me`);
    const byName = Object.fromEntries(me.body.trainings.map((x: any) => [x.name, x]));
    expect(byName['Course home']).toMatchObject({ launchUrl: `${LEARN}/my/`, app: { id: appId } });
    expect(byName.Safety).toMatchObject({ launchUrl: `${LEARN}/course/view.php?id=5`, app: { id: appId } });
    // Once the app is disabled, only a training's own launch URL still opens.
    await o.client.patch(`/api/v1/orgs/${o.org.id}/apps/${appId}`, { disabled: true });
    const after = await person.get(`/api/v1/orgs/${o.org.id}/me`);
    expect(after.body.trainings.map((x: any) => x.launchUrl).sort()).toEqual([
      `${LEARN}/course/view.php?id=5`,
      null,
    ]);
  });

  it('imports take the app (by name or id) and return path from columns, checked per row', async () => {
    const o = await createOrgWithOwner(t);
    const appId = await registerApp(o.client, o.org.id);
    const base = `/api/v1/orgs/${o.org.id}/imports`;
    const [a, b, c, d, e] = Array.from({ length: 5 }, () => uniqueEmail('imp')) as [
      string,
      string,
      string,
      string,
      string,
    ];
    const csv =
      'email,app,return_path\n' +
      `${a},acme learn,/course/1\n` +
      `${b},${appId},\n` +
      `${c},Nope,\n` +
      `${d},Acme Learn,https://evil.example/\n` +
      `${e},,/course/2\n`;
    const up = await o.client.request('POST', base, Buffer.from(csv), { 'content-type': 'text/csv' });
    expect(up.status, JSON.stringify(up.body)).toBe(201);
    expect(up.body).toMatchObject({ total: 5, valid: 2 });
    expect(up.body.problems.map((p: any) => [p.row, p.column, p.code])).toEqual([
      [4, 'app', 'unknown_app'],
      [5, 'return_path', 'invalid_return_path'],
      [6, 'return_path', 'app_required'],
    ]);
    await o.client.post(`${base}/${up.body.id}/confirm`);
    await t.services.imports.runImport(up.body.id);
    const list = await o.client.get(`/api/v1/orgs/${o.org.id}/invitations?limit=10`);
    const byEmail = Object.fromEntries(list.body.items.map((i: any) => [i.email, i]));
    expect(byEmail[a]).toMatchObject({ app: { id: appId }, returnPath: '/course/1' });
    expect(byEmail[b]).toMatchObject({ app: { id: appId }, returnPath: null });
    expect(Object.keys(byEmail).sort()).toEqual([a, b].sort());
  });
});

describe('the join page lands in an app', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp({ smtp: true });
  });
  afterAll(() => t.close());

  it('is a join page setting, checked like an invitation, and joining offers "Continue to <app>"', async () => {
    const o = await createOrgWithOwner(t);
    const appId = await registerApp(o.client, o.org.id);
    const page = `/api/v1/orgs/${o.org.id}/join-page`;
    const bad = await o.client.patch(page, { appId, returnPath: 'https://evil.example/' });
    expect(bad.body.error).toMatchObject({ code: 'invalid_return_path', field: 'returnPath' });
    const foreign = await o.client.patch(page, { appId: randomUUID() });
    expect(foreign.body.error).toMatchObject({ code: 'unknown_app', field: 'appId' });
    const saved = await o.client.patch(page, {
      enabled: true,
      slug: `land-${randomUUID().slice(0, 8)}`,
      appId,
      returnPath: '/course/9',
    });
    expect(saved.status, JSON.stringify(saved.body)).toBe(200);
    expect(saved.body).toMatchObject({ appId, returnPath: '/course/9' });

    const email = uniqueEmail('joiner');
    const before = t.smtp!.messages.length;
    expect((await t.client().post(`/api/v1/join/${saved.body.slug}`, { email })).status).toBe(202);
    const mail = await t.smtp!.waitFor(
      (m) => m.to.includes(email.toLowerCase()) && t.smtp!.messages.indexOf(m) >= before,
    );
    const token = /\/join\/verify\/([A-Za-z0-9_-]+)/.exec(mail.text)![1]!;
    const joined = await t
      .client()
      .post(`/api/v1/join/verify/${token}`, { name: 'Jo Iner', password: 'violet-harbour-train-9' });
    expect(joined.status, JSON.stringify(joined.body)).toBe(201);
    expect(joined.body.continueTo).toEqual({
      app: { id: appId, name: 'Acme Learn' },
      url: `${LEARN}/course/9`,
    });

    // Removing the app removes the return path with it.
    const cleared = await o.client.patch(page, { appId: null });
    expect(cleared.body).toMatchObject({ appId: null, returnPath: null });
  });
});
