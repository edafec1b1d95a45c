import type { AuthService, SessionUser } from '../auth/service.ts';
import { releaseCredit } from '../credits/service.ts';
import type { Executor, Invitation } from '../db/types.ts';
import { AppError, badRequest, conflict, notFound } from '../http/errors.ts';
import { organizationRepository } from '../organizations/repository.ts';
import { hashPassword, passwordProblem } from '../security/passwords.ts';
import type { Deps } from '../shared/deps.ts';
import { cleanName } from '../shared/validation.ts';
import { completeAcceptance, deadLinkError } from './acceptance.ts';
import { effectiveStatus } from './lifecycle.ts';
import { invitationRepository as repo } from './repository.ts';

/** What the invitee does through the link. Opening (GET) never changes anything. */
export function createInvitationPublicService(deps: Deps, auth: AuthService) {
  const { db, clock, links } = deps;

  /** Finds the invitation a token names; a token for an older link version is "replaced". */
  async function resolve(executor: Executor, token: string, lock: boolean): Promise<Invitation> {
    const parsed = links.parse(token);
    if (!parsed) throw notFound('Invitation');
    const inv = lock
      ? await repo.findByIdForUpdate(executor, parsed.id)
      : await executor.selectFrom('invitations').selectAll().where('id', '=', parsed.id).executeTakeFirst();
    if (!inv) throw notFound('Invitation');
    const match = links.matchVersion(inv.id, parsed.mac, inv.link_version);
    if (match === 'invalid') throw notFound('Invitation');
    if (match === 'older') {
      // Whatever became of the invitation, this particular link was superseded by a newer email.
      throw new AppError(
        410,
        'replaced',
        'This link was replaced by a newer invitation email. Use the link in the most recent email.',
      );
    }
    return inv;
  }

  return {
    async view(token: string) {
      const inv = await resolve(db, token, false);
      const dead = deadLinkError(inv, clock.now());
      if (dead) throw dead;
      const org = await organizationRepository.findById(db, inv.org_id);
      const account = await db
        .selectFrom('users')
        .select('id')
        .where('email', '=', inv.email)
        .executeTakeFirst();
      return {
        status: effectiveStatus(inv, clock.now()),
        organization: { name: org!.name },
        email: inv.email,
        expiresAt: inv.expires_at!.toISOString(),
        accountExists: Boolean(account),
        inviterName: inv.created_by_name,
        role: inv.role,
        message: inv.message,
      };
    },

    /**
     * Single-use and atomic: the row lock serialises concurrent accepts; the first commits
     * `accepted`, every other one then sees it and answers 410.
     */
    async accept(token: string, session: SessionUser | null, body: { name?: string; password?: string }) {
      let newUser: { name: string; hash: string } | null = null;
      if (!session) {
        if (!body.name || !body.password) {
          const probe = await resolve(db, token, false);
          const dead = deadLinkError(probe, clock.now());
          if (dead) throw dead;
          throw badRequest('invalid_request', 'Give your name and a password, or sign in first.', {
            field: body.name ? 'password' : 'name',
          });
        }
        const name = cleanName(body.name, 'name');
        const probe = await resolve(db, token, false);
        const weak = passwordProblem(body.password, [name, probe.email.split('@')[0]!]);
        if (weak) throw badRequest('weak_password', weak, { field: 'password' });
        newUser = { name, hash: await hashPassword(body.password) };
      }
      return db.transaction().execute(async (trx) => {
        const inv = await resolve(trx, token, true);
        const now = clock.now();
        const dead = deadLinkError(inv, now);
        if (dead) throw dead;
        let userId: string;
        if (session) {
          if (session.email.toLowerCase() !== inv.email.toLowerCase()) {
            throw new AppError(
              403,
              'email_mismatch',
              `You are signed in as ${session.email}, but this invitation is for ${inv.email}. Sign out and open the link again.`,
            );
          }
          userId = session.userId;
        } else {
          const existing = await trx
            .selectFrom('users')
            .select('id')
            .where('email', '=', inv.email)
            .executeTakeFirst();
          if (existing)
            throw conflict(
              'account_exists',
              'You already have an account: sign in to accept the invitation.',
            );
          const user = await organizationRepository.insertUser(trx, {
            email: inv.email,
            name: newUser!.name,
            password_hash: newUser!.hash,
            now,
          });
          userId = user.id;
        }
        const accepted = await completeAcceptance(
          trx,
          inv,
          userId,
          { type: 'invitee', id: userId, name: null },
          'accepted',
          now,
        );
        const opened = session ? null : await auth.openSession(trx, userId);
        if (session) {
          await trx
            .updateTable('members')
            .set({ last_sign_in_at: now, first_sign_in_at: now, updated_at: now })
            .where('org_id', '=', inv.org_id)
            .where('user_id', '=', userId)
            .where('first_sign_in_at', 'is', null)
            .execute();
        }
        return {
          invitation: accepted,
          userId,
          session: opened,
          csrfToken: opened?.csrfToken ?? session!.csrfToken,
        };
      });
    },

    async decline(token: string) {
      return db.transaction().execute(async (trx) => {
        const inv = await resolve(trx, token, true);
        const now = clock.now();
        const dead = deadLinkError(inv, now);
        if (dead) throw dead;
        await repo.update(trx, inv.org_id, inv.id, {
          status: 'declined',
          last_event_type: 'declined',
          last_event_at: now,
          updated_at: now,
        });
        await releaseCredit(trx, inv, null, now);
        await repo.insertEvents(trx, [
          {
            orgId: inv.org_id,
            invitationId: inv.id,
            type: 'declined',
            actor: { type: 'invitee', id: null, name: null },
            at: now,
          },
        ]);
        await trx
          .updateTable('emails')
          .set({ status: 'cancelled', last_response: 'invitation declined' })
          .where('invitation_id', '=', inv.id)
          .where('status', '=', 'queued')
          .execute();
        return { status: 'declined' as const };
      });
    },
  };
}
