import { authRepository } from '../auth/repository.ts';
import type { AuthService, SessionUser } from '../auth/service.ts';
import { publicLook } from '../branding/look.ts';
import { brandingRepository } from '../branding/repository.ts';
import type { Executor, Invitation } from '../db/types.ts';
import type { Locale } from '../i18n/locales.ts';
import type { Outbox } from '../mail/outbox.ts';
import { type Arrival, accountOf, signInAfterJoining } from '../members/onboarding.ts';
import { organizationRepository } from '../organizations/repository.ts';
import { hashPassword, passwordProblem } from '../security/passwords.ts';
import type { Deps } from '../shared/deps.ts';
import { AppError, badRequest, conflict, notFound } from '../shared/errors.ts';
import { SYSTEM_ACTORS } from '../shared/system-actors.ts';
import { cleanName } from '../shared/validation.ts';
import { invitationEmailRepository } from './email-repository.ts';
import { continueFor } from './landing-service.ts';
import { effectiveStatus } from './lifecycle.ts';
import { invitationRepository as repo } from './repository.ts';
import { accept, deadLinkError } from './transitions/accept.ts';
import { decline } from './transitions/decline.ts';
import { requestRenewal } from './transitions/request-renewal.ts';

/**
 * How long after a plain fetch of the invitee page a browser's "viewed" must arrive for the fetch
 * to count as the person's own. Past it, the fetch is recorded as a link check: mail scanners and
 * chat previews fetch the page but never run its script.
 */
export const LINK_CHECK_GRACE_MS = 120_000;

export interface LinkCheckJob {
  invitationId: string;
  fetchedAt: string;
}

/** Opening: what the history records, and who it says did it. */
const INVITEE = { type: 'invitee' as const, id: null, name: null };
const LINK_CHECKER = { type: 'system' as const, id: null, name: SYSTEM_ACTORS.link_checker };

/** What the invitee does through the link. Opening (GET) never changes anything. */
/** Statuses an invitation keeps for good: its older links say what happened rather than "replaced". */
const FINAL = new Set<Invitation['status']>(['accepted', 'cancelled', 'declined']);

