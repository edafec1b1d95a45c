import type { Executor, Invitation, Organization } from '../../db/types.ts';
import { JOB_CLOCK_SLACK_MS } from '../../jobs/queue.ts';
import { organizationRepository } from '../../organizations/repository.ts';
import { notFound } from '../../shared/errors.ts';
import { invitationEmails } from '../emails.ts';
import { type EventInput, invitationRepository as repo } from '../repository.ts';
import { type EventActor, expiryFrom, type TransitionContext } from './context.ts';

/**
 * The first email of invitations that are pending now (their rows already say sent): the email
 * queued, and the `sent` events answered for the caller to write with its own events (one
 * statement). Manual invites call it as they create; the first-send job calls it for scheduled
 * and imported invitations whose time has come.
 */
export async function queueFirstEmails(
  ctx: TransitionContext,
  trx: Executor,
  org: Organization,
  invitations: Invitation[],
  actor: EventActor,
  now: Date,
): Promise<EventInput[]> {
  await ctx.outbox.queueMany(trx, await invitationEmails(trx, org, invitations));
  return invitations.map((inv) => ({ orgId: org.id, invitationId: inv.id, type: 'sent', actor, at: now }));
}

/**
 * First send of those of these invitations that are due (scheduled with a send time reached, or
 * pending and still waiting for their first email); the rest are left alone. Expiry counts from
 * this send. Returns how many were sent.
 */
export async function firstSendDue(
  ctx: TransitionContext,
  trx: Executor,
  ids: string[],
  actor: EventActor,
  now: Date,
): Promise<number> {
  const due = await repo.lockFirstSendDue(trx, ids, new Date(now.getTime() + JOB_CLOCK_SLACK_MS));
  // One update per organization and expiry period (an import's rows may each choose theirs).
  const groups = new Map<string, { orgId: string; expiryDays: number | null; ids: string[] }>();
  for (const inv of due) {
    const key = `${inv.org_id}:${inv.expiry_days ?? ''}`;
    const group = groups.get(key);
    if (group) group.ids.push(inv.id);
    else groups.set(key, { orgId: inv.org_id, expiryDays: inv.expiry_days, ids: [inv.id] });
  }
  let sent = 0;
  for (const { orgId, expiryDays, ids: groupIds } of groups.values()) {
    const org = await organizationRepository.findById(trx, orgId);
    if (!org) throw notFound('Organization');
    const updated = await repo.markFirstSent(trx, groupIds, now, expiryFrom(org, now, expiryDays));
    await repo.insertEvents(trx, await queueFirstEmails(ctx, trx, org, updated, actor, now));
    sent += updated.length;
  }
  return sent;
}
