/**
 * The invitee pages' language: the join page follows the browser's Accept-Language among the
 * organization's allowed languages; an invitation's page speaks the invitation's language.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { orgWithOwner } from '../helpers/accounts.ts';
import type { TestApp } from '../helpers/app.ts';
import { uniqueEmail } from '../helpers/factories.ts';
import { sharedTestApp } from '../helpers/shared-app.ts';

describe('the language of the invitee pages', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await sharedTestApp();
  });
  afterAll(() => t.close());

  const allow = (orgId: string, defaultLocale: string, allowed: string[]) =>
    t.services.db
      .updateTable('organizations')
      .set({ default_locale: defaultLocale, allowed_locales: allowed })
      .where('id', '=', orgId)
      .execute();

  it('join page: the first wanted language the organization allows, else its default', async () => {
    const { org, client } = await orgWithOwner(t, 'Sprach Co');
    const slug = `sprach-${org.id.slice(0, 8)}`;
    expect((await client.patch(`/api/v1/orgs/${org.id}/join-page`, { enabled: true, slug })).status).toBe(
      200,
    );
    await allow(org.id, 'de', ['de', 'ja', 'ar']);
    const page = (acceptLanguage?: string) =>
      t
        .client()
        .request(
          'GET',
          `/api/v1/join/${slug}`,
          undefined,
          acceptLanguage ? { 'accept-language': acceptLanguage } : {},
        );

    expect((await page('fr-FR,ja;q=0.9,de;q=0.8')).body).toMatchObject({
      locale: 'ja',
      languages: ['de', 'ja', 'ar'],
    });
    expect((await page('ar-AE')).body.locale).toBe('ar');
    expect((await page('en-US,fr;q=0.5')).body.locale).toBe('de');
    expect((await page()).body.locale).toBe('de');
  });

  it('invitation page: the invitation’s language, else the organization’s default', async () => {
    const { org, client } = await orgWithOwner(t);
    await allow(org.id, 'fr', ['fr', 'en']);
    const created = await client.post(`/api/v1/orgs/${org.id}/invitations`, {
      emails: [uniqueEmail('lang')],
    });
    const id = created.body.invitations[0].id;
    const link = await client.get(`/api/v1/orgs/${org.id}/invitations/${id}/link`);
    const token = new URL(link.body.url).pathname.split('/').pop();
    const view = await t.client().get(`/api/v1/invitations/${token}`);
    expect(view.body).toMatchObject({ locale: 'fr', languages: ['fr', 'en'] });

    await t.services.db.updateTable('invitations').set({ locale: 'en' }).where('id', '=', id).execute();
    expect((await t.client().get(`/api/v1/invitations/${token}`)).body.locale).toBe('en');
  });
});
