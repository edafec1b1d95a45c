import { randomBytes } from 'node:crypto';
import type { Selectable } from 'kysely';
import { auditEntry, changedFields } from '../audit/changes.ts';
import { auditRepository as audit } from '../audit/repository.ts';
import {
  consumeToken,
  createOneTimeToken,
  findUsableToken,
  recentlyIssued,
  withTimingFloor,
} from '../auth/one-time-tokens.ts';
import type { Actor } from '../auth/permissions.ts';
import { authRepository } from '../auth/repository.ts';
import type { AuthService, SessionUser } from '../auth/service.ts';
import type { Executor } from '../db/types.ts';
import { resolveGroups } from '../groups/membership.ts';
import { acceptedTags, DEFAULT_LOCALE, type Locale, negotiateLocale } from '../i18n/locales.ts';
import { checkLanding, continueFor } from '../invitations/landing-service.ts';
import { organizationEmailLanguage } from '../mail/language.ts';
import type { Outbox } from '../mail/outbox.ts';
import { type Arrival, accountOf, becomeMember, signInAfterJoining } from '../members/onboarding.ts';
import { organizationRepository } from '../organizations/repository.ts';
import { hashPassword, passwordProblem } from '../security/passwords.ts';
import type { Deps } from '../shared/deps.ts';
import { AppError, badRequest, conflict, gone, notFound } from '../shared/errors.ts';
import { canonicalDomain, checkEmail, cleanName } from '../shared/validation.ts';
import { joinRepository as repo } from './repository.ts';
import type { JoinPageDto, JoinPagePatch } from './schemas.ts';
import type { JoinPagesTable } from './tables.ts';

export const VERIFY_LINK_PATH = '/join/verify/';
const TOKEN_TTL_MS = 24 * 60 * 60 * 1000;
const PER_ADDRESS_INTERVAL_MS = 60 * 1000;
const TIMING_FLOOR_MS = 250;
const SLUG = /^[a-z0-9](?:[a-z0-9-]{1,48})[a-z0-9]$/;
const RESERVED_SLUGS = new Set(['verify', 'api', 'admin', 'new']);

export const JOIN_REQUESTED_MESSAGE =
  'If this address can join, we have sent it an email with a link to confirm it. The link works once, for 24 hours.';

type JoinPageRow = Selectable<JoinPagesTable>;

function isUniqueViolation(error: unknown): boolean {
  return (error as { code?: string } | null)?.code === '23505';
}

function slugify(name: string): string {
  const base = name
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 40)
    .replace(/-+$/g, '');
  return base.length >= 3 ? base : `join-${base || randomBytes(2).toString('hex')}`.replace(/-+$/g, '');
}

function cleanSlug(raw: string): string {
  const slug = raw.trim().toLowerCase();
  if (!SLUG.test(slug) || slug.includes('--')) {
    throw badRequest(
      'invalid_slug',
      'Use 3 to 50 lower-case letters, digits and single hyphens, not starting or ending with a hyphen.',
      {
        field: 'slug',
      },
    );
  }
  if (RESERVED_SLUGS.has(slug))
    throw conflict('slug_taken', `"${slug}" is reserved. Choose another.`, { field: 'slug' });
  return slug;
}

function cleanDomains(raw: string[]): string[] {
  const out: string[] = [];
  raw.forEach((value, i) => {
    const typed = value.trim().replace(/^@/, '').replace(/\.$/, '');
    if (!typed) return;
    // Kept as addresses keep theirs: bücher.de and xn--bcher-kva.de are one domain.
    const domain = canonicalDomain(typed);
    if (!domain) {
      throw badRequest('invalid_domain', `"${value}" is not a domain (like example.com).`, {
        field: `allowedDomains[${i}]`,
      });
    }
    if (!out.includes(domain)) out.push(domain);
  });
  return out;
}

function isClosed(page: Pick<JoinPageRow, 'expires_at' | 'max_joins' | 'join_count'>, now: Date): boolean {
  if (page.expires_at && new Date(page.expires_at) <= now) return true;
  return page.max_joins !== null && page.join_count >= page.max_joins;
}

const closedError = () =>
  gone(
    'join_closed',
    'This join page is closed: it has expired or is full. Ask the organization for an invitation.',
  );

/**
 * The public join page (SPEC §3.3). Anyone with the link asks to join with an address; only an
 * address proven by the emailed single-use link becomes a member, with the page's default role and
 * groups. Answers never reveal whether an address is known. Joining leaves any open invitation for
 * the address as it is (it will be refused as "already a member" if accepted later).
 */
