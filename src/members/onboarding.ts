import { authRepository } from '../auth/repository.ts';
import type { AuthService, SessionUser } from '../auth/service.ts';
import type { Executor, Role } from '../db/types.ts';
import { addMemberToGroups } from '../groups/membership.ts';
import type { Locale } from '../i18n/locales.ts';
import { organizationRepository } from '../organizations/repository.ts';

/**
 * A person who arrives through a link: signed in already, or new with a name, a password hash and
 * the language their account starts in (the language they were invited or welcomed in).
 */
export type Arrival =
  | { session: SessionUser }
  | { session: null; email: string; name: string; passwordHash: string; locale: Locale };

/**
 * Becoming a member, the same whether through an invitation, the join page or a password set by
 * an administrator: the account (created for a new person), the membership with its role (an
 * existing one is kept), and the groups with their trainings.
 */
export async function becomeMember(
  trx: Executor,
  input: { orgId: string; userId: string; role: Role; groupIds: string[]; now: Date },
): Promise<{ memberId: string }> {
  const { orgId, userId, role, groupIds, now } = input;
  let member = await organizationRepository.findMembership(trx, orgId, userId);
  if (!member)
    member = await organizationRepository.insertMember(trx, { org_id: orgId, user_id: userId, role, now });
  await addMemberToGroups(trx, orgId, member.id, groupIds, now);
  return { memberId: member.id };
}

/**
 * The account of a person arriving through a link: theirs when signed in (their language kept),
 * else a new one. The link was sent to `linkedEmail`, so using it proves that address.
 */
export async function accountOf(
  trx: Executor,
  arrival: Arrival,
  linkedEmail: string,
  now: Date,
): Promise<string> {
  if (arrival.session) {
    await authRepository.markEmailVerified(trx, arrival.session.userId, linkedEmail, now);
    return arrival.session.userId;
  }
  const user = await organizationRepository.insertUser(trx, {
    email: arrival.email,
    name: arrival.name,
    password_hash: arrival.passwordHash,
    email_verified: arrival.email.toLowerCase() === linkedEmail.toLowerCase(),
    locale: arrival.locale,
    now,
  });
  return user.id;
}

/**
 * After joining: a new person gets a session; a signed-in one counts as signed in to the
 * organization (its first sign-in).
 */
export async function signInAfterJoining(
  trx: Executor,
  auth: AuthService,
  arrival: Arrival,
  orgId: string,
  userId: string,
  now: Date,
) {
  if (arrival.session) {
    await authRepository.recordFirstSignIn(trx, orgId, userId, now);
    return { session: null, csrfToken: arrival.session.csrfToken };
  }
  const opened = await auth.openSession(trx, userId);
  return { session: opened, csrfToken: opened.csrfToken };
}
