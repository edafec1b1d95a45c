/**
 * Imports and languages: a `language` column gives each invitation its language; problems,
 * their summaries and results.csv speak the importer's language; the same people saved in every
 * encoding and separator Excel uses give the same invitations.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import { beforeAll, describe, expect, it } from 'vitest';
import { memberOf, orgWithOwner, uniqueEmail } from '../helpers/accounts.ts';
import type { TestApp, TestClient } from '../helpers/app.ts';
import { sharedTestApp } from '../helpers/shared-app.ts';

const FIXTURES = join(import.meta.dirname, '..', 'fixtures', 'encodings');

let t: TestApp;
beforeAll(async () => {
  t = await sharedTestApp({ workers: false });
});

async function upload(client: TestClient, orgId: string, file: string | Buffer, headers = {}) {
  const res = await client.request(
    'POST',
    `/api/v1/orgs/${orgId}/imports?fileName=people.csv`,
    typeof file === 'string' ? Buffer.from(file) : file,
    { 'content-type': 'text/csv', ...headers },
  );
  expect(res.status, JSON.stringify(res.body)).toBe(201);
  return res.body;
}

async function run(client: TestClient, orgId: string, importId: string) {
  expect((await client.post(`/api/v1/orgs/${orgId}/imports/${importId}/confirm`)).status).toBe(202);
  await t.services.imports.runImport(importId);
  const list = await client.get(`/api/v1/orgs/${orgId}/invitations?limit=50`);
  return (list.body.items as any[])
    .map((i) => ({
      email: i.email,
      locale: i.locale,
      groups: i.groups.map((g: any) => g.name),
      name: i.metadata?.name,
    }))
    .sort((a, b) => a.email.localeCompare(b.email));
}

const setLocales = (client: TestClient, orgId: string, defaultLocale: string, allowedLocales: string[]) =>
  client.patch(`/api/v1/orgs/${orgId}/settings`, { defaultLocale, allowedLocales });

describe('the language column', () => {
  it('gives each invitation its language; blank is the default; unknown or not allowed is a row problem', async () => {
    const { org, client } = await orgWithOwner(t);
    await setLocales(client, org.id, 'de', ['de', 'ja', 'pt-BR', 'en']);
    const [ja, jaJp, pt, blank, klingon, ar] = ['ja', 'jajp', 'pt', 'blank', 'tlh', 'ar'].map((p) =>
      uniqueEmail(p),
    );
    const preview = await upload(
      client,
      org.id,
      `email,language\n${ja},ja\n${jaJp},ja-JP\n${pt},pt\n${blank},\n${klingon},Klingon\n${ar},ar\n`,
      { 'accept-language': 'en-GB' },
    );
    expect(preview.columns).toEqual(['email', 'language']);
    expect(preview.problems).toEqual([
      {
        row: 6,
        column: 'language',
        code: 'unknown_language',
        message: 'Unknown language "Klingon": use en, ja, de or pt-BR.',
      },
      {
        row: 7,
        column: 'language',
        code: 'language_not_allowed',
        message:
          'This organization does not use ar: use en, ja, de or pt-BR, or change its languages in Settings.',
      },
    ]);
    expect(preview.problemGroups.map((g: any) => g.summary)).toEqual([
      '1 in a language the organization does not use',
      '1 with an unknown language',
    ]);
    const invitations = await run(client, org.id, preview.id);
    expect(invitations.map((i) => [i.email, i.locale])).toEqual(
      [
        [ja, 'ja'],
        [jaJp, 'ja'],
        [pt, 'pt-BR'],
        [blank, 'de'],
      ].sort((a, b) => a[0]!.localeCompare(b[0]!)),
    );
  });

  it('is read under its name in other languages', async () => {
    const { org, client } = await orgWithOwner(t);
    const email = uniqueEmail('kotoba');
    const preview = await upload(
      client,
      org.id,
      `メールアドレス,言語\n${email},ja\n`.replace('メールアドレス', 'email'),
    );
    expect(preview.columns).toEqual(['email', 'language']);
    expect((await run(client, org.id, preview.id))[0]).toMatchObject({ email, locale: 'ja' });
  });
});

describe("the importer's language", () => {
  const BAD = (a: string, b: string) =>
    `email,role,language\nnot-an-address,,\n${a},boss,\n${b},,xx-unknown\n${a},,\n`;

  it('a Japanese importer reads problems, summaries and results.csv in Japanese; codes stay the same', async () => {
    const { org, client, user } = await orgWithOwner(t);
    await t.services.db.updateTable('users').set({ locale: 'ja' }).where('id', '=', user.id).execute();
    const [a, b] = [uniqueEmail('a'), uniqueEmail('b')];
    // The chosen language wins over the browser's.
    const preview = await upload(client, org.id, BAD(a, b), { 'accept-language': 'de' });
    expect(preview.problems.map((p: any) => [p.row, p.column, p.code, p.message])).toEqual([
      [2, 'email', 'invalid_email', 'メールアドレスには名前、@、ドメインが必要です。'],
      [
        3,
        'role',
        'role_not_allowed',
        '不明なロール「boss」です。learner、manager、curator、hr、admin、またはowner のいずれかを使用してください。',
      ],
      [
        4,
        'language',
        'unknown_language',
        '不明な言語「xx-unknown」です。en、ja、de、fr、es、pt-BR、またはar のいずれかを使用してください。',
      ],
      [5, 'email', 'duplicate', '3 行目と同じメールアドレスです。'],
    ]);
    expect(preview.problemGroups.map((g: any) => [g.code, g.summary])).toEqual([
      ['invalid_email', '1 件の無効なメールアドレス'],
      ['role_not_allowed', '1 件が不明なロール、または付与できないロール'],
      ['unknown_language', '1 件に不明な言語'],
      ['duplicate', '1 件がファイル内で重複'],
    ]);
    const groups = await client.get(`/api/v1/orgs/${org.id}/imports/${preview.id}/problem-groups`);
    expect(groups.body.items[0].summary).toBe('1 件の無効なメールアドレス');

    const csv = await client.get(`/api/v1/orgs/${org.id}/imports/${preview.id}/results.csv`);
    expect(csv.status).toBe(200);
    const [header, first] = String(csv.body)
      .replace(/^\uFEFF/, '')
      .split('\r\n');
    expect(header).toBe('行,メールアドレス,結果,コード,理由,招待 ID,メタデータ');
    expect(first).toBe('2,not-an-address,,invalid_email,メールアドレスには名前、@、ドメインが必要です。,,');
  });

  it("without a chosen language, the browser's; without either, the organization's default", async () => {
    const { org, client } = await orgWithOwner(t);
    const hr = await memberOf(t, org.id, 'hr');
    const [a, b] = [uniqueEmail('a'), uniqueEmail('b')];
    const german = await upload(hr.client, org.id, BAD(a, b), { 'accept-language': 'de-CH, en;q=0.5' });
    expect(german.problems[0].message).toBe('Die Adresse braucht einen Namen, ein @ und eine Domain.');
    expect(german.problems[1].message).toBe(
      'Unbekannte Rolle „boss“: Verwenden Sie learner, manager, curator oder hr.',
    );
    const csv = await hr.client.request(
      'GET',
      `/api/v1/orgs/${org.id}/imports/${german.id}/results.csv`,
      undefined,
      {
        'accept-language': 'ar',
      },
    );
    expect(
      String(csv.body)
        .replace(/^\uFEFF/, '')
        .split('\r\n')[0],
    ).toBe('الصف,البريد الإلكتروني,النتيجة,الرمز,السبب,معرّف الدعوة,البيانات الوصفية');

    await setLocales(client, org.id, 'fr', ['fr', 'en']);
    const french = await upload(hr.client, org.id, BAD(uniqueEmail('c'), uniqueEmail('d')));
    expect(french.problems[0].message).toBe("L'adresse doit comporter un nom, un @ et un domaine.");
    expect(french.problemGroups[0].summary).toBe('1 adresse non valide');
  });

  it("the XLSX template's sheets and help speak the reader's language; its columns do not", async () => {
    const { org, client, user } = await orgWithOwner(t);
    await t.services.db.updateTable('users').set({ locale: 'ja' }).where('id', '=', user.id).execute();
    const res = await t.app.inject({
      method: 'GET',
      url: `/api/v1/orgs/${org.id}/imports/template.xlsx`,
      headers: { cookie: client.cookie! },
    });
    expect(res.statusCode).toBe(200);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(res.rawPayload as unknown as ArrayBuffer);
    expect(wb.worksheets.map((w) => w.name)).toEqual(['招待', 'ヘルプ']);
    expect(wb.worksheets[0]!.getRow(1).values).toEqual([
      undefined,
      'email',
      'groups',
      'role',
      'expires_in_days',
      'language',
    ]);
    const help = wb.worksheets[1]!.getColumn(1).values.filter(Boolean) as string[];
    expect(help).toContain(
      'language：任意。招待のメールとページの言語：en、ja、de、fr、es、pt-BR、ar（空欄：組織の既定の言語）。',
    );
  });

  it('outcome reasons written by the job are in the language of whoever uploaded', async () => {
    const { org, client, user } = await orgWithOwner(t);
    await t.services.db.updateTable('users').set({ locale: 'es' }).where('id', '=', user.id).execute();
    const taken = uniqueEmail('taken');
    const preview = await upload(client, org.id, `email\n${taken}\n`);
    // Invited by someone else between the preview and the run.
    expect((await client.post(`/api/v1/orgs/${org.id}/invitations`, { emails: [taken] })).status).toBe(201);
    await run(client, org.id, preview.id);
    const outcomes = await client.get(`/api/v1/orgs/${org.id}/imports/${preview.id}/outcomes`);
    expect(outcomes.body.items).toEqual([
      { outcome: 'skipped', code: 'already_invited', message: 'Ya tiene invitación.', count: 1 },
    ]);
  });
});

/**
 * The same people saved by Excel in each encoding and separator it uses. UTF-8 (with a BOM, or
 * tab- or semicolon-separated) and UTF-16 LE with a BOM (tab-separated, "Unicode text") hold every
 * name: Japanese, accented and Arabic. Shift_JIS holds only the Japanese (and ASCII) names: it has
 * neither Arabic nor accented Latin letters. Windows-1252 holds only the accented (and ASCII)
 * names: it has neither Japanese nor Arabic. Each file has the people its encoding can hold.
 */
