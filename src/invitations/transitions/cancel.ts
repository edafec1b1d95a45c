import { releaseCredit } from '../../credits/service.ts';
import type { Executor, Invitation } from '../../db/types.ts';
import { requireTransition } from '../lifecycle.ts';
import { invitationRepository as repo } from '../repository.ts';
import type { EventActor, TransitionContext } from './context.ts';

/**
 * Cancel a scheduled, pending or expired invitation the caller has locked: its link dies at once,
 * its unsent emails are cancelled and the credit it held comes back.
 */
export async function cancel(
  ctx: TransitionContext,
  trx: Executor,
  row: Invitation,
  actor: EventActor,
  now: Date,
): Promise<Invitation> {
  const updated = await withdraw(ctx, trx, row, actor, now);
  await repo.insertEvents(trx, [
    { orgId: row.org_id, invitationId: row.id, type: 'cancelled', actor, at: now },
  ]);
  return updated;
}

/**
 * The row side of a cancellation, without its event: for a transition that cancels as part of a
 * larger change and names, in the event, what it did besides (an address correction).
 */
export async function withdraw(
  ctx: TransitionContext,
  trx: Executor,
  row: Invitation,
  actor: EventActor,
  now: Date,
): Promise<Invitation> {
  // The stored status: a pending row past its expiry is cancellable as well.
  requireTransition(row.status, 'cancel');
  const updated = await repo.update(trx, row.org_id, row.id, {
    status: 'cancelled',
    last_event_type: 'cancelled',
    last_event_at: now,
    updated_at: now,
  });
  await ctx.outbox.cancelUnsent(trx, row.id);
  await releaseCredit(trx, row, actor.name, now);
  return updated!;
}
