import { beforeAll, describe, expect, it } from 'vitest';
import type { TestApp } from '../helpers/app.ts';
import { createOrgWithOwner } from '../helpers/factories.ts';
import { sharedTestApp } from '../helpers/shared-app.ts';

describe('the mailbox, searched and paged', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await sharedTestApp();
  });

  it('finds emails by part of the address, names the sender, and pages', async () => {
    const { org, client } = await createOrgWithOwner(t);
    const base = `/api/v1/orgs/${org.id}`;
    await client.post(`${base}/invitations`, {
      emails: ['nora.north@example.com', 'sam.south@example.com', 'nils.north@example.org'],
    });
    let all: any[] = [];
    const end = Date.now() + 20_000;
    while (all.length < 3 && Date.now() < end) {
      all = (await client.get(`${base}/mailbox`)).body.items;
      if (all.length < 3) await new Promise((r) => setTimeout(r, 100));
    }
    expect(all).toHaveLength(3);
    expect(all[0].from).toBe('Acme Training via Beckon <no-reply@localhost>');

    const north = (await client.get(`${base}/mailbox?q=NORTH`)).body.items;
    expect(north.map((m: any) => m.to).sort()).toEqual(['nils.north@example.org', 'nora.north@example.com']);
    expect((await client.get(`${base}/mailbox?q=nobody`)).body.items).toEqual([]);

    const first = (await client.get(`${base}/mailbox?limit=2`)).body;
    expect(first.items).toHaveLength(2);
    const second = (
      await client.get(`${base}/mailbox?limit=2&cursor=${encodeURIComponent(first.nextCursor)}`)
    ).body;
    expect(second.items).toHaveLength(1);
    expect(second.nextCursor).toBeNull();
  });
});