describe('spreadsheets from every locale, with a language column', () => {
  const everyone = [
    { email: 'chloe@example.fr', locale: 'fr', groups: ['Équipe Lyon'], name: 'Chloé Dubois' },
    { email: 'joao@example.br', locale: 'pt-BR', groups: ['Équipe Lyon'], name: 'João Conceição' },
    { email: 'jose@example.es', locale: 'es', groups: ['Équipe Lyon'], name: 'José Müller' },
    { email: 'layla@example.ae', locale: 'ar', groups: ['فريق دبي'], name: 'ليلى العلي' },
    { email: 'omar@example.ae', locale: 'ar', groups: ['فريق دبي'], name: 'عمر الفاروق' },
    { email: 'sam@example.com', locale: 'en', groups: [], name: 'Sam Lee' },
    { email: 'sato@example.jp', locale: 'ja', groups: ['東京 営業'], name: '佐藤 花子' },
    { email: 'yamada@example.jp', locale: 'ja', groups: ['東京 営業'], name: '山田 太郎' },
  ];
  const japanese = ['sam@example.com', 'sato@example.jp', 'yamada@example.jp'];
  const accented = ['chloe@example.fr', 'joao@example.br', 'jose@example.es', 'sam@example.com'];

  async function importFixture(file: string) {
    const { org, client } = await orgWithOwner(t);
    for (const name of ['東京 営業', 'Équipe Lyon', 'فريق دبي']) {
      expect((await client.post(`/api/v1/orgs/${org.id}/groups`, { name })).status).toBe(201);
    }
    const preview = await upload(client, org.id, readFileSync(join(FIXTURES, file)));
    expect(preview.problems).toEqual([]);
    return { preview, invitations: await run(client, org.id, preview.id) };
  }

  it.each([
    ['languages-utf8-bom.csv', 'utf-8', ',', everyone.map((p) => p.email)],
    ['languages-utf8-tab.tsv', 'utf-8', '\t', everyone.map((p) => p.email)],
    ['languages-utf8-semicolon.csv', 'utf-8', ';', everyone.map((p) => p.email)],
    ['languages-utf16le-bom.txt', 'utf-16le', '\t', everyone.map((p) => p.email)],
    ['languages-shift-jis.csv', 'shift_jis', ',', japanese],
    ['languages-windows-1252.csv', 'windows-1252', ';', accented],
  ])('%s (%s, separated by %j) gives the same invitations', async (file, encoding, delimiter, emails) => {
    const { preview, invitations } = await importFixture(file);
    expect(preview).toMatchObject({ encoding, delimiter, total: emails.length, valid: emails.length });
    expect(invitations).toEqual(everyone.filter((p) => emails.includes(p.email)));
  });
});
