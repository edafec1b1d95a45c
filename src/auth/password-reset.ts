import { personalEmailLanguage } from '../mail/language.ts';
import type { Outbox } from '../mail/outbox.ts';
import { hashPassword, passwordProblem } from '../security/passwords.ts';
import type { Deps } from '../shared/deps.ts';
import { badRequest, gone } from '../shared/errors.ts';
import { checkEmail } from '../shared/validation.ts';
import { oneTimeTokenRepository } from './one-time-token-repository.ts';
import {
  consumeToken,
  createOneTimeToken,
  findUsableToken,
  recentlyIssued,
  withTimingFloor,
} from './one-time-tokens.ts';
import { authRepository } from './repository.ts';
import type { SigninThrottle } from './signin-throttle.ts';
import { trustedDeviceToken } from './trusted-device.ts';

export const RESET_LINK_PATH = '/reset-password/';
const TTL_MS = 60 * 60 * 1000;
/** One reset email per address per minute, whatever the caller does. */
const PER_ADDRESS_INTERVAL_MS = 60 * 1000;
const TIMING_FLOOR_MS = 250;

export const RESET_REQUESTED_MESSAGE =
  'If an account uses this address, we have sent it an email with a link to choose a new password. The link works once, for one hour.';

/**
 * Forgotten passwords. Asking always gets the same answer after about the same time, known address
 * or not. The emailed link is single-use, lasts an hour; using it sets the password, lifts a forced
 * change and any pause on signing in after failed attempts, and signs the account out everywhere.
 */
export function createPasswordResetService(
  deps: Pick<Deps, 'db' | 'clock' | 'config'>,
  outbox: Outbox,
  throttle: Pick<SigninThrottle, 'clear'>,
) {
  return {
    async request(rawEmail: string): Promise<{ message: string }> {
      const checked = checkEmail(rawEmail);
      if (!checked.ok) throw badRequest(checked.code, checked.message, { field: 'email' });
      await withTimingFloor(TIMING_FLOOR_MS, async () => {
        const user = await authRepository.findUserByEmail(deps.db, checked.email);
        if (!user) return;
        const now = deps.clock.now();
        await deps.db.transaction().execute(async (trx) => {
          if (
            await recentlyIssued(
              trx,
              'password_reset',
              user.email,
              null,
              new Date(now.getTime() - PER_ADDRESS_INTERVAL_MS),
            )
          )
            return;
          // Only the newest link works: asking again retires the earlier ones.
          await oneTimeTokenRepository.retireUnused(trx, 'password_reset', user.id, now);
          const ott = await createOneTimeToken(trx, deps.config.secretKey, {
            purpose: 'password_reset',
            userId: user.id,
            email: user.email,
            now,
            ttlMs: TTL_MS,
          });
          await outbox.queue(trx, {
            orgId: null,
            kind: 'password_reset',
            to: user.email,
            language: personalEmailLanguage(user),
            vars: { recipientEmail: user.email, recipientName: user.name, expiresAt: ott.expiresAt },
            link: { path: RESET_LINK_PATH, ottId: ott.id },
          });
        });
      });
      return { message: RESET_REQUESTED_MESSAGE };
    },

    /** What the reset page shows before the new password is typed. Reading changes nothing. */
    async inspect(token: string) {
      const row = await findUsableToken(
        deps.db,
        deps.config.secretKey,
        'password_reset',
        token,
        deps.clock.now(),
      );
      return { email: row.email ?? '', expiresAt: new Date(row.expires_at).toISOString() };
    },

    /** Returns a trusted-device token: the browser that proved the mailbox may sign in past a pause. */
    async complete(token: string, password: string): Promise<{ deviceToken: string }> {
      const row = await findUsableToken(
        deps.db,
        deps.config.secretKey,
        'password_reset',
        token,
        deps.clock.now(),
      );
      const user = row.user_id ? await authRepository.findUserById(deps.db, row.user_id) : undefined;
      if (!user) throw gone('expired', 'This link is no longer valid. Ask for a new one.');
      const problem = passwordProblem(password, [user.email.split('@')[0] ?? '', user.name]);
      if (problem) throw badRequest('weak_password', problem, { field: 'password' });
      const hash = await hashPassword(password);
      await deps.db.transaction().execute(async (trx) => {
        const now = deps.clock.now();
        if (!(await consumeToken(trx, row.id, now))) {
          // Someone used it in the meantime (or it just expired): tell which.
          await findUsableToken(trx, deps.config.secretKey, 'password_reset', token, now);
          throw gone('used', 'This link has already been used.');
        }
        await authRepository.updatePassword(trx, user.id, hash, false, now);
        // The reset link went to the account's address: using it proves the address.
        await authRepository.markEmailVerified(trx, user.id, user.email, now);
        await authRepository.deleteOtherSessions(trx, user.id, null);
        // Proof of the mailbox lifts any pause on signing in with it.
        await throttle.clear(user.email, trx);
      });
      return { deviceToken: trustedDeviceToken(deps.config.secretKey, user.id, deps.clock.now()) };
    },
  };
}

export type PasswordResetService = ReturnType<typeof createPasswordResetService>;
