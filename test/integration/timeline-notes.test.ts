import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { orgWithOwner, uniqueEmail } from '../helpers/accounts.ts';
import { startTestApp, type TestApp } from '../helpers/app.ts';

const UUID = /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/i;

describe('an invitation timeline speaks in names, not ids', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp({ workers: false, env: { RESEND_COOLDOWN_SECONDS: '0' } });
  });
  afterAll(() => t.close());

  it('says "Imported from staff.csv" and "Bulk resend with the template “Reminder”", with no raw ids', async () => {
    const { org, client } = await orgWithOwner(t);
    const base = `/api/v1/orgs/${org.id}`;
    const to = uniqueEmail('imported');
    const preview = await client.post(`${base}/imports?fileName=staff.csv`, `email\n${to}\n`, {
      'content-type': 'text/csv',
    });
    expect(preview.status, JSON.stringify(preview.body)).toBe(201);
    expect((await client.post(`${base}/imports/${preview.body.id}/confirm`, {})).status).toBe(202);
    await t.services.imports.runImport(preview.body.id);
    const list = await client.get(`${base}/invitations?q=${encodeURIComponent(to)}`);
    const id = list.body.items[0].id;

    const template = await client.post(`${base}/templates`, {
      kind: 'invitation',
      name: 'Reminder',
      subject: 'Still time to join {{ organization.name }}',
      html: '<p><a href="{{ link }}">Join</a></p>',
      text: 'Join: {{ link }}',
    });
    expect(template.status, JSON.stringify(template.body)).toBe(201);
    await t.services.sendBatches.send({ invitationIds: [id] });
    const bulk = await client.post(`${base}/invitations/bulk-resend`, {
      ids: [id],
      templateId: template.body.id,
    });
    expect(bulk.status, JSON.stringify(bulk.body)).toBe(200);

    const detail = await client.get(`${base}/invitations/${id}`);
    const noteOf = (type: string) => detail.body.events.find((e: { type: string }) => e.type === type)?.note;
    expect(noteOf('created')).toBe('Imported from staff.csv.');
    expect(noteOf('resent')).toBe('Bulk resend with the template “Reminder”.');
    for (const e of detail.body.events) {
      if (e.note) {
        expect(e.note).not.toMatch(UUID);
        expect(e.note).not.toMatch(/\w+: \w+Id\b|importId|templateId/);
      }
    }

    // In the reader's language: the browser's here, then the one the person chose.
    const inJapanese = await client.request('GET', `${base}/invitations/${id}`, undefined, {
      'accept-language': 'ja',
    });
    const japaneseNote = (type: string) =>
      inJapanese.body.events.find((e: { type: string }) => e.type === type)?.note;
    expect(japaneseNote('created')).toBe('staff.csv からインポートされました。');
    expect(japaneseNote('resent')).toBe('テンプレート「Reminder」で一括再送しました。');
    expect((await client.patch('/api/v1/session/preferences', { locale: 'de', timeZone: null })).status).toBe(
      200,
    );
    const inGerman = await client.request('GET', `${base}/invitations/${id}`, undefined, {
      'accept-language': 'ja',
    });
    expect(inGerman.body.events.find((e: { type: string }) => e.type === 'created')?.note).toBe(
      'Aus staff.csv importiert.',
    );
  });
});
