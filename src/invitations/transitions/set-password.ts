import { authRepository } from '../../auth/repository.ts';
import type { Executor, Invitation } from '../../db/types.ts';
import { organizationEmailLanguage, personalEmailLanguage } from '../../mail/language.ts';
import { organizationRepository } from '../../organizations/repository.ts';
import { cleanName } from '../../shared/validation.ts';
import { effectiveStatus, requireTransition } from '../lifecycle.ts';
import { invitationRepository as repo } from '../repository.ts';
import { accept } from './accept.ts';
import type { EventActor, TransitionContext } from './context.ts';

/**
 * "Set password": the administrator confirms the account without email, on a pending invitation
 * the caller has locked. The outcome looks the same whether or not the address already has an
 * account, so it tells nothing about other organizations: a new address gets an account with this
 * temporary password (changed at first sign-in, its creation recorded as an event); an existing
 * account keeps its own password and is simply given the membership, with an email telling the
 * person.
 */
export async function setPassword(
  ctx: TransitionContext,
  trx: Executor,
  inv: Invitation,
  passwordHash: string,
  actor: EventActor,
  now: Date,
): Promise<Invitation> {
  requireTransition(effectiveStatus(inv, now), 'set_password');
  const existing = await authRepository.findUserByEmail(trx, inv.email);
  if (existing) {
    const org = await organizationRepository.findById(trx, inv.org_id);
    await ctx.outbox.queue(trx, {
      orgId: inv.org_id,
      kind: 'added_to_organization',
      to: existing.email,
      language: org ? organizationEmailLanguage(org, existing.locale) : personalEmailLanguage(existing),
      vars: {
        organizationName: org?.name ?? '',
        recipientEmail: existing.email,
        recipientName: existing.name,
        inviterName: actor.type === 'user' ? actor.name : null,
      },
      link: { path: '/sign-in' },
    });
    return accept(trx, inv, existing.id, actor, 'password_set', now, { account: 'existing' });
  }
  const user = await organizationRepository.insertUser(trx, {
    email: inv.email,
    name: cleanName(inv.email.split('@')[0]!, 'name'),
    password_hash: passwordHash,
    must_change_password: true,
    now,
  });
  await repo.insertEvents(trx, [
    {
      orgId: inv.org_id,
      invitationId: inv.id,
      type: 'account_created',
      actor,
      at: now,
      detail: { userId: user.id },
    },
  ]);
  return accept(trx, inv, user.id, actor, 'password_set', now, { account: 'created' });
}
