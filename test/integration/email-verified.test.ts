/**
 * `email_verified` in what apps receive: true once a link sent to the address was used (an
 * invitation accepted through its link, a password reset); false for an account an administrator
 * made with "set password", until the person proves the address.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { decideAccess } from '../../src/oidc/access.ts';
import { claimsFor } from '../../src/oidc/claims.ts';
import { orgWithOwner } from '../helpers/accounts.ts';
import type { TestApp } from '../helpers/app.ts';
import { uniqueEmail } from '../helpers/factories.ts';
import { sharedTestApp } from '../helpers/shared-app.ts';

const RESET_LINK = /http:\/\/beckon\.test\/reset-password\/([A-Za-z0-9_-]+)/;

describe('email_verified', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await sharedTestApp({ smtp: true });
  });
  afterAll(() => t.close());

  async function setUp() {
    const owner = await orgWithOwner(t);
    const app = await owner.client.post(`/api/v1/orgs/${owner.org.id}/apps`, {
      name: 'Learning platform',
      kind: 'web',
      redirectUris: ['https://rp.example/cb'],
    });
    expect(app.status).toBe(201);
    const invite = async (email: string) => {
      const res = await owner.client.post(`/api/v1/orgs/${owner.org.id}/invitations`, { emails: [email] });
      expect(res.status, JSON.stringify(res.body)).toBe(201);
      return `/api/v1/orgs/${owner.org.id}/invitations/${res.body.invitations[0].id}`;
    };
    const verified = async (email: string) => {
      const user = await t.services.db
        .selectFrom('users')
        .select('id')
        .where('email', '=', email)
        .executeTakeFirstOrThrow();
      const decision = await decideAccess(t.services.db, app.body.clientId, user.id);
      if (!decision.allowed) throw new Error(`not allowed: ${decision.reason}`);
      return claimsFor(decision.person).email_verified;
    };
    return { owner, invite, verified };
  }

  it('is true for a person who accepted through the link sent to them', async () => {
    const { owner, invite, verified } = await setUp();
    const email = uniqueEmail('linked');
    const invitation = await invite(email);
    const link = await owner.client.get(`${invitation}/link`);
    const token = new URL(link.body.url).pathname.split('/').pop();
    const accepted = await t
      .client()
      .post(`/api/v1/invitations/${token}/accept`, { name: 'Lina Linked', password: 'amber-river-stone-7' });
    expect(accepted.status, JSON.stringify(accepted.body)).toBe(201);
    expect(await verified(email)).toBe(true);
  });

  it('is false for an account made with "set password", and true after a password reset', async () => {
    const { owner, invite, verified } = await setUp();
    const email = uniqueEmail('handset');
    const invitation = await invite(email);
    const set = await owner.client.post(`${invitation}/password`, { password: 'Temporary-Pass-4821' });
    expect(set.status, JSON.stringify(set.body)).toBe(200);
    expect(await verified(email)).toBe(false);

    const before = t.smtp!.messages.length;
    expect((await t.client().post('/api/v1/password-resets', { email })).status).toBe(202);
    // The reset email itself: the "account ready" email of the set password may arrive after `before`.
    const mail = await t.smtp!.waitFor(
      (m) => m.to.includes(email) && t.smtp!.messages.indexOf(m) >= before && RESET_LINK.test(m.text),
    );
    const token = RESET_LINK.exec(mail.text)![1];
    const reset = await t
      .client()
      .post(`/api/v1/password-resets/${token}`, { password: 'a-brand-new-secret-42' });
    expect(reset.status).toBe(204);
    expect(await verified(email)).toBe(true);
  });
});
