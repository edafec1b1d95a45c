/** The first organization takes the time zone of the browser that sets Beckon up. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../helpers/app.ts';

describe('setup: the organization time zone', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(() => t.close());

  it('refuses what is not a time zone, naming the field, and keeps a canonical one', async () => {
    const owner = { name: 'Ada Admin', email: 'ada.tz@example.com', password: 'long-enough-pass' };
    const bad = await t
      .client()
      .post('/api/v1/setup', { organization: { name: 'Acme', timeZone: 'Nowhere' }, owner });
    expect(bad.status).toBe(400);
    expect(bad.body.error).toMatchObject({ code: 'invalid_time_zone', field: 'organization.timeZone' });

    const client = t.client();
    const res = await client.post('/api/v1/setup', {
      organization: { name: 'Acme', timeZone: 'europe/berlin' },
      owner,
    });
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    const settings = await client.get(`/api/v1/orgs/${res.body.organization.id}/settings`);
    expect(settings.body.timeZone).toBe('Europe/Berlin');
  });
});
