import { beforeAll, describe, expect, it } from 'vitest';
import { orgWithOwner } from '../helpers/accounts.ts';
import type { TestApp } from '../helpers/app.ts';
import { sharedTestApp } from '../helpers/shared-app.ts';

describe("the list's last event names who did it", () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await sharedTestApp({ workers: false });
  });

  it('names the inviter, then the person who cancelled, and nobody for expiry seen at read time', async () => {
    const { org, client } = await orgWithOwner(t);
    const created = await client.post(`/api/v1/orgs/${org.id}/invitations`, {
      emails: ['last.actor.a@example.com', 'last.actor.b@example.com'],
    });
    expect(created.status).toBe(201);
    const [a, b] = created.body.invitations;
    expect(a.lastEvent).toMatchObject({ type: 'sent', actor: { type: 'user', name: 'Olivia Owner' } });

    expect((await client.post(`/api/v1/orgs/${org.id}/invitations/${b.id}/cancel`)).status).toBe(200);
    const list = await client.get(`/api/v1/orgs/${org.id}/invitations`);
    const byId = new Map(list.body.items.map((i: { id: string }) => [i.id, i]));
    expect(byId.get(b.id)).toMatchObject({
      lastEvent: { type: 'cancelled', actor: { name: 'Olivia Owner' } },
    });

    t.clock.advance(8 * 86_400_000);
    const later = await client.get(`/api/v1/orgs/${org.id}/invitations/${a.id}`);
    expect(later.body.lastEvent).toEqual({ type: 'expired', at: later.body.expiresAt, actor: null });
  });
});
