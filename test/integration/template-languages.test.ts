import { copyFileSync, cpSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { migrate } from '../../src/db/migrate.ts';
import { organizationRepository } from '../../src/organizations/repository.ts';
import { BUILT_IN } from '../../src/templates/builtins/index.ts';
import { orgWithOwner } from '../helpers/accounts.ts';
import type { TestApp } from '../helpers/app.ts';
import { openTestDatabase } from '../helpers/database.ts';
import { sharedTestApp } from '../helpers/shared-app.ts';

const template = (extra: Record<string, unknown>) => ({
  kind: 'invitation',
  name: 'Welcome',
  subject: '{{ organization.name }}',
  html: '<p>{{ invitation.role_name }} {{ invitation.expires_at }}</p><a href="{{ link }}">Go</a>',
  text: '{{ link }}',
  isDefault: true,
  ...extra,
});

describe('templates per kind and language', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await sharedTestApp({ workers: false });
  });
  afterAll(() => t.close());

  it('keeps one default per kind and language, lists and filters by language, resets to the built-in of its language', async () => {
    const { org, client } = await orgWithOwner(t, 'Polyglot Academy');
    const base = `/api/v1/orgs/${org.id}/templates`;
    const en = await client.post(base, template({}));
    expect(en.status).toBe(201);
    // No language named: the organization's default language (English here).
    expect(en.body.locale).toBe('en');
    // The same name and a second default, in another language.
    const ja = await client.post(base, template({ locale: 'ja' }));
    expect(ja.status).toBe(201);
    expect(ja.body).toMatchObject({ locale: 'ja', isDefault: true });
    expect((await client.get(`${base}/${en.body.id}`)).body.isDefault).toBe(true);
    expect((await client.post(base, template({ locale: 'ja' }))).status).toBe(409);
    expect((await client.post(base, template({ locale: 'xx' }))).status).toBe(400);

    const all = await client.get(base);
    expect(all.body.items.map((i: { locale: string }) => i.locale)).toEqual(['en', 'ja']);
    const onlyJa = await client.get(`${base}?locale=ja`);
    expect(onlyJa.body.items.map((i: { id: string }) => i.id)).toEqual([ja.body.id]);

    const reset = await client.post(`${base}/${ja.body.id}/reset`);
    expect(reset.body.subject).toBe(BUILT_IN.ja.invitation.subject);
    expect(reset.body.html).toBe(BUILT_IN.ja.invitation.html);

    // An organization whose default language is German writes German templates unless told otherwise.
    await organizationRepository.update(t.services.db, org.id, { default_locale: 'de' });
    const de = await client.post(base, template({ name: 'Willkommen' }));
    expect(de.body.locale).toBe('de');
  });

  it('shows the built-in templates and previews in the chosen language, times in the organization’s zone', async () => {
    const { org, client } = await orgWithOwner(t, 'Osaka Works');
    await organizationRepository.update(t.services.db, org.id, { time_zone: 'Asia/Tokyo' });
    const base = `/api/v1/orgs/${org.id}/templates`;
    const defaults = await client.get(`${base}/defaults?locale=ar`);
    expect(defaults.status).toBe(200);
    expect(defaults.body.locale).toBe('ar');
    const invitation = defaults.body.items.find((i: { kind: string }) => i.kind === 'invitation');
    expect(invitation.html).toContain('<html lang="ar" dir="rtl">');
    expect((await client.get(`${base}/defaults`)).body.locale).toBe('en');

    const { isDefault: _, name: __, ...body } = template({ locale: 'ja' });
    const preview = await client.post(`${base}/preview`, body);
    expect(preview.status).toBe(200);
    expect(preview.body.html).toMatch(/<p>受講者 \d{4}年\d{1,2}月\d{1,2}日 \d{2}:\d{2} JST<\/p>/);
    const english = await client.post(`${base}/preview`, { ...body, locale: 'en' });
    expect(english.body.html).toMatch(/<p>Learner \d{1,2} \w+ \d{4} at \d{2}:\d{2} GMT\+9<\/p>/);
  });

  it("answers kind labels and variable descriptions in the reader's language, English by default", async () => {
    const { org, user, client } = await orgWithOwner(t, 'Sapporo Works');
    const url = `/api/v1/orgs/${org.id}/templates/defaults`;
    type Kind = { kind: string; label: string; variables: { name: string; description: string }[] };
    const invitation = (body: { items: Kind[] }) => body.items.find((i) => i.kind === 'invitation')!;
    const described = (kind: Kind, name: string) => kind.variables.find((x) => x.name === name)!.description;

    const english = invitation((await client.get(url)).body);
    expect(english.label).toBe('Invitation');
    expect(described(english, 'organization.name')).toBe('Name of the organization');
    expect(described(english, 'invitation.groups')).toBe(
      'Names of the groups the invitee joins (a list: {{ invitation.groups | join: ", " }})',
    );

    const ja = await client.request('GET', `${url}?locale=de`, undefined, {
      'accept-language': 'ja, en;q=0.5',
    });
    expect(ja.status).toBe(200);
    // The built-in templates follow ?locale; the words about them follow the reader.
    expect(ja.body.locale).toBe('de');
    const japanese = invitation(ja.body);
    expect(japanese.label).toBe('招待');
    expect(described(japanese, 'organization.name')).toBe('組織の名前');
    expect(described(japanese, 'invitation.groups')).toBe(
      '招待された人が参加するグループの名前（リスト：{{ invitation.groups | join: ", " }}）',
    );
    expect(described(japanese, 'organization.logo.url')).toContain('{% if organization.logo %}');
    expect(ja.body.items.find((i: Kind) => i.kind === 'password_reset').label).toBe('パスワードの再設定');

    // A language the person chose for themselves comes before the browser's.
    await sql`UPDATE users SET locale = 'fr' WHERE id = ${user.id}`.execute(t.services.db);
    const fr = await client.request('GET', url, undefined, { 'accept-language': 'ja' });
    expect(invitation(fr.body).label).toBe('Invitation');
    expect(described(invitation(fr.body), 'organization.name')).toBe('Nom de l’organisation');
  });
});

