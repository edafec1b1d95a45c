import type { Executor, Invitation } from '../../db/types.ts';
import { requireTransition } from '../lifecycle.ts';
import { invitationRepository as repo } from '../repository.ts';
import type { EventActor, TransitionContext } from './context.ts';

/** Move a scheduled invitation's send time (a time already past sends it now). */
export async function reschedule(
  ctx: TransitionContext,
  trx: Executor,
  row: Invitation,
  sendAt: Date,
  actor: EventActor,
  now: Date,
): Promise<Invitation> {
  requireTransition(row.status, 'reschedule');
  const updated = await repo.update(trx, row.org_id, row.id, {
    send_at: sendAt,
    last_event_type: 'rescheduled',
    last_event_at: now,
    updated_at: now,
  });
  await repo.insertEvents(trx, [
    {
      orgId: row.org_id,
      invitationId: row.id,
      type: 'rescheduled',
      actor,
      at: now,
      detail: { sendAt: sendAt.toISOString() },
    },
  ]);
  // The job already queued for the old time finds send_at moved and does nothing.
  await ctx.queue.enqueue(
    trx,
    'invitation.send-scheduled',
    { invitationId: row.id },
    sendAt > now ? { startAfter: sendAt } : {},
  );
  return updated!;
}
