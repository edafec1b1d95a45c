/**
 * Spreadsheets from every locale: the same people, saved by Excel as "CSV UTF-8", "Unicode text"
 * (UTF-16 LE, tab-separated), "CSV" in Japan (Shift_JIS) and "CSV" in France (Windows-1252,
 * semicolons), each give the same invitations, with group names and metadata kept exactly.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TestApp } from '../helpers/app.ts';
import { createOrgWithOwner } from '../helpers/factories.ts';
import { sharedTestApp } from '../helpers/shared-app.ts';

const FIXTURES = join(import.meta.dirname, '..', 'fixtures', 'encodings');
const EMAILS = ['jose@example.es', 'layla@example.ae', 'yamada@example.jp'];

describe('imports from every locale', () => {
  let t: TestApp;
  beforeAll(async () => {
    // No job workers: the import runs here, not also in a worker whose chunk this run would skip.
    t = await sharedTestApp({ workers: false });
  });
  afterAll(() => t?.close());

  async function importFixture(file: string) {
    const o = await createOrgWithOwner(t);
    for (const name of ['東京 営業', 'Équipe Lyon', 'فريق دبي']) {
      const g = await o.client.post(`/api/v1/orgs/${o.org.id}/groups`, { name });
      expect(g.status, JSON.stringify(g.body)).toBe(201);
    }
    const base = `/api/v1/orgs/${o.org.id}/imports`;
    const preview = await o.client.request(
      'POST',
      `${base}?fileName=${file}`,
      readFileSync(join(FIXTURES, file)),
      {
        'content-type': 'text/csv',
      },
    );
    expect(preview.status, JSON.stringify(preview.body)).toBe(201);
    expect(preview.body).toMatchObject({ total: 3, valid: 3, problems: [] });
    expect((await o.client.post(`${base}/${preview.body.id}/confirm`)).status).toBe(202);
    await t.services.imports.runImport(preview.body.id);
    const list = await o.client.get(`/api/v1/orgs/${o.org.id}/invitations?limit=10`);
    expect(list.status).toBe(200);
    const invitations = (list.body.items as any[])
      .map((i) => ({ email: i.email, groups: i.groups.map((g: any) => g.name), name: i.metadata?.name }))
      .sort((a, b) => a.email.localeCompare(b.email));
    return { encoding: preview.body.encoding, invitations };
  }

  it('reads UTF-8 with a BOM: Japanese, accented and Arabic in one file', async () => {
    const { encoding, invitations } = await importFixture('utf8-bom.csv');
    expect(encoding).toBe('utf-8');
    expect(invitations).toEqual([
      { email: EMAILS[0], groups: ['Équipe Lyon'], name: 'José Müller' },
      { email: EMAILS[1], groups: ['فريق دبي'], name: 'ليلى العلي' },
      { email: EMAILS[2], groups: ['東京 営業'], name: '山田 太郎' },
    ]);
  });

  it('reads UTF-16 LE with a BOM, tab-separated (Excel "Unicode text") the same way', async () => {
    const utf8 = await importFixture('utf8-bom.csv');
    const utf16 = await importFixture('utf16le-bom.txt');
    expect(utf16.encoding).toBe('utf-16le');
    expect(utf16.invitations).toEqual(utf8.invitations);
  });

  it('reads Shift_JIS with half-width katakana and CP932 kanji, and makes a full-width address ASCII', async () => {
    const { encoding, invitations } = await importFixture('shift-jis.csv');
    expect(encoding).toBe('shift_jis');
    expect(invitations).toEqual([
      { email: EMAILS[0], groups: ['東京 営業'], name: 'ホセ・ミュラー' },
      { email: EMAILS[1], groups: ['東京 営業'], name: 'ﾗｲﾗ 髙橋' },
      { email: EMAILS[2], groups: ['東京 営業'], name: '山田 太郎' },
    ]);
  });

  it('reads Windows-1252 with semicolons, including the characters in 0x80–0x9F', async () => {
    const { encoding, invitations } = await importFixture('windows-1252.csv');
    expect(encoding).toBe('windows-1252');
    expect(invitations).toEqual([
      { email: EMAILS[0], groups: ['Équipe Lyon'], name: 'José Müller' },
      { email: EMAILS[1], groups: ['Équipe Lyon'], name: 'François Cœur – €' },
      { email: EMAILS[2], groups: ['Équipe Lyon'], name: 'Zoë Brontë' },
    ]);
  });
});
