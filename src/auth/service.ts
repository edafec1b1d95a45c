import { apiKeyRepository } from '../api-keys/repository.ts';
import { keyStanding } from '../api-keys/standing.ts';
import type { Executor, Role } from '../db/types.ts';
import type { Locale } from '../i18n/locales.ts';
import { burnPasswordCheck, hashPassword, passwordProblem, verifyPassword } from '../security/passwords.ts';
import { hashToken } from '../security/tokens.ts';
import type { Deps } from '../shared/deps.ts';
import { minutesText } from '../shared/durations.ts';
import { AppError, badRequest, tooManyRequests, unauthorized } from '../shared/errors.ts';
import { canonicalTimeZone } from '../shared/time-zone.ts';
import { checkEmail } from '../shared/validation.ts';
import { authRepository as repo } from './repository.ts';
import type { SigninThrottle } from './signin-throttle.ts';
import { isTrustedDevice, trustedDeviceToken } from './trusted-device.ts';

const SESSION_DAYS = 14;

export interface SessionUser {
  sessionId: string;
  csrfToken: string;
  userId: string;
  email: string;
  name: string;
  mustChangePassword: boolean;
  /** The console language and time zone the person chose; null: the browser's. */
  locale: string | null;
  timeZone: string | null;
}

export interface ApiKeyCaller {
  id: string;
  orgId: string;
  name: string;
  role: Role;
  permissions: string[];
  managedGroupIds: string[];
}

const signInPaused = (seconds: number) =>
  tooManyRequests(
    `Too many failed sign-ins with this address. Try again in ${minutesText(Math.ceil(seconds / 60))}, or reset your password.`,
    seconds,
    'sign_in_paused',
  );

