import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Invitation, InvitationStatus } from '../../src/db/types.ts';
import { effectiveStatus } from '../../src/invitations/lifecycle.ts';
import { invitationRepository as repo } from '../../src/invitations/repository.ts';
import { likeTrigrams, planSearch, type SearchPlan, sampleOf } from '../../src/invitations/search-plan.ts';
import { startTestApp, type TestApp, type TestClient } from '../helpers/app.ts';
import { createOrgWithOwner } from '../helpers/factories.ts';

const DAY = 86_400_000;
const STATUSES: InvitationStatus[] = ['pending', 'expired', 'accepted', 'cancelled', 'declined', 'scheduled'];
const TRICKY = [
  'Mixed.Case@Example.COM',
  'per%cent@odd.example',
  'under_score@odd.example',
  'back\\slash@odd.example',
  'dots.and.more.dots@d.o.t.s',
  'a@b.co',
  'x@y.io',
];
const TERMS = [
  'MIXED.case@',
  'mixed.case@example.com',
  '%',
  'r%c',
  '_',
  'r_s',
  '\\',
  'k\\s',
  '.',
  's.a',
  '@',
  'a',
  'o@',
  'xy',
  'user12',
  'user120@',
  'domain3.',
  'domain3.example',
  'DOMAIN',
  '0@domain1',
  'user1@domain1.example.and-then-some',
  'nothing-like-this',
];

describe('invitation search', () => {
  let t: TestApp;
  let orgId: string;
  let admin: TestClient;
  let rows: Invitation[];
  const groupA = randomUUID();
  const groupB = randomUUID();

  beforeAll(async () => {
    // A short term checks 40 rows a call here: its pages come partial and the cursors go on.
    t = await startTestApp({ workers: false, runtime: { shortTermScan: 40 } });
    const o = await createOrgWithOwner(t);
    orgId = o.org.id;
    admin = o.client;
    const now = t.clock.now().getTime();
    const emails = [...TRICKY, ...Array.from({ length: 230 }, (_, n) => `user${n}@Domain${n % 7}.example`)];
    rows = await repo.insertMany(
      t.services.db,
      emails.map((email, n) => {
        const status = STATUSES[n % STATUSES.length]!;
        // Every third row shares its timestamp with the next: the id breaks the tie.
        const at = new Date(now - Math.floor(n / 2) * 60_000);
        return {
          org_id: orgId,
          email,
          role: 'learner',
          group_ids: n % 3 === 0 ? [groupA] : n % 3 === 1 ? [groupA, groupB] : [],
          message: null,
          status,
          send_at: status === 'scheduled' ? new Date(now + DAY) : null,
          // Some pending rows are past expiry: they list as expired.
          expires_at: status === 'scheduled' ? null : new Date(now + (n % 4 === 0 ? -DAY : DAY)),
          last_event_type: 'sent',
          last_event_at: at,
          created_by_user_id: null,
          created_by_name: 'Test',
          accepted_user_id: null,
          accepted_at: null,
          import_id: null,
          created_at: at,
          updated_at: at,
        };
      }),
    );
    expect(rows).toHaveLength(emails.length);
  });
  afterAll(() => t.close());

  /** The plain semantics: case-insensitive substring, effective status, group overlap, newest first. */
  function expected(term: string, statuses?: InvitationStatus[], groupScope?: string[]): string[] {
    const now = t.clock.now();
    return rows
      .filter((r) => r.email.toLowerCase().includes(term.toLowerCase()))
      .filter((r) => !statuses || statuses.includes(effectiveStatus(r, now)))
      .filter((r) => !groupScope || r.group_ids.some((g) => groupScope.includes(g)))
      .sort((a, b) => b.created_at.getTime() - a.created_at.getTime() || (b.id > a.id ? 1 : -1))
      .map((r) => r.id);
  }

  async function listAll(search: SearchPlan, statuses?: InvitationStatus[], groupScope?: string[]) {
    const ids: string[] = [];
    let cursor: { createdAt: Date; id: string } | undefined;
    for (;;) {
      const page = await repo.list(t.services.db, {
        orgId,
        statuses,
        search,
        limit: 7,
        cursor,
        now: t.clock.now(),
        groupScope,
      });
      ids.push(...page.slice(0, 7).map((r) => r.id));
      if (page.length <= 7) return ids;
      cursor = { createdAt: page[6]!.created_at, id: page[6]!.id };
    }
  }

  it('finds exactly the substring matches whatever part the index is asked for and whichever plan', async () => {
    const sample = sampleOf(rows.map((r) => r.email));
    const filters: Array<InvitationStatus[] | undefined> = [
      undefined,
      ['pending'],
      ['expired'],
      ['accepted', 'expired'],
      ['pending', 'expired', 'scheduled'],
    ];
    for (const q of TERMS) {
      const term = q.toLowerCase();
      const planned = planSearch(q, sample);
      const plans: SearchPlan[] = [
        { term, indexed: term, selective: false, short: planned.short },
        { ...planned, selective: false },
        { ...planned, selective: true },
      ];
      for (const statuses of filters) {
        const want = expected(q, statuses);
        for (const plan of plans) {
          expect(await listAll(plan, statuses), `${q} ${statuses} ${JSON.stringify(plan)}`).toEqual(want);
        }
      }
      expect(await listAll({ ...planned, selective: true }, ['pending'], [groupB])).toEqual(
        expected(q, ['pending'], [groupB]),
      );
    }
  });

  it('searches over HTTP through the planner, page by page', async () => {
    let partials = 0;
    for (const q of ['DOMAIN3.', 'user1', 'r%c', 'k\\s', 'x@', 'Y', '_', 'xy', '9']) {
      for (const status of ['', '&status=expired', '&status=pending,accepted']) {
        const seen: string[] = [];
        let cursor: string | null = null;
        do {
          const page: any = await admin.get(
            `/api/v1/orgs/${orgId}/invitations?q=${encodeURIComponent(q)}${status}&limit=10${cursor ? `&cursor=${cursor}` : ''}`,
          );
          expect(page.status).toBe(200);
          seen.push(...page.body.items.map((i: any) => i.id));
          if (page.body.partial) {
            expect(likeTrigrams(q.toLowerCase()).size, q).toBe(0);
            expect(page.body.items.length).toBeLessThanOrEqual(10);
            partials++;
          }
          cursor = page.body.nextCursor;
        } while (cursor);
        const statuses = status
          ? (status.slice('&status='.length).split(',') as InvitationStatus[])
          : undefined;
        expect(seen, `${q}${status}`).toEqual(expected(q, statuses));
      }
    }
    // Rare short terms ('Y', '9' in few addresses) end pages early, yet every match is found.
    expect(partials).toBeGreaterThan(0);
  });
});
