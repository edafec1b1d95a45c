import { beforeAll, describe, expect, it } from 'vitest';
import { auditRepository } from '../../src/audit/repository.ts';
import { memberOf, orgWithOwner, sessionClient } from '../helpers/accounts.ts';
import type { TestApp } from '../helpers/app.ts';
import { sharedTestApp } from '../helpers/shared-app.ts';

const HTML = '<p>Hello from {{ organization.name }}</p><a href="{{ link }}">Join</a>';
const TEXT = 'Hello from {{ organization.name }}\nJoin: {{ link }}';

describe('audit log', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await sharedTestApp({ workers: false });
  });

  /**
   * Every entry of the organization, oldest first (the API answers newest first). Moves the clock
   * on, so the next change lands at a later instant (entries of one instant order by their ids).
   */
  async function entries(client: ReturnType<TestApp['client']>, orgId: string, query = '') {
    t.clock.advance(1000);
    const res = await client.get(`/api/v1/orgs/${orgId}/audit-log?limit=200${query}`);
    expect(res.status).toBe(200);
    return [...res.body.items].reverse();
  }

  it('records each kind of change once, with its actor and what changed, and nothing secret', async () => {
    const { org, client, user } = await orgWithOwner(t);
    const base = `/api/v1/orgs/${org.id}`;
    const learner = await memberOf(t, org.id, 'learner', { name: 'Lee Learner', signIn: false });
    const owner = { type: 'user', id: user.id, name: 'Olivia Owner' };
    const expectLast = async (action: string, extra: Record<string, unknown> = {}) => {
      const all = await entries(client, org.id);
      expect(all.at(-1)).toMatchObject({ action, ...extra });
      return all.at(-1);
    };

    // Settings
    expect(
      (await client.patch(`${base}/settings`, { inviteExpiryDays: 10, requireGroup: false })).status,
    ).toBe(200);
    await expectLast('settings.changed', {
      actor: owner,
      target: { type: 'organization', id: org.id },
      changes: { inviteExpiryDays: { from: 7, to: 10 } },
    });
    // Nothing changed: nothing written.
    await client.patch(`${base}/settings`, { inviteExpiryDays: 10 });
    expect((await entries(client, org.id)).length).toBe(1);

    // Members: role and permissions, status
    const promoted = await client.patch(`${base}/members/${learner.member.id}`, {
      role: 'curator',
      permissions: ['people'],
    });
    expect(promoted.body).toMatchObject({ role: 'curator', permissions: ['people'] });
    const all = await entries(client, org.id);
    expect(all.slice(-2).map((e) => e.action)).toEqual(['member.role_changed', 'member.permissions_changed']);
    expect(all.at(-2)).toMatchObject({
      target: { type: 'member', id: learner.member.id, label: `Lee Learner <${learner.email}>` },
      changes: { role: { from: 'learner', to: 'curator' } },
    });
    await client.patch(`${base}/members/${learner.member.id}`, { status: 'deactivated' });
    await expectLast('member.deactivated', { changes: { status: { from: 'active', to: 'deactivated' } } });

    // Groups and trainings
    const group = (await client.post(`${base}/groups`, { name: 'Sales', trainings: ['Pitching'] })).body;
    await expectLast('group.created', { target: { type: 'group', id: group.id, label: 'Sales' } });
    await client.patch(`${base}/groups/${group.id}`, { trainings: ['Pitching', 'Closing'] });
    await expectLast('group.changed', {
      changes: { trainings: { from: ['Pitching'], to: ['Pitching', 'Closing'] } },
    });

    await client.patch(`${base}/groups/${group.id}`, {
      trainings: [{ name: 'Pitching', launchUrl: 'https://learn.example.com/pitching' }, 'Closing'],
    });
    await expectLast('group.changed', {
      changes: { launchUrls: { Pitching: { from: null, to: 'https://learn.example.com/pitching' } } },
    });

    // Templates
    const tpl = (
      await client.post(`${base}/templates`, {
        kind: 'invitation',
        name: 'Warm',
        subject: 'Join {{ organization.name }}',
        html: HTML,
        text: TEXT,
      })
    ).body;
    await expectLast('template.created', { target: { type: 'template', id: tpl.id } });
    await client.patch(`${base}/templates/${tpl.id}`, { subject: 'Welcome to {{ organization.name }}' });
    await expectLast('template.changed', {
      changes: {
        subject: { from: 'Join {{ organization.name }}', to: 'Welcome to {{ organization.name }}' },
      },
    });

    // API keys: the key never enters the log
    const key = (await client.post(`${base}/api-keys`, { name: 'CI', role: 'admin' })).body;
    const created = await expectLast('api_key.created', { target: { type: 'api_key', id: key.id } });
    expect(JSON.stringify(created)).not.toContain(key.key);

    // The API key acts: it is the actor
    const bot = t.client().withApiKey(key.key);
    const inv = (await bot.post(`${base}/invitations`, { emails: ['new.hire@example.com'], role: 'learner' }))
      .body.invitations[0];
    await expectLast('invitation.created', {
      actor: { type: 'api_key', id: key.id, name: 'API key "CI"' },
      target: { type: 'invitation', id: inv.id, label: 'new.hire@example.com' },
      changes: { role: 'learner' },
    });
    await client.post(`${base}/invitations/${inv.id}/cancel`);
    await expectLast('invitation.cancelled', {
      actor: owner,
      changes: { status: { from: 'pending', to: 'cancelled' } },
    });

    // Webhooks: address shown without its path (receivers keep tokens there), secret never
    const hook = (await client.post(`${base}/webhooks`, { url: 'https://hooks.example.com/T0/B0/s3cr3t' }))
      .body;
    const hookEntry = await expectLast('webhook.created', {
      target: { type: 'webhook', id: hook.id, label: 'https://hooks.example.com/…' },
    });
    expect(JSON.stringify(hookEntry)).not.toContain('s3cr3t');
    await client.get(`${base}/webhooks/${hook.id}/secret`);
    const revealed = await expectLast('webhook.secret_revealed');
    expect(JSON.stringify(revealed)).not.toContain(hook.secret);
    await client.patch(`${base}/webhooks/${hook.id}`, { enabled: false });
    await expectLast('webhook.changed', { changes: { enabled: { from: true, to: false } } });
    await client.delete(`${base}/webhooks/${hook.id}`);
    await expectLast('webhook.deleted');

    // Join page
    await client.patch(`${base}/join-page`, { enabled: true, defaultRole: 'learner' });
    await expectLast('join_page.created', { changes: { enabled: { from: null, to: true } } });

    // Credits
    expect((await client.post(`${base}/credits`, { enabled: true, amount: 50, note: 'PO 7' })).status).toBe(
      200,
    );
    await expectLast('credits.changed', {
      changes: { enabled: { from: false, to: true }, balance: { from: 0, to: 50 }, note: 'PO 7' },
    });

    // Webhook secret rotation
    const hook2 = (await client.post(`${base}/webhooks`, { url: 'https://hooks.example.com/two' })).body;
    expect((await client.post(`${base}/webhooks/${hook2.id}/secret/rotate`)).status).toBe(200);
    const rotated = await expectLast('webhook.secret_rotated', { target: { type: 'webhook', id: hook2.id } });
    expect(JSON.stringify(rotated)).not.toContain('whsec_');

    // Imports: one entry for the run
    const upload = await client.request(
      'POST',
      `${base}/imports`,
      Buffer.from('email\nimp.one@example.com\n'),
      {
        'content-type': 'text/csv',
      },
    );
    expect(upload.status).toBe(201);
    await client.post(`${base}/imports/${upload.body.id}/confirm`, {});
    await expectLast('import.confirmed', {
      target: { type: 'import', id: upload.body.id },
      changes: { rows: 1 },
    });

    await client.delete(`${base}/api-keys/${key.id}`);
    await expectLast('api_key.revoked');

    // No entry anywhere carries a password hash or a key hash.
    const dump = JSON.stringify(await entries(client, org.id));
    expect(dump).not.toMatch(/scrypt|\$[0-9a-z]+\$|key_hash|password_hash/);
  });

  it('filters by actor, type and time, pages by keyset, and is for owners and admins only', async () => {
    const { org, client, user } = await orgWithOwner(t);
    const admin = await memberOf(t, org.id, 'admin');
    const hr = await memberOf(t, org.id, 'hr');
    const base = `/api/v1/orgs/${org.id}`;
    const start = t.clock.now();
    for (let i = 0; i < 5; i++) {
      t.clock.advance(60_000);
      await client.post(`${base}/groups`, { name: `Owner group ${i}` });
      t.clock.advance(60_000);
      await admin.client.patch(`${base}/settings`, { inviteExpiryDays: 2 + i });
    }

    const byAdmin = await entries(client, org.id, `&actor=${admin.user.id}`);
    expect(byAdmin).toHaveLength(5);
    expect(byAdmin.every((e) => e.actor.id === admin.user.id && e.action === 'settings.changed')).toBe(true);
    expect((await entries(client, org.id, '&type=group')).map((e) => e.target.label)).toEqual(
      [0, 1, 2, 3, 4].map((i) => `Owner group ${i}`),
    );
    expect(await entries(client, org.id, '&type=group.created')).toHaveLength(5);
    // A prefix matches at dots only.
    expect(await entries(client, org.id, '&type=grou')).toHaveLength(0);
    const from = new Date(start.getTime() + 3 * 60_000).toISOString();
    const to = new Date(start.getTime() + 6 * 60_000).toISOString();
    const window = await entries(client, org.id, `&from=${from}&to=${to}`);
    expect(window.map((e) => e.at)).toEqual(
      [3, 4, 5].map((m) => new Date(start.getTime() + m * 60_000).toISOString()),
    );

    // Keyset pages: newest first, no overlap, no gap.
    const seen: string[] = [];
    let cursor: string | null = null;
    let pages = 0;
    do {
      const res: { body: { items: Array<{ id: string }>; nextCursor: string | null } } = await client.get(
        `${base}/audit-log?limit=3${cursor ? `&cursor=${cursor}` : ''}`,
      );
      seen.push(...res.body.items.map((e) => e.id));
      cursor = res.body.nextCursor;
      pages++;
    } while (cursor);
    expect(pages).toBe(4);
    expect(seen).toEqual((await entries(client, org.id)).reverse().map((e) => e.id));

    expect((await client.get(`${base}/audit-log?type=Bad%20Type`)).status).toBe(400);
    expect((await client.get(`${base}/audit-log?actor=nope`)).status).toBe(400);
    expect((await client.get(`${base}/audit-log?cursor=xyz`)).status).toBe(400);
    expect((await admin.client.get(`${base}/audit-log`)).status).toBe(200);
    expect((await hr.client.get(`${base}/audit-log`)).status).toBe(403);
    expect((await hr.client.get(`${base}/audit-log/export.csv`)).status).toBe(403);
    const other = await orgWithOwner(t);
    expect((await other.client.get(`${base}/audit-log`)).status).toBe(404);
    expect((await t.client().get(`${base}/audit-log`)).status).toBe(401);
    expect(user.id).toBeTruthy();
  });

  it('exports CSV (formula-safe) and NDJSON, streamed page by page', async () => {
    const { org, client } = await orgWithOwner(t);
    const base = `/api/v1/orgs/${org.id}`;
    const at = t.clock.now();
    // More rows than one database page of the export, one of them carrying a formula.
    const rows = Array.from({ length: 12_001 }, (_, i) => ({
      orgId: org.id,
      at: new Date(at.getTime() - i * 1000),
      actor: { type: 'user' as const, id: null, name: i === 0 ? '=HYPERLINK("http://evil")' : `Person ${i}` },
      action: i % 2 ? 'group.created' : 'member.role_changed',
      target: { type: 'group', id: null, label: i === 0 ? '+cmd|calc' : `Target ${i}` },
      changes: { n: i },
    }));
    for (let i = 0; i < rows.length; i += 2000)
      await auditRepository.record(t.services.db, rows.slice(i, i + 2000));

    const csv = await client.get(`${base}/audit-log/export.csv`);
    expect(csv.status).toBe(200);
    expect(csv.headers['content-type']).toContain('text/csv');
    expect(csv.headers['content-disposition']).toMatch(/attachment; filename="beckon-audit-log-.*\.csv"/);
    // Streamed: no length known up front.
    expect(csv.headers['content-length']).toBeUndefined();
    const lines = (csv.body as string)
      .replace(/^\uFEFF/, '')
      .trimEnd()
      .split('\r\n');
    expect(lines[0]).toBe(
      'at,actor_type,actor_id,actor_name,action,target_type,target_id,target_label,changes',
    );
    expect(lines).toHaveLength(12_002);
    expect(lines[1]).toContain(`"'=HYPERLINK(""http://evil"")"`);
    expect(lines[1]).toContain(`'+cmd|calc`);
    expect(lines.some((l) => /(^|,)[=+@-]/.test(l.replace(/"[^"]*"/g, '')))).toBe(false);

    // Read raw: the test client would parse a JSON content type as one document.
    const nd = await t.app.inject({
      method: 'GET',
      url: `${base}/audit-log/export.ndjson?type=group`,
      headers: { cookie: client.cookie! },
    });
    expect(nd.statusCode).toBe(200);
    expect(nd.headers['content-type']).toContain('application/x-ndjson');
    const events = nd.body
      .trimEnd()
      .split('\n')
      .map((l) => JSON.parse(l));
    expect(events).toHaveLength(6000);
    expect(events[0]).toMatchObject({
      action: 'group.created',
      actor: { name: 'Person 1' },
      changes: { n: 1 },
    });
    expect((await client.get(`${base}/audit-log/export.ndjson?from=nope`)).status).toBe(400);
    expect((await client.get(`${base}/audit-log/export.csv?type=x.`)).status).toBe(400);
  });

  it('purges events past the retention daily, by the clock, per organization', async () => {
    const a = await orgWithOwner(t);
    const b = await orgWithOwner(t);
    const base = `/api/v1/orgs/${a.org.id}`;
    expect((await a.client.get(`${base}/settings`)).body.auditRetentionDays).toBe(365);
    expect((await a.client.patch(`${base}/settings`, { auditRetentionDays: 0 })).status).toBe(400);
    expect((await a.client.patch(`${base}/settings`, { auditRetentionDays: 3651 })).status).toBe(400);
    expect((await a.client.patch(`${base}/settings`, { auditRetentionDays: 30 })).status).toBe(200);
    await b.client.patch(`/api/v1/orgs/${b.org.id}/settings`, { inviteExpiryDays: 3 });

    t.clock.advanceDays(29);
    const later = await sessionClient(t, a.user.id);
    expect((await later.post(`${base}/groups`, { name: 'Later' })).status).toBe(201);
    expect(await t.services.audit.purgeExpired()).toBe(0);
    t.clock.advanceDays(2);
    // a: the settings change is 31 days old (past 30); b keeps 365 days.
    const purged = await t.services.audit.purgeExpired();
    expect(purged).toBe(1);
    // Read through the repository: sessions expire while the clock moves a year.
    const left = (orgId: string) => auditRepository.page(t.services.db, { orgId }, 100);
    expect((await left(a.org.id)).map((e) => e.action)).toEqual(['group.created']);
    expect(await left(b.org.id)).toHaveLength(1);
    t.clock.advanceDays(365);
    await t.services.audit.purgeExpired();
    expect(await left(a.org.id)).toHaveLength(0);
    expect(await left(b.org.id)).toHaveLength(0);
  });
});
