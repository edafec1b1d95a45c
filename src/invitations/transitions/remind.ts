import type { Executor } from '../../db/types.ts';
import { organizationRepository } from '../../organizations/repository.ts';
import { notFound } from '../../shared/errors.ts';
import { invitationEmails } from '../emails.ts';
import { invitationRepository as repo } from '../repository.ts';
import { SYSTEM, type TransitionContext } from './context.ts';

/**
 * One reminder per invitation, inside its organization's window before expiry and never after
 * it, for up to `batch` due invitations. Returns how many were reminded.
 */
export async function remindDue(
  ctx: TransitionContext,
  trx: Executor,
  now: Date,
  batch: number,
): Promise<number> {
  const due = await repo.dueForReminder(trx, now, batch);
  for (const inv of due) {
    const org = await organizationRepository.findById(trx, inv.org_id);
    if (!org) throw notFound('Organization');
    await repo.update(trx, inv.org_id, inv.id, {
      reminded_at: now,
      last_event_type: 'reminded',
      last_event_at: now,
      updated_at: now,
    });
    await ctx.outbox.queueMany(trx, await invitationEmails(trx, org, [inv], 'reminder'));
    await repo.insertEvents(trx, [
      { orgId: inv.org_id, invitationId: inv.id, type: 'reminded', actor: SYSTEM, at: now },
    ]);
  }
  return due.length;
}
