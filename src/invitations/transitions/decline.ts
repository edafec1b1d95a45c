import { releaseCredit } from '../../credits/service.ts';
import type { Executor, Invitation } from '../../db/types.ts';
import { mailRepository } from '../../mail/repository.ts';
import { effectiveStatus, requireTransition } from '../lifecycle.ts';
import { invitationRepository as repo } from '../repository.ts';
import type { EventActor } from './context.ts';

/** The invitee declines a pending invitation the caller has locked: its link dies, its credit comes back. */
export async function decline(
  trx: Executor,
  inv: Invitation,
  actor: EventActor,
  now: Date,
): Promise<Invitation> {
  requireTransition(effectiveStatus(inv, now), 'decline');
  const updated = await repo.update(trx, inv.org_id, inv.id, {
    status: 'declined',
    last_event_type: 'declined',
    last_event_at: now,
    updated_at: now,
  });
  await releaseCredit(trx, inv, null, now);
  await repo.insertEvents(trx, [
    { orgId: inv.org_id, invitationId: inv.id, type: 'declined', actor, at: now },
  ]);
  await mailRepository.cancelQueuedOf(trx, [inv.id], 'invitation declined');
  return updated!;
}
