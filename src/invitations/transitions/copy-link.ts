import type { Executor, Invitation } from '../../db/types.ts';
import { effectiveStatus, requireTransition } from '../lifecycle.ts';
import { invitationRepository as repo } from '../repository.ts';
import type { EventActor } from './context.ts';

/**
 * Copying a pending invitation's link changes nothing but its history: the link is recomputed
 * from the id and link version, never stored.
 */
export async function recordLinkCopied(
  trx: Executor,
  row: Invitation,
  actor: EventActor,
  now: Date,
): Promise<void> {
  requireTransition(effectiveStatus(row, now), 'copy_link');
  await repo.update(trx, row.org_id, row.id, {
    last_event_type: 'link_copied',
    last_event_at: now,
    updated_at: now,
  });
  await repo.insertEvents(trx, [
    { orgId: row.org_id, invitationId: row.id, type: 'link_copied', actor, at: now },
  ]);
}