describe('templates written before languages existed', () => {
  it("become templates in their organization's default language", async () => {
    const database = await openTestDatabase({ empty: true });
    const source = join(import.meta.dirname, '..', '..', 'migrations');
    const dir = mkdtempSync(join(tmpdir(), 'beckon-template-languages-'));
    try {
      cpSync(source, dir, { recursive: true, filter: (f) => !f.endsWith('0043_template_languages.sql') });
      await migrate(database.db, () => {}, dir);
      const orgs = await sql<{ id: string; default_locale: string }>`
        INSERT INTO organizations (name, default_locale, created_at, updated_at)
        VALUES ('Kyoto', 'ja', now(), now()), ('Leeds', 'en', now(), now())
        RETURNING id, default_locale`.execute(database.db);
      for (const org of orgs.rows)
        await sql`INSERT INTO email_templates (org_id, kind, name, subject, html, text, is_default, created_at, updated_at)
          VALUES (${org.id}, 'invitation', 'Old', 's', 'h', 't', true, now(), now())`.execute(database.db);
      copyFileSync(join(source, '0043_template_languages.sql'), join(dir, '0043_template_languages.sql'));
      expect(await migrate(database.db, () => {}, dir)).toBe(1);
      const rows = await sql<{ default_locale: string; locale: string }>`
        SELECT o.default_locale, t.locale FROM email_templates t JOIN organizations o ON o.id = t.org_id`.execute(
        database.db,
      );
      expect(rows.rows.map((r) => [r.default_locale, r.locale]).sort()).toEqual([
        ['en', 'en'],
        ['ja', 'ja'],
      ]);
    } finally {
      await database.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
