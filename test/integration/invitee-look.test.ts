import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { orgWithOwner, uniqueEmail } from '../helpers/accounts.ts';
import type { TestApp } from '../helpers/app.ts';
import { pngImage } from '../helpers/images.ts';
import { sharedTestApp } from '../helpers/shared-app.ts';

describe("the invitee page carries the organization's look, groups and trainings", () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await sharedTestApp({ workers: false });
  });
  afterAll(() => t.close());

  it('answers the logo URL, the accent with a readable text colour, and the groups and trainings waiting', async () => {
    const { org, client } = await orgWithOwner(t, 'Northwind Academy');
    const base = `/api/v1/orgs/${org.id}`;
    const saved = await client.request('PUT', `${base}/branding/logo`, pngImage(200, 50), {
      'content-type': 'image/png',
    });
    await client.patch(`${base}/branding`, { accentColor: '#fde047' });
    const safety = await client.post(`${base}/groups`, { name: 'Safety', trainings: ['Fire safety'] });
    const created = await client.post(`${base}/invitations`, {
      emails: [uniqueEmail()],
      groupIds: [safety.body.id],
    });
    const token = t.services.links.sign(created.body.invitations[0].id, 1);
    const view = await t.client().get(`/api/v1/invitations/${token}`);
    expect(view.status).toBe(200);
    expect(view.body.organization).toEqual({
      name: 'Northwind Academy',
      logoUrl: saved.body.logo.url,
      accentColor: '#fde047',
      accentTextColor: '#111827',
    });
    expect(view.body.groups).toEqual(['Safety']);
    expect(view.body.trainings).toEqual(['Fire safety']);
  });

  it('answers empty lists and the default look when there is nothing to show', async () => {
    const { org, client } = await orgWithOwner(t);
    const created = await client.post(`/api/v1/orgs/${org.id}/invitations`, { emails: [uniqueEmail()] });
    const view = await t
      .client()
      .get(`/api/v1/invitations/${t.services.links.sign(created.body.invitations[0].id, 1)}`);
    expect(view.body.organization).toEqual({
      name: 'Acme Training',
      logoUrl: null,
      accentColor: '#2563eb',
      accentTextColor: '#ffffff',
    });
    expect(view.body.groups).toEqual([]);
    expect(view.body.trainings).toEqual([]);
  });
});