export function createJoinService(
  deps: Pick<Deps, 'db' | 'clock' | 'config'>,
  auth: AuthService,
  outbox: Outbox,
) {
  const { db, clock, config } = deps;
  const urlFor = (slug: string) => `${config.appUrl}/join/${slug}`;

  function present(page: Omit<JoinPageRow, 'org_id' | 'updated_at'>): JoinPageDto {
    return {
      enabled: page.enabled,
      slug: page.slug,
      allowedDomains: page.allowed_domains,
      defaultRole: page.default_role,
      defaultGroupIds: page.default_group_ids,
      expiresAt: page.expires_at ? new Date(page.expires_at).toISOString() : null,
      maxJoins: page.max_joins,
      joinCount: page.join_count,
      url: urlFor(page.slug),
      appId: page.app_id,
      returnPath: page.return_path,
    };
  }

  /** A free slug from the organization's name (a suffix when taken). */
  async function suggestSlug(executor: Executor, orgId: string): Promise<string> {
    const org = await organizationRepository.findById(executor, orgId);
    const base = slugify(org?.name ?? 'join');
    if (!RESERVED_SLUGS.has(base) && !(await repo.slugTaken(executor, base, orgId))) return base;
    return `${base.slice(0, 40)}-${randomBytes(3).toString('hex')}`;
  }

  /** The page behind a public slug, open or not; 404 when unknown or switched off. */
  async function openPage(slug: string) {
    const clean = slug.trim().toLowerCase();
    if (!SLUG.test(clean)) throw notFound('Join page');
    const page = await repo.findBySlug(db, clean);
    if (!page?.enabled) throw notFound('Join page');
    return page;
  }

  return {
    /**
     * The page's settings. An organization that never saved its page is shown a link, so that link
     * is kept for it from the first look (the page stays off): a link copied before the page is
     * switched on cannot meanwhile be taken by another organization.
     */
    async settings(actor: Actor): Promise<JoinPageDto> {
      const page = await repo.findByOrg(db, actor.orgId);
      if (page) return present(page);
      for (let attempt = 0; attempt < 3; attempt++) {
        const slug = await suggestSlug(db, actor.orgId);
        const reserved = await repo.reserve(db, actor.orgId, slug, clock.now());
        if (reserved) return present(reserved);
        // Another request saved this organization's page meanwhile, or took the slug first.
        const saved = await repo.findByOrg(db, actor.orgId);
        if (saved) return present(saved);
      }
      throw new Error('no free join-page slug after three tries');
    },

    async updateSettings(actor: Actor, patch: JoinPagePatch): Promise<JoinPageDto> {
      if (patch.defaultRole === 'owner' || patch.defaultRole === 'admin') {
        throw badRequest(
          'role_not_allowed',
          'People joining through the page can be hr, curator, manager or learner.',
          { field: 'defaultRole' },
        );
      }
      let expiresAt: Date | null | undefined;
      if (patch.expiresAt !== undefined) {
        expiresAt = patch.expiresAt === null ? null : new Date(patch.expiresAt);
        if (expiresAt && Number.isNaN(expiresAt.getTime()))
          throw badRequest('invalid_date', '"expiresAt" is not a date.', { field: 'expiresAt' });
      }
      const slug = patch.slug === undefined ? undefined : cleanSlug(patch.slug);
      const domains = patch.allowedDomains === undefined ? undefined : cleanDomains(patch.allowedDomains);
      try {
        const row = await db.transaction().execute(async (trx) => {
          let groupIds: string[] | undefined;
          if (patch.defaultGroupIds !== undefined) {
            try {
              groupIds = (await resolveGroups(trx, actor.orgId, patch.defaultGroupIds)).map((g) => g.id);
            } catch (error) {
              if (error instanceof AppError)
                throw new AppError(400, error.code, error.message, {
                  details: { ...error.details, field: 'defaultGroupIds' },
                });
              throw error;
            }
          }
          const existing = await repo.findByOrg(trx, actor.orgId);
          // The app and return path are checked together: a new app re-checks the kept path.
          let landing: { app_id: string | null; return_path: string | null } | undefined;
          if (patch.appId !== undefined || patch.returnPath !== undefined) {
            landing = await checkLanding(trx, actor.orgId, {
              appId: patch.appId !== undefined ? patch.appId : (existing?.app_id ?? null),
              // Removing the app removes its return path.
              returnPath:
                patch.returnPath !== undefined
                  ? patch.returnPath
                  : patch.appId === null
                    ? null
                    : (existing?.return_path ?? null),
            });
          }
          const finalSlug = slug ?? existing?.slug ?? (await suggestSlug(trx, actor.orgId));
          if (await repo.slugTaken(trx, finalSlug, actor.orgId)) throw slugTaken(finalSlug);
          const saved = await repo.upsert(trx, actor.orgId, {
            slug: finalSlug,
            ...(patch.enabled !== undefined ? { enabled: patch.enabled } : {}),
            ...(domains !== undefined ? { allowed_domains: domains } : {}),
            ...(patch.defaultRole !== undefined
              ? { default_role: patch.defaultRole as JoinPageRow['default_role'] }
              : {}),
            ...(groupIds !== undefined ? { default_group_ids: groupIds } : {}),
            ...(expiresAt !== undefined ? { expires_at: expiresAt } : {}),
            ...(patch.maxJoins !== undefined ? { max_joins: patch.maxJoins } : {}),
            ...(landing ?? {}),
            updated_at: clock.now(),
            saved_at: existing?.saved_at ?? clock.now(),
          });
          const {
            joinCount: _before,
            url: _oldUrl,
            ...was
          } = existing?.saved_at ? present(existing) : ({} as JoinPageDto);
          const { joinCount: _after, url: _newUrl, ...now } = present(saved);
          const changes = changedFields(was, now);
          if (changes)
            await audit.record(trx, [
              auditEntry(
                actor,
                clock.now(),
                existing?.saved_at ? 'join_page.changed' : 'join_page.created',
                { type: 'join_page', id: actor.orgId, label: saved.slug },
                changes,
              ),
            ]);
          return saved;
        });
        return present(row);
      } catch (error) {
        if (isUniqueViolation(error)) throw slugTaken(slug ?? '');
        throw error;
      }
    },

    /**
     * The page in the reader's language: the one they chose (`lang`, from the page's switcher) if
     * the organization allows it, else the first their browser asks for that it allows.
     */
    async publicPage(slug: string, acceptLanguage?: string, lang?: string) {
      const page = await openPage(slug);
      if (isClosed(page, clock.now())) throw closedError();
      const languages = page.allowed_locales as Locale[];
      const wanted = [...(lang ? [lang] : []), ...acceptedTags(acceptLanguage)];
      return {
        organization: { name: page.org_name },
        allowedDomains: page.allowed_domains,
        locale: negotiateLocale(wanted, languages, page.default_locale as Locale),
        languages,
      };
    },

    /**
     * Asks to join: the same 202 whether the address is new, has an account, is already a member or
     * was asked for a minute ago. Only an address outside the page's (public) allowed domains is
     * refused, with 400. The email is in the language the page was shown in (when the organization
     * allows it), else the one the browser asks for among those allowed, else the organization's.
     */
    async request(
      slug: string,
      rawEmail: string,
      pageLocale: Locale | null = null,
      acceptLanguage?: string,
    ): Promise<{ message: string }> {
      const page = await openPage(slug);
      if (isClosed(page, clock.now())) throw closedError();
      const checked = checkEmail(rawEmail);
      if (!checked.ok) throw badRequest(checked.code, checked.message, { field: 'email' });
      const email = checked.email;
      const domain = email.slice(email.lastIndexOf('@') + 1);
      if (page.allowed_domains.length > 0 && !page.allowed_domains.includes(domain)) {
        throw badRequest(
          'domain_not_allowed',
          `Only addresses at ${page.allowed_domains.join(', ')} can join.`,
          { field: 'email' },
        );
      }
      await withTimingFloor(TIMING_FLOOR_MS, async () => {
        const now = clock.now();
        await db.transaction().execute(async (trx) => {
          if (
            await recentlyIssued(
              trx,
              'join',
              email,
              page.org_id,
              new Date(now.getTime() - PER_ADDRESS_INTERVAL_MS),
            )
          )
            return;
          const ott = await createOneTimeToken(trx, config.secretKey, {
            purpose: 'join',
            orgId: page.org_id,
            email,
            now,
            ttlMs: TOKEN_TTL_MS,
          });
          await outbox.queue(trx, {
            orgId: page.org_id,
            kind: 'join_verification',
            to: email,
            language: organizationEmailLanguage(
              page,
              negotiateLocale(
                [...(pageLocale ? [pageLocale] : []), ...acceptedTags(acceptLanguage)],
                page.allowed_locales as Locale[],
                page.default_locale as Locale,
              ),
            ),
            vars: { organizationName: page.org_name, recipientEmail: email, expiresAt: ott.expiresAt },
            link: { path: VERIFY_LINK_PATH, ottId: ott.id },
          });
        });
      });
      return { message: JOIN_REQUESTED_MESSAGE };
    },

    /** What the verification page shows. Opening it changes nothing. */
    async inspect(token: string) {
      const row = await findUsableToken(db, config.secretKey, 'join', token, clock.now());
      const page = await repo.findByOrg(db, row.org_id!);
      if (!page?.enabled || isClosed(page, clock.now())) throw closedError();
      const org = await organizationRepository.findById(db, row.org_id!);
      const account = await authRepository.findUserByEmail(db, row.email!);
      const member = await repo.findMemberByEmail(db, row.org_id!, row.email!);
      return {
        organization: { name: org!.name },
        email: row.email!,
        accountExists: Boolean(account),
        alreadyMember: Boolean(member),
      };
    },

    /**
     * Completes a join: a new person gives name and password (their account speaks the page's
     * language: `locale`, else their browser's among the organization's); someone with an account is
     * signed in with that address and keeps their language. Single use (the token is consumed atomically) and counted against the cap.
     */
    async confirm(
      token: string,
      session: SessionUser | null,
      body: { name?: string; password?: string; locale?: Locale },
      acceptLanguage?: string,
    ) {
      const probe = await findUsableToken(db, config.secretKey, 'join', token, clock.now());
      const email = probe.email!;
      const orgId = probe.org_id!;
      let newUser: { name: string; hash: string } | null = null;
      if (session) {
        if (session.email.toLowerCase() !== email.toLowerCase()) {
          throw new AppError(
            403,
            'email_mismatch',
            `You are signed in as ${session.email}, but this link is for ${email}. Sign out and open the link again.`,
          );
        }
      } else {
        const existing = await authRepository.findUserByEmail(db, email);
        if (existing) {
          // A confirmation of this same link may have made the account a moment ago: the link is used then.
          await findUsableToken(db, config.secretKey, 'join', token, clock.now());
          throw conflict('account_exists', 'You already have an account: sign in, then open the link again.');
        }
        if (!body.name || !body.password) {
          throw badRequest('invalid_request', 'Give your name and a password.', {
            field: body.name ? 'password' : 'name',
          });
        }
        const name = cleanName(body.name, 'name');
        const weak = passwordProblem(body.password, [name, email.split('@')[0]!]);
        if (weak) throw badRequest('weak_password', weak, { field: 'password' });
        newUser = { name, hash: await hashPassword(body.password) };
      }
      try {
        return await db.transaction().execute(async (trx) => {
          const now = clock.now();
          if (!(await consumeToken(trx, probe.id, now))) {
            await findUsableToken(trx, config.secretKey, 'join', token, now);
            throw gone('used', 'This link has already been used.');
          }
          if (await repo.findMemberByEmail(trx, orgId, email)) {
            throw conflict(
              'already_member',
              'This address is already a member of the organization. Sign in instead.',
            );
          }
          const taken = await repo.takeJoin(trx, orgId, now);
          if (!taken) throw closedError();
          const arrival: Arrival = session
            ? { session }
            : {
                session: null,
                email,
                name: newUser!.name,
                passwordHash: newUser!.hash,
                locale: body.locale ?? (await localeShownTo(trx, orgId, acceptLanguage)),
              };
          const userId = await accountOf(trx, arrival, email, now);
          const groupIds = await repo.groupIdsOfOrg(trx, orgId, taken.default_group_ids);
          await becomeMember(trx, { orgId, userId, role: taken.default_role, groupIds, now });
          const signedIn = await signInAfterJoining(trx, auth, arrival, orgId, userId, now);
          return { orgId, userId, ...signedIn, continueTo: await continueFor(trx, orgId, taken) };
        });
      } catch (error) {
        // Two confirmations racing to create the same account or membership: one wins.
        if (isUniqueViolation(error)) throw gone('used', 'This link has already been used.');
        throw error;
      }
    },
  };
}

/** The language the join page spoke to this browser: its wanted language the organization allows. */
async function localeShownTo(trx: Executor, orgId: string, acceptLanguage?: string): Promise<Locale> {
  const org = await organizationRepository.findById(trx, orgId);
  return negotiateLocale(
    acceptedTags(acceptLanguage),
    (org?.allowed_locales ?? []) as Locale[],
    (org?.default_locale ?? DEFAULT_LOCALE) as Locale,
  );
}

function slugTaken(slug: string) {
  return conflict(
    'slug_taken',
    slug ? `The address /join/${slug} is taken. Choose another.` : 'That address is taken. Choose another.',
    {
      field: 'slug',
    },
  );
}

export type JoinService = ReturnType<typeof createJoinService>;
