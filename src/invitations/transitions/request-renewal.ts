import type { Executor, Invitation } from '../../db/types.ts';
import { organizationEmailLanguage } from '../../mail/language.ts';
import { organizationRepository } from '../../organizations/repository.ts';
import { invitationEmailRepository } from '../email-repository.ts';
import { effectiveStatus, mayTransition } from '../lifecycle.ts';
import { invitationRepository as repo } from '../repository.ts';
import type { EventActor, TransitionContext } from './context.ts';

/** One request per invitation a day reaches the inviter; more in that time change nothing. */
export const RENEWAL_REQUEST_INTERVAL_MS = 24 * 60 * 60 * 1000;

/**
 * The invitee of an expired invitation (locked by the caller) asks for a new one: the inviter (or,
 * when they left, the organization's owners and admins) gets an email pointing at the invitation,
 * and its timeline records the request. The invitation itself does not change: sending a new one
 * stays the administrator's decision. Answers whether anyone was told (false when the invitation
 * is not expired or was asked about in the last day).
 */
export async function requestRenewal(
  ctx: TransitionContext,
  trx: Executor,
  inv: Invitation,
  actor: EventActor,
  now: Date,
): Promise<boolean> {
  if (!mayTransition(effectiveStatus(inv, now), 'request_renewal')) return false;
  const since = new Date(now.getTime() - RENEWAL_REQUEST_INTERVAL_MS);
  if (await invitationEmailRepository.hasEventSince(trx, inv.id, 'renewal_requested', since)) return false;
  const org = await organizationRepository.findById(trx, inv.org_id);
  if (!org) return false;
  const recipients = await invitationEmailRepository.renewalRecipients(trx, org.id, inv.created_by_user_id);
  await ctx.outbox.queueMany(
    trx,
    recipients.map((r) => ({
      orgId: org.id,
      kind: 'renewal_requested' as const,
      to: r.email,
      language: organizationEmailLanguage(org, r.locale),
      vars: {
        organizationName: org.name,
        recipientEmail: r.email,
        recipientName: r.name,
        inviteeEmail: inv.email,
      },
      link: { path: `/o/${org.id}/invitations/${inv.id}` },
    })),
  );
  await repo.insertEvents(trx, [
    {
      orgId: inv.org_id,
      invitationId: inv.id,
      type: 'renewal_requested',
      actor,
      at: now,
      detail: { notified: recipients.map((r) => r.name) },
    },
  ]);
  return true;
}
