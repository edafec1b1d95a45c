import { spendCredit } from '../../credits/service.ts';
import type { Executor, Invitation } from '../../db/types.ts';
import { becomeMember } from '../../members/onboarding.ts';
import { type AppError, gone, notFound } from '../../shared/errors.ts';
import { effectiveStatus, requireTransition } from '../lifecycle.ts';
import { invitationRepository as repo } from '../repository.ts';
import type { EventActor } from './context.ts';

/**
 * Accept a pending invitation the caller has locked, for this account: the person becomes a
 * member with the invitation's role, groups and trainings, and the credit it held is spent.
 * `password_set` is the same change made by an administrator's "set password".
 */
export async function accept(
  trx: Executor,
  inv: Invitation,
  userId: string,
  actor: EventActor,
  eventType: 'accepted' | 'password_set',
  now: Date,
  detail?: Record<string, unknown>,
): Promise<Invitation> {
  requireTransition(effectiveStatus(inv, now), eventType === 'accepted' ? 'accept' : 'set_password');
  await becomeMember(trx, { orgId: inv.org_id, userId, role: inv.role, groupIds: inv.group_ids, now });
  const updated = await repo.update(trx, inv.org_id, inv.id, {
    status: 'accepted',
    accepted_user_id: userId,
    accepted_at: now,
    last_event_type: eventType,
    last_event_at: now,
    updated_at: now,
  });
  await spendCredit(trx, inv, now);
  await repo.insertEvents(trx, [
    { orgId: inv.org_id, invitationId: inv.id, type: eventType, actor, at: now, detail },
  ]);
  return updated!;
}

/** Why a link no longer works, as the invitee sees it: 410 with the reason, or 404 when not sent yet. */
export function deadLinkError(inv: Invitation, now: Date): AppError | null {
  const status = effectiveStatus(inv, now);
  switch (status) {
    case 'pending':
      return null;
    case 'expired':
      return gone(
        'expired',
        'This invitation has expired. Ask the person who invited you to send a new one.',
      );
    case 'cancelled':
      return gone(
        'cancelled',
        'This invitation was cancelled. Ask the organization for a new invitation if you still need access.',
      );
    case 'declined':
      return gone(
        'declined',
        'You declined this invitation. Ask the organization for a new one if you changed your mind.',
      );
    case 'accepted':
      return gone('accepted', 'This invitation has already been accepted. Sign in to continue.');
    case 'scheduled':
      return notFound('Invitation');
  }
}