export function createInvitationPublicService(deps: Deps, auth: AuthService, outbox: Outbox) {
  const { db, clock, links } = deps;
  const ctx = { outbox, queue: deps.queue, config: deps.config };

  /** The organization as its invitee pages show it: name, logo, accent. */
  async function organizationOf(executor: Executor, orgId: string) {
    const [org] = await brandingRepository.forOrganizations(executor, [orgId]);
    return { name: org!.name, ...publicLook(deps.config.appUrl, org!) };
  }

  /**
   * A dead link's answer, with what its page shows: the organization, for an expired invitation
   * who sent it (the page offers to ask them for a new one), and for an accepted one the
   * organization's id (the page of a member signed in leads there). Every answer of a dead link
   * (its view, accept, decline, viewed) carries them. Only a holder of the signed link gets this far.
   */
  async function explained(executor: Executor, dead: AppError, inv: Invitation): Promise<AppError> {
    if (dead.status !== 410) return dead;
    return new AppError(dead.status, dead.code, dead.message, {
      details: {
        organization: await organizationOf(executor, inv.org_id),
        ...(dead.code === 'expired' ? { inviterName: inv.created_by_name, canRequestNew: true } : {}),
        ...(dead.code === 'accepted' ? { organizationId: inv.org_id } : {}),
      },
    });
  }

  /**
   * Finds the invitation a token names. A token for an older link version is "replaced" (with the
   * organization, as a dead link's page shows it) while the invitation is still open; once it was
   * accepted, cancelled or declined, every link of it answers that, as the newest would (callers
   * check that before anything else).
   */
  async function resolve(executor: Executor, token: string, lock: boolean): Promise<Invitation> {
    const parsed = links.parse(token);
    if (!parsed) throw notFound('Invitation');
    const inv = lock
      ? await repo.findByIdForUpdate(executor, parsed.id)
      : await repo.findByLinkId(executor, parsed.id);
    if (!inv) throw notFound('Invitation');
    const match = links.matchVersion(inv.id, parsed.mac, inv.link_version);
    if (match === 'invalid') throw notFound('Invitation');
    if (match === 'older' && !FINAL.has(inv.status)) {
      throw new AppError(
        410,
        'replaced',
        'This link was replaced by a newer invitation email. Use the link in the most recent email.',
        { details: { organization: await organizationOf(executor, inv.org_id) } },
      );
    }
    return inv;
  }

  return {
    async view(token: string) {
      const inv = await resolve(db, token, false);
      const dead = deadLinkError(inv, clock.now());
      if (dead) throw await explained(db, dead, inv);
      const org = await organizationRepository.findById(db, inv.org_id);
      const account = await authRepository.findUserByEmail(db, inv.email);
      const groups = [
        ...(await invitationEmailRepository.groupsWithTrainings(db, inv.org_id, inv.group_ids)).values(),
      ];
      return {
        status: effectiveStatus(inv, clock.now()),
        organization: await organizationOf(db, inv.org_id),
        groups: groups.map((g) => g.name).sort((a, b) => a.localeCompare(b)),
        trainings: [...new Set(groups.flatMap((g) => g.trainings))],
        email: inv.email,
        expiresAt: inv.expires_at!.toISOString(),
        accountExists: Boolean(account),
        inviterName: inv.created_by_name,
        role: inv.role,
        message: inv.message,
        // The page speaks the invitation's language, and offers the organization's others.
        locale: (inv.locale ?? org!.default_locale) as Locale,
        languages: org!.allowed_locales as Locale[],
      };
    },

    /**
     * Single-use and atomic: the row lock serialises concurrent accepts; the first commits
     * `accepted`, every other one then sees it and answers 410.
     */
    /**
     * A new account starts in the language the page was shown in (`locale`), else the
     * invitation's; a signed-in person keeps theirs.
     */
    async accept(
      token: string,
      session: SessionUser | null,
      body: { name?: string; password?: string; locale?: Locale },
    ) {
      let newUser: { name: string; hash: string } | null = null;
      if (!session) {
        if (!body.name || !body.password) {
          const probe = await resolve(db, token, false);
          const dead = deadLinkError(probe, clock.now());
          if (dead) throw await explained(db, dead, probe);
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
        if (dead) throw await explained(trx, dead, inv);
        if (session && session.email.toLowerCase() !== inv.email.toLowerCase()) {
          throw new AppError(
            403,
            'email_mismatch',
            `You are signed in as ${session.email}, but this invitation is for ${inv.email}. Sign out and open the link again.`,
          );
        }
        if (!session && (await authRepository.findUserByEmail(trx, inv.email)))
          throw conflict('account_exists', 'You already have an account: sign in to accept the invitation.');
        const locale =
          body.locale ??
          ((inv.locale ??
            (await organizationRepository.findById(trx, inv.org_id))?.default_locale) as Locale);
        const arrival: Arrival = session
          ? { session }
          : { session: null, email: inv.email, name: newUser!.name, passwordHash: newUser!.hash, locale };
        const userId = await accountOf(trx, arrival, inv.email, now);
        const accepted = await accept(
          trx,
          inv,
          userId,
          { type: 'invitee', id: userId, name: null },
          'accepted',
          now,
        );
        const signedIn = await signInAfterJoining(trx, auth, arrival, inv.org_id, userId, now);
        const continueTo = await continueFor(trx, inv.org_id, inv);
        return { invitation: accepted, userId, ...signedIn, continueTo };
      });
    },

    /**
     * The invitee page's script reports that it showed the invitation in a browser: a `viewed`
     * event, once per invitation; status and everything else stay as they are. A dead link
     * answers like the page's GET (404/410).
     */
    async viewed(token: string): Promise<void> {
      await db.transaction().execute(async (trx) => {
        const inv = await resolve(trx, token, true);
        const now = clock.now();
        const dead = deadLinkError(inv, now);
        if (dead) throw await explained(trx, dead, inv);
        if (await repo.hasEventOf(trx, inv.id, ['viewed'])) return;
        await repo.insertEvents(trx, [
          { orgId: inv.org_id, invitationId: inv.id, type: 'viewed', actor: INVITEE, at: now },
        ]);
      });
    },

    /**
     * The invitee page (HTML) was fetched with this token. Nothing is written now: a check runs
     * after LINK_CHECK_GRACE_MS and records `link_checked` if no browser reported a view by then.
     * Unknown or dead links, and invitations already viewed or checked, are left alone.
     */
    async notePageFetch(token: string): Promise<void> {
      const parsed = links.parse(token);
      if (!parsed) return;
      const inv = await repo.findByLinkId(db, parsed.id);
      if (!inv || links.matchVersion(inv.id, parsed.mac, inv.link_version) !== 'current') return;
      const now = clock.now();
      if (deadLinkError(inv, now)) return;
      if (await repo.hasEventOf(db, inv.id, ['viewed', 'link_checked'])) return;
      const job: LinkCheckJob = { invitationId: inv.id, fetchedAt: now.toISOString() };
      // One waiting check per invitation, however often scanners fetch it.
      await deps.queue.enqueue(db, 'invitation.link-check', job, {
        startAfter: new Date(now.getTime() + LINK_CHECK_GRACE_MS),
        singletonKey: inv.id,
      });
    },

    /** Job: the page was fetched a while ago; no view since means no person opened it then. */
    async recordLinkCheck(job: LinkCheckJob): Promise<boolean> {
      return db.transaction().execute(async (trx) => {
        const inv = await repo.findByIdForUpdate(trx, job.invitationId);
        if (!inv) return false;
        if (await repo.hasEventOf(trx, inv.id, ['viewed', 'link_checked'])) return false;
        await repo.insertEvents(trx, [
          {
            orgId: inv.org_id,
            invitationId: inv.id,
            type: 'link_checked',
            actor: LINK_CHECKER,
            at: new Date(job.fetchedAt),
          },
        ]);
        return true;
      });
    },

    /**
     * "Ask for a new invitation" on an expired link's page. The answer is the same whatever the
     * token (unknown, forged, replaced, not expired, asked already): nothing tells a stranger
     * whether a link exists. See requestRenewal for who is told, and how often.
     */
    async requestNew(token: string): Promise<void> {
      const parsed = links.parse(token);
      if (!parsed) return;
      await db.transaction().execute(async (trx) => {
        const inv = await repo.findByIdForUpdate(trx, parsed.id);
        if (!inv || links.matchVersion(inv.id, parsed.mac, inv.link_version) !== 'current') return;
        await requestRenewal(ctx, trx, inv, INVITEE, clock.now());
      });
    },

    async decline(token: string) {
      return db.transaction().execute(async (trx) => {
        const inv = await resolve(trx, token, true);
        const now = clock.now();
        const dead = deadLinkError(inv, now);
        if (dead) throw await explained(trx, dead, inv);
        await decline(trx, inv, INVITEE, now);
        return { status: 'declined' as const };
      });
    },
  };
}

export type InvitationPublicService = ReturnType<typeof createInvitationPublicService>;
