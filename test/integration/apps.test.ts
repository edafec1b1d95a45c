import { beforeAll, describe, expect, it } from 'vitest';
import { hashClientSecret } from '../../src/apps/secrets.ts';
import { memberOf, orgWithOwner } from '../helpers/accounts.ts';
import { TEST_SECRET, type TestApp } from '../helpers/app.ts';
import { sharedTestApp } from '../helpers/shared-app.ts';

describe('Apps', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await sharedTestApp();
  });

  const webApp = {
    name: ' Acme Moodle ',
    kind: 'web',
    redirectUris: ['https://learn.example.com/admin/oauth2callback.php'],
    postLogoutRedirectUris: ['https://learn.example.com/'],
    launchUrl: 'https://learn.example.com/my/',
  };

  it('registers a web app with a secret shown once and kept only as a keyed hash', async () => {
    const { org, client } = await orgWithOwner(t);
    const base = `/api/v1/orgs/${org.id}/apps`;
    const created = await client.post(base, webApp);
    expect(created.status).toBe(201);
    const app = created.body;
    expect(app).toMatchObject({
      name: 'Acme Moodle',
      kind: 'web',
      redirectUris: webApp.redirectUris,
      postLogoutRedirectUris: webApp.postLogoutRedirectUris,
      launchUrl: webApp.launchUrl,
      access: 'all',
      origins: ['https://learn.example.com'],
      disabled: false,
    });
    expect(app.clientId).toMatch(/^app_[A-Za-z0-9_-]{22}$/);
    expect(app.clientSecret).toMatch(/^bks_[A-Za-z0-9_-]{43}$/);

    const row = await t.services.db
      .selectFrom('apps')
      .selectAll()
      .where('id', '=', app.id)
      .executeTakeFirstOrThrow();
    expect(row.client_secret_hash).toBe(hashClientSecret(TEST_SECRET, app.clientSecret));
    expect(JSON.stringify(row)).not.toContain(app.clientSecret.slice(4));

    const listed = await client.get(base);
    expect(listed.status).toBe(200);
    expect(listed.body.items).toHaveLength(1);
    expect(JSON.stringify(listed.body)).not.toContain(app.clientSecret);
    expect((await client.get(`${base}/${app.id}`)).body).not.toHaveProperty('clientSecret');

    const rotated = await client.post(`${base}/${app.id}/secret`);
    expect(rotated.status).toBe(200);
    expect(rotated.body.clientSecret).not.toBe(app.clientSecret);
    expect(rotated.body.secretRotatedAt).toBeTruthy();
    const after = await t.services.db
      .selectFrom('apps')
      .select('client_secret_hash')
      .where('id', '=', app.id)
      .executeTakeFirstOrThrow();
    expect(after.client_secret_hash).toBe(hashClientSecret(TEST_SECRET, rotated.body.clientSecret));
  });

  it('registers a native app without a secret, which cannot be rotated', async () => {
    const { org, client } = await orgWithOwner(t);
    const base = `/api/v1/orgs/${org.id}/apps`;
    const created = await client.post(base, {
      name: 'Phone app',
      kind: 'native',
      redirectUris: ['http://127.0.0.1:8123/callback', 'http://localhost/cb'],
    });
    expect(created.status).toBe(201);
    expect(created.body.clientSecret).toBeNull();
    const rotate = await client.post(`${base}/${created.body.id}/secret`);
    expect(rotate.status).toBe(400);
    expect(rotate.body.error.code).toBe('no_client_secret');
  });

  it('refuses redirect URIs that are not https (except loopback), relative, or carry a fragment', async () => {
    const { org, client } = await orgWithOwner(t);
    const base = `/api/v1/orgs/${org.id}/apps`;
    for (const uri of [
      'http://learn.example.com/cb',
      '/cb',
      'https://learn.example.com/cb#x',
      'https://user:pw@learn.example.com/cb',
      'javascript:alert(1)',
      'ftp://localhost/cb',
    ]) {
      const res = await client.post(base, { ...webApp, redirectUris: [uri] });
      expect(res.status, uri).toBe(400);
      expect(res.body.error.code, uri).toBe('invalid_redirect_uri');
    }
    expect((await client.post(base, { ...webApp, redirectUris: [] })).status).toBe(400);
    expect((await client.post(base, { ...webApp, launchUrl: 'http://example.com/' })).status).toBe(400);
    expect((await client.post(base, { ...webApp, kind: 'spa' })).status).toBe(400);
    expect((await client.post(base, { ...webApp, extra: 1 })).status).toBe(400);
    expect((await client.get(base)).body.items).toHaveLength(0);
  });

  it('limits who may sign in by role or group, checking the groups belong to the organization', async () => {
    const { org, client } = await orgWithOwner(t);
    const other = await orgWithOwner(t, 'Other');
    const base = `/api/v1/orgs/${org.id}/apps`;
    const group = await client.post(`/api/v1/orgs/${org.id}/groups`, { name: 'Nurses' });
    const foreign = await other.client.post(`/api/v1/orgs/${other.org.id}/groups`, { name: 'Theirs' });
    const restricted = await client.post(base, {
      ...webApp,
      access: 'restricted',
      allowedRoles: ['admin'],
      allowedGroupIds: [group.body.id],
    });
    expect(restricted.status).toBe(201);
    expect(restricted.body).toMatchObject({
      access: 'restricted',
      allowedRoles: ['admin'],
      allowedGroupIds: [group.body.id],
    });
    const bad = await client.post(base, { ...webApp, allowedGroupIds: [foreign.body.id] });
    expect(bad.status).toBe(400);
    expect(bad.body.error.code).toBe('unknown_group');
    const empty = await client.post(base, { ...webApp, access: 'restricted' });
    expect(empty.status).toBe(400);
    expect(empty.body.error.code).toBe('invalid_access');
    expect((await client.post(base, { ...webApp, allowedRoles: ['wizard'] })).status).toBe(400);

    // Restricting an existing app to a group, as the console's edit dialog sends it: every field,
    // most of them unchanged. Only what changed is written and recorded.
    const open = (await client.post(base, webApp)).body;
    const edited = await client.patch(`${base}/${open.id}`, {
      name: open.name,
      redirectUris: open.redirectUris,
      postLogoutRedirectUris: open.postLogoutRedirectUris,
      launchUrl: open.launchUrl,
      access: 'restricted',
      allowedRoles: [],
      allowedGroupIds: [group.body.id],
    });
    expect(edited.status, JSON.stringify(edited.body)).toBe(200);
    expect(edited.body).toMatchObject({ access: 'restricted', allowedGroupIds: [group.body.id] });
    const foreignEdit = await client.patch(`${base}/${open.id}`, { allowedGroupIds: [foreign.body.id] });
    expect(foreignEdit.body.error?.code).toBe('unknown_group');
    const history = (await client.get(`${base}/${open.id}/events`)).body.items;
    expect(history.map((e: { type: string }) => e.type)).toEqual(['app.created', 'app.updated']);
    expect(history[1].detail.fields).toEqual(['access', 'allowed_group_ids']);
  });

  it('changes, disables and deletes an app, recording every change with its actor', async () => {
    const { org, client } = await orgWithOwner(t);
    const base = `/api/v1/orgs/${org.id}/apps`;
    const app = (await client.post(base, webApp)).body;
    const changed = await client.patch(`${base}/${app.id}`, {
      name: 'Moodle',
      redirectUris: ['https://moodle.example.org/cb'],
    });
    expect(changed.status).toBe(200);
    expect(changed.body).toMatchObject({ name: 'Moodle', redirectUris: ['https://moodle.example.org/cb'] });
    expect(changed.body.origins).toEqual(['https://moodle.example.org', 'https://learn.example.com']);
    const disabled = await client.patch(`${base}/${app.id}`, { disabled: true });
    expect(disabled.body).toMatchObject({ disabled: true });
    expect(disabled.body.disabledAt).toBeTruthy();
    expect((await client.patch(`${base}/${app.id}`, { disabled: true })).status).toBe(200);
    expect((await client.patch(`${base}/${app.id}`, { redirectUris: ['http://x.example/cb'] })).status).toBe(
      400,
    );
    await client.post(`${base}/${app.id}/secret`);

    const events = await client.get(`${base}/${app.id}/events`);
    expect(events.body.items.map((e: { type: string }) => e.type)).toEqual([
      'app.created',
      'app.updated',
      'app.disabled',
      'app.secret_rotated',
    ]);
    expect(events.body.items[1]).toMatchObject({
      actor: { type: 'user', name: 'Olivia Owner' },
      detail: { fields: ['name', 'redirect_uris'] },
    });

    expect((await client.delete(`${base}/${app.id}`)).status).toBe(204);
    expect((await client.get(`${base}/${app.id}`)).status).toBe(404);
    expect((await client.delete(`${base}/${app.id}`)).status).toBe(404);
    // The history outlives the app: in the organization's audit log.
    const kept = await client.get(`/api/v1/orgs/${org.id}/audit-log?type=app`);
    expect(kept.body.items.map((e: { action: string }) => e.action)).toEqual([
      'app.deleted',
      'app.secret_rotated',
      'app.disabled',
      'app.updated',
      'app.created',
    ]);
    expect(kept.body.items[0]).toMatchObject({
      target: { type: 'app', id: app.id, label: changed.body.name },
    });
  });

  it('is for owners and admins; another organization’s app answers 404', async () => {
    const { org, client } = await orgWithOwner(t);
    const base = `/api/v1/orgs/${org.id}/apps`;
    const app = (await client.post(base, webApp)).body;
    const hr = await memberOf(t, org.id, 'hr');
    expect((await hr.client.get(base)).status).toBe(403);
    expect((await hr.client.post(base, webApp)).status).toBe(403);
    const admin = await memberOf(t, org.id, 'admin');
    expect((await admin.client.patch(`${base}/${app.id}`, { name: 'By admin' })).status).toBe(200);
    const other = await orgWithOwner(t, 'Other');
    const theirs = `/api/v1/orgs/${other.org.id}/apps/${app.id}`;
    expect((await other.client.get(theirs)).status).toBe(404);
    expect((await other.client.patch(theirs, { name: 'x' })).status).toBe(404);
    expect((await other.client.delete(theirs)).status).toBe(404);
    expect((await other.client.post(`${theirs}/secret`)).status).toBe(404);
    expect((await client.get(`${base}/not-a-uuid`)).status).toBe(404);
    expect((await t.client().get(base)).status).toBe(401);
  });
});
