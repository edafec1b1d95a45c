import { auditEntry } from '../audit/changes.ts';
import { auditRepository as audit } from '../audit/repository.ts';
import type { Actor } from '../auth/permissions.ts';
import type { Executor, Invitation } from '../db/types.ts';
import type { Deps } from '../shared/deps.ts';
import { badRequest } from '../shared/errors.ts';
import { creditRepository as repo } from './repository.ts';

/**
 * Optional per-organization credits (seed 000), off by default: sending an invitation holds one
 * credit, cancelling or declining returns it, accepting spends it. Every movement is in a ledger.
 * These take the caller's transaction; `reserveCredits` locks the organization row so concurrent
 * invites cannot overspend.
 */

/** How many of `wanted` new invitations the balance allows (all when credits are off). */
export async function reserveCredits(
  trx: Executor,
  orgId: string,
  wanted: number,
): Promise<{ enabled: boolean; allowed: number }> {
  // Lock only when credits are on: otherwise invites of one organization need not queue up.
  const enabled = await repo.settings(trx, orgId);
  if (!enabled.credits_enabled) return { enabled: false, allowed: wanted };
  const org = await repo.lockOrg(trx, orgId);
  return { enabled: true, allowed: Math.max(0, Math.min(wanted, org.credits_balance)) };
}

export async function holdCredits(
  trx: Executor,
  orgId: string,
  invitations: Pick<Invitation, 'id'>[],
  actorName: string | null,
  at: Date,
): Promise<void> {
  if (invitations.length === 0) return;
  await repo.addToBalance(trx, orgId, -invitations.length);
  await repo.markHeld(
    trx,
    invitations.map((i) => i.id),
    true,
  );
  await repo.insertTransactions(
    trx,
    invitations.map((i) => ({
      org_id: orgId,
      delta: -1,
      reason: 'hold' as const,
      invitation_id: i.id,
      actor_name: actorName,
      at,
    })),
  );
}

/** Cancelled or declined: the held credit goes back. */
export async function releaseCredit(
  trx: Executor,
  inv: Pick<Invitation, 'id' | 'org_id' | 'credit_held'>,
  actorName: string | null,
  at: Date,
): Promise<void> {
  if (!inv.credit_held) return;
  await repo.addToBalance(trx, inv.org_id, 1);
  await repo.markHeld(trx, [inv.id], false);
  await repo.insertTransactions(trx, [
    { org_id: inv.org_id, delta: 1, reason: 'release', invitation_id: inv.id, actor_name: actorName, at },
  ]);
}

/** Accepted: the held credit is used up (the balance already went down when it was held). */
export async function spendCredit(
  trx: Executor,
  inv: Pick<Invitation, 'id' | 'org_id' | 'credit_held'>,
  at: Date,
): Promise<void> {
  if (!inv.credit_held) return;
  await repo.markHeld(trx, [inv.id], false);
  await repo.insertTransactions(trx, [
    { org_id: inv.org_id, delta: 0, reason: 'spend', invitation_id: inv.id, actor_name: null, at },
  ]);
}

export function createCreditService(deps: Pick<Deps, 'db' | 'clock'>) {
  return {
    async balance(orgId: string) {
      const org = await repo.settings(deps.db, orgId);
      return {
        enabled: org.credits_enabled,
        balance: org.credits_balance,
        held: await repo.heldCount(deps.db, orgId),
      };
    },

    async summary(orgId: string) {
      const org = await repo.settings(deps.db, orgId);
      const held = await repo.heldCount(deps.db, orgId);
      const recent = await repo.recent(deps.db, orgId, 50);
      return {
        enabled: org.credits_enabled,
        balance: org.credits_balance,
        held,
        transactions: recent.map((t) => ({
          id: String(t.id),
          delta: t.delta,
          reason: t.reason,
          invitationId: t.invitation_id,
          invitationEmail: t.invitation_email,
          actorName: t.actor_name,
          note: t.note,
          at: t.at.toISOString(),
        })),
      };
    },

    async adjust(actor: Actor, input: { amount?: number; enabled?: boolean; note?: string }) {
      const { orgId, name: actorName } = actor;
      if (input.amount === undefined && input.enabled === undefined)
        throw badRequest('invalid_request', 'Give "amount" or "enabled".');
      await deps.db.transaction().execute(async (trx) => {
        const org = await repo.lockOrg(trx, orgId);
        if (input.enabled !== undefined) await repo.setEnabled(trx, orgId, input.enabled);
        if (input.amount) {
          if (org.credits_balance + input.amount < 0) {
            throw badRequest(
              'insufficient_credits',
              `The balance is ${org.credits_balance}; it cannot go below zero.`,
              { field: 'amount' },
            );
          }
          await repo.addToBalance(trx, orgId, input.amount);
          await repo.insertTransactions(trx, [
            {
              org_id: orgId,
              delta: input.amount,
              reason: input.amount > 0 ? 'purchase' : 'adjustment',
              invitation_id: null,
              actor_name: actorName,
              note: input.note ?? null,
              at: deps.clock.now(),
            },
          ]);
        }
        const changes: Record<string, unknown> = {};
        if (input.enabled !== undefined && input.enabled !== org.credits_enabled)
          changes.enabled = { from: org.credits_enabled, to: input.enabled };
        if (input.amount)
          changes.balance = { from: org.credits_balance, to: org.credits_balance + input.amount };
        if (input.note && input.amount) changes.note = input.note;
        if (Object.keys(changes).length)
          await audit.record(trx, [
            auditEntry(
              actor,
              deps.clock.now(),
              'credits.changed',
              { type: 'organization', id: orgId },
              changes,
            ),
          ]);
      });
      return this.summary(orgId);
    },
  };
}

export type CreditService = ReturnType<typeof createCreditService>;