export function createAuthService(
  deps: Pick<Deps, 'db' | 'clock' | 'tokens' | 'config'>,
  throttle: SigninThrottle,
) {
  /** Opens a session for a user inside the caller's transaction; returns the cookie value. */
  async function openSession(db: Executor, userId: string) {
    const token = deps.tokens.random(32);
    const csrfToken = deps.tokens.random(24);
    const now = deps.clock.now();
    await repo.insertSession(db, {
      token_hash: hashToken(token),
      user_id: userId,
      csrf_token: csrfToken,
      created_at: now,
      expires_at: new Date(now.getTime() + SESSION_DAYS * 86_400_000),
    });
    await repo.recordSignIn(db, userId, now);
    return { token, csrfToken, maxAgeSeconds: SESSION_DAYS * 86_400 };
  }

  return {
    openSession,

    /**
     * Checks a password, counting the attempt against the address first (signin-throttle.ts):
     * while the address is paused, every attempt answers 429, right password or not, known
     * address or not, except the right password from a browser that signed in to the account
     * before (trusted-device.ts).
     */
    async signIn(typedEmail: string, password: string, deviceToken?: string) {
      // The address as accounts keep it (full-width signs, an internationalised domain's spelling).
      const checked = checkEmail(typedEmail);
      const email = checked.ok ? checked.email : typedEmail.trim();
      const user = await repo.findUserByEmail(deps.db, email);
      const now = deps.clock.now();
      const trustedDevice = user ? isTrustedDevice(deps.config.secretKey, deviceToken, user.id, now) : false;
      const admission = await throttle.admit(email, { trustedDevice });
      if (!admission.admitted) throw signInPaused(admission.retryAfterSeconds);
      // An unknown address still costs a password check: timing does not tell them apart.
      if (!user) await burnPasswordCheck(password);
      if (!user || !(await verifyPassword(password, user.password_hash))) {
        if (admission.trustedDuringPause) {
          await throttle.recordDeviceFailure(email);
          throw signInPaused(admission.retryAfterSeconds);
        }
        await throttle.recordFailure(email, user);
        throw new AppError(401, 'invalid_credentials', 'The email address or password is incorrect.');
      }
      // Let in past a pause, the person leaves it standing for whoever caused it.
      if (!admission.trustedDuringPause) await throttle.clear(email);
      const memberships = await repo.listMemberships(deps.db, user.id);
      if (memberships.length > 0 && memberships.every((m) => m.status === 'deactivated')) {
        throw new AppError(
          403,
          'account_deactivated',
          'Your account has been deactivated. Ask an administrator.',
        );
      }
      const session = await deps.db.transaction().execute((trx) => openSession(trx, user.id));
      return { user, session, deviceToken: trustedDeviceToken(deps.config.secretKey, user.id, now) };
    },

    async resolveSession(token: string): Promise<SessionUser | undefined> {
      return repo.findSessionByTokenHash(deps.db, hashToken(token), deps.clock.now());
    },

    /** What resolveSession looks a token's session up by, for a statement that reads it with other rows. */
    sessionKey(token: string) {
      return { tokenHash: hashToken(token), now: deps.clock.now() };
    },

    async signOut(sessionId: string) {
      await repo.deleteSession(deps.db, sessionId);
    },

    /** The key's organization and what it may do now; 401 when it does not work (any more). */
    async resolveApiKey(key: string): Promise<ApiKeyCaller> {
      const row = await apiKeyRepository.findByHashWithCreator(deps.db, hashToken(key), deps.clock.now());
      if (!row) throw unauthorized('The API key is invalid or revoked.');
      const standing = keyStanding(row);
      switch (standing.state) {
        case 'revoked':
          throw unauthorized('The API key is invalid or revoked.');
        case 'creator_deactivated':
          throw new AppError(
            401,
            'api_key_creator_deactivated',
            'The person who created this API key has been deactivated, so the key no longer works. Create a new key.',
          );
        case 'creator_removed':
          throw new AppError(
            401,
            'api_key_creator_removed',
            'The person who created this API key is no longer a member of the organization, so the key no longer works. Create a new key.',
          );
      }
      const { role, permissions } = standing.rights;
      const managedGroupIds =
        role === 'manager' && row.creator_member_id
          ? await repo.managedGroupIds(deps.db, row.creator_member_id)
          : [];
      return { id: row.id, orgId: row.org_id, name: row.name, role, permissions, managedGroupIds };
    },

    async changePassword(user: SessionUser, currentPassword: string | undefined, newPassword: string) {
      const row = await repo.findUserById(deps.db, user.userId);
      if (!row) throw unauthorized();
      // A forced change after an admin-set password still proves knowledge of the temporary one.
      if (!(await verifyPassword(currentPassword ?? '', row.password_hash))) {
        throw new AppError(400, 'invalid_current_password', 'The current password is incorrect.', {
          details: { field: 'currentPassword' },
        });
      }
      const problem = passwordProblem(newPassword, [row.email.split('@')[0] ?? '', row.name]);
      if (problem) throw badRequest('weak_password', problem, { field: 'newPassword' });
      const hash = await hashPassword(newPassword);
      await deps.db.transaction().execute(async (trx) => {
        await repo.updatePassword(trx, row.id, hash, false, deps.clock.now());
        await repo.deleteOtherSessions(trx, row.id, user.sessionId);
      });
    },

    /** The console language and time zone a person chose; null returns to the browser's. */
    async updatePreferences(user: SessionUser, prefs: { locale: Locale | null; timeZone: string | null }) {
      let timeZone: string | null = null;
      if (prefs.timeZone !== null) {
        timeZone = canonicalTimeZone(prefs.timeZone);
        if (!timeZone)
          throw badRequest(
            'invalid_time_zone',
            `"${prefs.timeZone}" is not a time zone name such as Asia/Tokyo.`,
            {
              field: 'timeZone',
            },
          );
      }
      await repo.updatePreferences(
        deps.db,
        user.userId,
        { locale: prefs.locale, timeZone },
        deps.clock.now(),
      );
      return { ...user, locale: prefs.locale, timeZone };
    },

    memberships(userId: string) {
      return repo.listMemberships(deps.db, userId);
    },
  };
}

export type AuthService = ReturnType<typeof createAuthService>;
