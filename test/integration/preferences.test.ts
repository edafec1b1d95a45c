import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { orgWithOwner } from '../helpers/accounts.ts';
import type { TestApp } from '../helpers/app.ts';
import { sharedTestApp } from '../helpers/shared-app.ts';

describe('a person’s language and time zone', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await sharedTestApp();
  });
  afterAll(() => t.close());

  it('are the browser’s until chosen, then kept with the account and shown in the session', async () => {
    const { client } = await orgWithOwner(t);
    const before = await client.get('/api/v1/session');
    expect(before.body.user).toMatchObject({ locale: null, timeZone: null });

    const chosen = await client.patch('/api/v1/session/preferences', {
      locale: 'ja',
      timeZone: 'asia/tokyo',
    });
    expect(chosen.status, JSON.stringify(chosen.body)).toBe(200);
    expect(chosen.body.user).toMatchObject({ locale: 'ja', timeZone: 'Asia/Tokyo' });
    expect((await client.get('/api/v1/session')).body.user).toMatchObject({
      locale: 'ja',
      timeZone: 'Asia/Tokyo',
    });

    const back = await client.patch('/api/v1/session/preferences', { locale: null, timeZone: null });
    expect(back.body.user).toMatchObject({ locale: null, timeZone: null });
  });

  it('refuses a language Beckon does not speak and a zone that does not exist, naming the field', async () => {
    const { client } = await orgWithOwner(t);
    const language = await client.patch('/api/v1/session/preferences', { locale: 'ko', timeZone: null });
    expect(language.status).toBe(400);
    expect(JSON.stringify(language.body.error)).toContain('locale');
    const zone = await client.patch('/api/v1/session/preferences', {
      locale: 'de',
      timeZone: 'Mars/Olympus',
    });
    expect(zone.status).toBe(400);
    expect(zone.body.error).toMatchObject({ code: 'invalid_time_zone', field: 'timeZone' });
    expect((await client.get('/api/v1/session')).body.user).toMatchObject({ locale: null, timeZone: null });
    expect(
      (await t.client().patch('/api/v1/session/preferences', { locale: 'de', timeZone: null })).status,
    ).toBe(401);
  });
});
