import type { Actor } from '../auth/permissions.ts';
import { authRepository } from '../auth/repository.ts';
import { spendCredit } from '../credits/service.ts';
import type { Executor, Invitation } from '../db/types.ts';
import { addMemberToGroups } from '../groups/membership.ts';
import { type AppError, badRequest, conflict, gone, notFound } from '../http/errors.ts';
import type { Outbox } from '../mail/outbox.ts';
import { organizationRepository } from '../organizations/repository.ts';
import { hashPassword, passwordProblem } from '../security/passwords.ts';
import type { Deps } from '../shared/deps.ts';
import { cleanName } from '../shared/validation.ts';
import { effectiveStatus } from './lifecycle.ts';
import { type EventInput, invitationRepository as repo } from './repository.ts';

/** Makes the user a member with the invitation's role, groups and trainings, and marks it accepted. */
export async function completeAcceptance(
  trx: Executor,
  inv: Invitation,
  userId: string,
  actor: EventInput['actor'],
  eventType: 'accepted' | 'password_set',
  now: Date,
  detail?: Record<string, unknown>,
): Promise<Invitation> {
  let member = await organizationRepository.findMembership(trx, inv.org_id, userId);
  if (!member) {
    member = await organizationRepository.insertMember(trx, {
      org_id: inv.org_id,
      user_id: userId,
      role: inv.role,
      now,
    });
  }
  await addMemberToGroups(trx, inv.org_id, member.id, inv.group_ids, now);
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

/** Why a link no longer works, as the 410 codes of SPEC §7. */
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

/**
 * "Set password" (seed 001): the administrator confirms the account without email. The answer is
 * the same whether or not the address already has an account, so it tells nothing about other
 * organizations: a new address gets an account with this temporary password (changed at first
 * sign-in, its creation recorded as an event); an existing account keeps its own password and is
 * simply given the membership, with an email telling the person.
 */
export async function acceptWithPassword(
  deps: Deps,
  outbox: Outbox,
  actor: Actor,
  id: string,
  password: string,
): Promise<Invitation> {
  const pre = await repo.findById(deps.db, actor.orgId, id);
  if (!pre) throw notFound('Invitation');
  const weak = passwordProblem(password, [pre.email.split('@')[0]!]);
  if (weak) throw badRequest('weak_password', weak, { field: 'password' });
  // Hashed whether or not it is used, so both answers take as long.
  const hash = await hashPassword(password);
  return deps.db.transaction().execute(async (trx) => {
    const inv = await repo.findByIdForUpdate(trx, id);
    if (!inv || inv.org_id !== actor.orgId) throw notFound('Invitation');
    const now = deps.clock.now();
    const status = effectiveStatus(inv, now);
    if (status !== 'pending')
      throw conflict('invalid_status', `Cannot set a password for an invitation that is ${status}.`, {
        status,
      });
    const who = { type: actor.type, id: actor.id, name: actor.name };
    const existing = await authRepository.findUserByEmail(trx, inv.email);
    if (existing) {
      const org = await organizationRepository.findById(trx, inv.org_id);
      await outbox.queue(trx, {
        orgId: inv.org_id,
        kind: 'added_to_organization',
        to: existing.email,
        vars: {
          organizationName: org?.name ?? '',
          recipientEmail: existing.email,
          recipientName: existing.name,
          inviterName: actor.type === 'user' ? actor.name : null,
        },
        link: { path: '/sign-in' },
      });
      return completeAcceptance(trx, inv, existing.id, who, 'password_set', now, { account: 'existing' });
    }
    const user = await organizationRepository.insertUser(trx, {
      email: inv.email,
      name: cleanName(inv.email.split('@')[0]!, 'name'),
      password_hash: hash,
      must_change_password: true,
      now,
    });
    await repo.insertEvents(trx, [
      {
        orgId: inv.org_id,
        invitationId: inv.id,
        type: 'account_created',
        actor: who,
        at: now,
        detail: { userId: user.id },
      },
    ]);
    return completeAcceptance(trx, inv, user.id, who, 'password_set', now, { account: 'created' });
  });
}
