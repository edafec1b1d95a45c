import { auditRepository } from '../audit/repository.ts';
import { type Actor, can } from '../auth/permissions.ts';
import { presentInvitations } from '../invitations/presenter.ts';
import { invitationRepository } from '../invitations/repository.ts';
import type { Deps } from '../shared/deps.ts';
import type { MemberProfileDto } from './profile-schemas.ts';
import type { MemberDto } from './schemas.ts';
import type { MemberService } from './service.ts';

/** Invitations a person's page shows: plenty for anyone invited again and again. */
const INVITATIONS_SHOWN = 100;

/** What the caller may do to this member, by the rules PATCH …/members/:id enforces. */
function actionsOn(actor: Actor, member: MemberDto): string[] {
  const out: string[] = [];
  const changes =
    can(actor, 'settings') &&
    actor.memberId !== member.id &&
    (member.role !== 'owner' || actor.role === 'owner');
  if (changes)
    out.push('change_role', 'change_permissions', member.status === 'active' ? 'deactivate' : 'reactivate');
  if (member.neverSignedIn && member.status === 'active' && can(actor, 'invitations'))
    out.push('send_account_email');
  return out;
}

export function createMemberProfileService(deps: Pick<Deps, 'db' | 'clock'>, members: MemberService) {
  const { db, clock } = deps;
  return {
    /** A person's page: membership, invitations across time, membership changes, and what applies. */
    async profile(actor: Actor, id: string): Promise<MemberProfileDto> {
      // Scoped like the members list: a manager reaches the members of their groups only (404 otherwise).
      const member = await members.get(actor.orgId, id, actor);
      const scope = actor.role === 'manager' ? actor.managedGroupIds : undefined;
      const rows = await invitationRepository.listByEmail(
        db,
        actor.orgId,
        member.email,
        scope,
        INVITATIONS_SHOWN,
      );
      const invitations = await presentInvitations(db, rows, clock.now(), actor);
      // The audit log is for those who change settings (owners, admins): the history is theirs too.
      const history = can(actor, 'settings')
        ? (await auditRepository.forTarget(db, actor.orgId, 'member', member.id)).map((e) => ({
            at: new Date(e.at).toISOString(),
            actor: { type: e.actor_type, name: e.actor_name },
            action: e.action,
            changes: (e.changes as Record<string, unknown> | null) ?? null,
          }))
        : null;
      return { member, invitations, history, actions: actionsOn(actor, member) };
    },
  };
}
