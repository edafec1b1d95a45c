/** The first organization takes the time zone and the language of the browser that sets Beckon up. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../helpers/app.ts';

describe('setup: the organization time zone and language', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(() => t.close());

  it('refuses what is not a time zone or a language, naming the field, and keeps canonical ones', async () => {
    const owner = { name: 'Ada Admin', email: 'ada.tz@example.com', password: 'long-enough-pass' };
    const bad = await t
      .client()
      .post('/api/v1/setup', { organization: { name: 'Acme', timeZone: 'Nowhere' }, owner });
    expect(bad.status).toBe(400);
    expect(bad.body.error).toMatchObject({ code: 'invalid_time_zone', field: 'organization.timeZone' });
    const badLanguage = await t
      .client()
      .post('/api/v1/setup', { organization: { name: 'Acme', locale: 'xx' }, owner });
    expect(badLanguage.status).toBe(400);
    expect(badLanguage.body.error).toMatchObject({
      field: 'organization.locale',
      message: '"organization.locale" must be one of: en, ja, de, fr, es, pt-BR, ar.',
    });
    expect((await t.client().get('/api/v1/setup')).body.needed).toBe(true);

    const client = t.client();
    const res = await client.post('/api/v1/setup', {
      organization: { name: 'Acme', timeZone: 'europe/berlin', locale: 'ja' },
      owner,
    });
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    const settings = await client.get(`/api/v1/orgs/${res.body.organization.id}/settings`);
    expect(settings.body.timeZone).toBe('Europe/Berlin');
    expect(settings.body.defaultLocale).toBe('ja');

    // Another organization made by its owner: the language given, else English.
    const other = await client.post('/api/v1/orgs', { name: 'Acme Berlin', locale: 'de' });
    expect(other.status, JSON.stringify(other.body)).toBe(201);
    expect((await client.get(`/api/v1/orgs/${other.body.id}/settings`)).body.defaultLocale).toBe('de');
    const plain = await client.post('/api/v1/orgs', { name: 'Acme Plain' });
    expect((await client.get(`/api/v1/orgs/${plain.body.id}/settings`)).body.defaultLocale).toBe('en');
  });
});
