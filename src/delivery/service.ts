import type { Actor } from '../auth/permissions.ts';
import { presentInvitations } from '../invitations/presenter.ts';
import { decodeCursor, pageLimit, splitPage } from '../shared/cursor.ts';
import type { Deps } from '../shared/deps.ts';
import { type ProblemScope, deliveryRepository as repo } from './repository.ts';

/** Groups listed per dimension: the long tail is one search away in the people list. */
const GROUP_LIMIT = 50;

/** An SMTP answer's parts: "550 5.1.1 <address> User unknown" → 550, 5.1.1, the rest. */
export function splitAnswer(answer: string): {
  code: string | null;
  enhancedStatus: string | null;
  text: string;
} {
  const m = /^([2-5]\d\d)(?:[ -]+([245]\.\d{1,3}\.\d{1,3}))?\s*(.*)$/.exec(answer);
  if (!m) return { code: null, enhancedStatus: null, text: answer };
  return { code: m[1]!, enhancedStatus: m[2] ?? null, text: m[3] ?? '' };
}

/**
 * Delivery problems of open invitations (failed or bounced, not yet cancelled or accepted),
 * grouped by recipient domain and by the mail server's answer, with the invitations behind
 * each group. A manager sees those of their groups only.
 */
export function createDeliveryService(deps: Pick<Deps, 'db' | 'clock'>) {
  const { db, clock } = deps;
  const scopeOf = (actor: Actor): ProblemScope => ({
    orgId: actor.orgId,
    managedGroupIds: actor.role === 'manager' ? actor.managedGroupIds : undefined,
  });

  return {
    async summary(actor: Actor) {
      const scope = scopeOf(actor);
      // Sequential: one connection on PGlite.
      const total = await repo.total(db, scope);
      const domains = await repo.byDomain(db, scope, GROUP_LIMIT);
      const answers = await repo.byAnswer(db, scope, GROUP_LIMIT);
      return {
        total,
        byDomain: domains.map((d) => ({
          domain: d.domain,
          count: d.count,
          bounced: d.bounced,
          latestAt: new Date(d.latest).toISOString(),
        })),
        byAnswer: answers.map((a) => ({
          answer: a.answer,
          ...splitAnswer(a.answer),
          count: a.count,
          domains: a.domains,
          latestAt: new Date(a.latest).toISOString(),
        })),
      };
    },

    async invitations(
      actor: Actor,
      query: { domain?: string; answer?: string; limit?: number; cursor?: string },
    ) {
      const limit = pageLimit(query.limit, 25, 100);
      const rows = await repo.invitations(db, scopeOf(actor), {
        domain: query.domain,
        answer: query.answer,
        limit,
        cursor: query.cursor ? decodeCursor(query.cursor) : undefined,
      });
      const { page, nextCursor } = splitPage(rows, limit);
      return { items: await presentInvitations(db, page, clock.now(), actor), nextCursor };
    },
  };
}

export type DeliveryService = ReturnType<typeof createDeliveryService>;
