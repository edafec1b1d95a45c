import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TestApp } from '../helpers/app.ts';
import { createOrgWithOwner, uniqueEmail } from '../helpers/factories.ts';
import { sharedTestApp } from '../helpers/shared-app.ts';

// The organization's own rules are checked on the row the create reads with its checks.
describe("creating invitations under the organization's settings", () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await sharedTestApp({ workers: false });
  });
  afterAll(() => t.close());

  const invitationsOf = async (orgId: string) =>
    (await t.services.db.selectFrom('invitations').select('id').where('org_id', '=', orgId).execute()).length;

  it('takes an internationalised domain, one address in either spelling', async () => {
    const { org, client } = await createOrgWithOwner(t);
    const path = `/api/v1/orgs/${org.id}/invitations`;
    const created = await client.post(path, { emails: ['juergen@BÜCHER.de'] });
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    expect(created.body.invitations[0].email).toBe('juergen@bücher.de');
    const again = await client.post(path, { emails: ['juergen@xn--bcher-kva.de'] });
    expect(again.body.rejected).toMatchObject([{ code: 'already_invited' }]);
    const ascii = await client.post(path, { emails: ['anna@xn--bcher-kva.de'] });
    expect(ascii.body.invitations[0].email).toBe('anna@bücher.de');
    // The part before the @ stays ASCII.
    const local = await client.post(path, { emails: ['jürgen@bücher.de'] });
    expect(local.body.rejected).toMatchObject([{ code: 'invalid_email' }]);
  });

  it('refuses more addresses than the manual-entry limit, writing nothing', async () => {
    const { org, client } = await createOrgWithOwner(t);
    expect((await client.patch(`/api/v1/orgs/${org.id}/settings`, { manualEntryLimit: 2 })).status).toBe(200);
    const refused = await client.post(`/api/v1/orgs/${org.id}/invitations`, {
      emails: [uniqueEmail(), uniqueEmail(), uniqueEmail()],
    });
    expect(refused.status).toBe(400);
    expect(refused.body.error).toMatchObject({ code: 'too_many_emails', field: 'emails' });
    expect(await invitationsOf(org.id)).toBe(0);
    const two = await client.post(`/api/v1/orgs/${org.id}/invitations`, {
      emails: [uniqueEmail(), uniqueEmail()],
    });
    expect(two.body.invitations).toHaveLength(2);
  });

  it('refuses an invitation without a group when the organization requires one', async () => {
    const { org, client } = await createOrgWithOwner(t);
    expect((await client.patch(`/api/v1/orgs/${org.id}/settings`, { requireGroup: true })).status).toBe(200);
    const refused = await client.post(`/api/v1/orgs/${org.id}/invitations`, { emails: [uniqueEmail()] });
    expect(refused.status).toBe(400);
    expect(refused.body.error).toMatchObject({ code: 'group_required', field: 'groupIds' });
    expect(await invitationsOf(org.id)).toBe(0);
    const group = (await client.post(`/api/v1/orgs/${org.id}/groups`, { name: 'Sales' })).body;
    const created = await client.post(`/api/v1/orgs/${org.id}/invitations`, {
      emails: [uniqueEmail()],
      groupIds: [group.id],
    });
    expect(created.body.invitations[0].groups).toEqual([{ id: group.id, name: 'Sales' }]);
  });
});
