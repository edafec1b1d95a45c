import type { Executor } from '../db/types.ts';
import { personalEmailLanguage } from '../mail/language.ts';
import type { Outbox } from '../mail/outbox.ts';
import { hashToken } from '../security/tokens.ts';
import type { Deps } from '../shared/deps.ts';
import { signinThrottleRepository as repo, type ThrottleChange } from './signin-throttle-repository.ts';

export const SIGNIN_LIMITS = {
  /** Failed attempts per address within a window before sign-in with it pauses. */
  failures: 5,
  windowMs: 15 * 60_000,
  /** The first pause; each consecutive one doubles, up to the cap. */
  firstPauseMs: 60_000,
  maxPauseMs: 15 * 60_000,
  /** At most one notice email per address in this time. */
  noticeIntervalMs: 24 * 3_600_000,
  /** Rows untouched this long are deleted (checked at most once per sweepEveryMs per process). */
  idleMs: 24 * 3_600_000,
  sweepEveryMs: 3_600_000,
};

export const FORGOT_PASSWORD_PATH = '/forgot-password';

export type Admission =
  | { admitted: true; trustedDuringPause: false }
  /** Paused, but the caller proved this browser signed in before: its password is checked. */
  | { admitted: true; trustedDuringPause: true; retryAfterSeconds: number }
  | { admitted: false; retryAfterSeconds: number };

/** Case and surrounding spaces do not make another address. */
const addressKey = (email: string) => hashToken(email.trim().toLowerCase());

const pauseMs = (pauses: number) =>
  Math.min(SIGNIN_LIMITS.firstPauseMs * 2 ** (pauses - 1), SIGNIN_LIMITS.maxPauseMs);

/**
 * Sign-in attempts per address, whatever the client address, in the database so every process
 * shares them. After `failures` failed attempts within `windowMs`, attempts for the address are
 * refused for a pause; while the pauses follow each other, one more failure starts the next,
 * twice as long, up to `maxPauseMs`, so an attacker slows the person down but cannot shut them out
 * for long, and a password reset (proof of the mailbox) lifts it at once. Unknown addresses are
 * counted the same way, so answers reveal nothing about which addresses have accounts.
 */
export function createSigninThrottle(deps: Pick<Deps, 'db' | 'clock'>, outbox: Outbox) {
  let lastSweep = Number.NEGATIVE_INFINITY;

  async function sweep(now: number) {
    if (now - lastSweep < SIGNIN_LIMITS.sweepEveryMs) return;
    lastSweep = now;
    await repo.deleteIdle(deps.db, new Date(now - SIGNIN_LIMITS.idleMs));
  }

  return {
    /**
     * Counts an attempt before its password is checked, so simultaneous guesses cannot all get
     * through before the first failure is recorded; refuses it while the address is paused.
     */
    async admit(email: string, options: { trustedDevice: boolean }): Promise<Admission> {
      const now = deps.clock.now();
      const t = now.getTime();
      await sweep(t);
      const key = addressKey(email);
      return deps.db.transaction().execute(async (trx) => {
        const row = await repo.lock(trx, key, now);
        const pausedUntil = row.paused_until ? new Date(row.paused_until).getTime() : null;
        if (pausedUntil !== null && pausedUntil > t) {
          const retryAfterSeconds = Math.ceil((pausedUntil - t) / 1000);
          if (options.trustedDevice && row.device_failures < SIGNIN_LIMITS.failures)
            return { admitted: true, trustedDuringPause: true, retryAfterSeconds };
          return { admitted: false, retryAfterSeconds };
        }
        // A quiet window after the last pause ends the run of pauses.
        const runOver = row.pauses > 0 && (pausedUntil === null || t - pausedUntil >= SIGNIN_LIMITS.windowMs);
        const pauses = runOver ? 0 : row.pauses;
        const windowOver = t - new Date(row.window_started_at).getTime() >= SIGNIN_LIMITS.windowMs;
        const failures = (windowOver ? 0 : row.failures) + 1;
        const change: ThrottleChange = {
          failures,
          window_started_at: windowOver ? now : new Date(row.window_started_at),
          pauses,
          ...(runOver ? { device_failures: 0 } : {}),
        };
        if (failures >= (pauses > 0 ? 1 : SIGNIN_LIMITS.failures)) {
          // The pause starts now; if this attempt turns out right, clear() lifts it.
          change.pauses = pauses + 1;
          change.failures = 0;
          change.window_started_at = now;
          change.paused_until = new Date(t + pauseMs(pauses + 1));
        }
        await repo.update(trx, key, change, now);
        return { admitted: true, trustedDuringPause: false };
      });
    },

    /**
     * After a failed attempt: if the address is now paused and has an account, tells the person
     * once (at most one notice per `noticeIntervalMs`), in the outbox with the change. An unknown
     * address goes through the same transaction, so timing does not tell them apart either.
     */
    async recordFailure(
      email: string,
      account: { email: string; name: string; locale: string | null; time_zone: string | null } | undefined,
    ) {
      const now = deps.clock.now();
      const key = addressKey(email);
      await deps.db.transaction().execute(async (trx) => {
        const row = await repo.lockIfExists(trx, key);
        if (!account || !row?.paused_until || new Date(row.paused_until) <= now) return;
        if (
          row.notified_at &&
          now.getTime() - new Date(row.notified_at).getTime() < SIGNIN_LIMITS.noticeIntervalMs
        )
          return;
        await repo.update(trx, key, { notified_at: now }, now);
        await outbox.queue(trx, {
          orgId: null,
          kind: 'sign_in_paused',
          to: account.email,
          language: personalEmailLanguage(account),
          vars: { recipientEmail: account.email, recipientName: account.name, expiresAt: row.paused_until },
          link: { path: FORGOT_PASSWORD_PATH },
        });
      });
    },

    /** A wrong password from a trusted device during a pause: a few, and the device loses that trust. */
    async recordDeviceFailure(email: string) {
      await repo.countDeviceFailure(deps.db, addressKey(email), deps.clock.now());
    },

    /** A successful sign-in or a password reset forgets the address's attempts and pauses. */
    async clear(email: string, db: Executor = deps.db) {
      await repo.delete(db, addressKey(email));
    },
  };
}

export type SigninThrottle = ReturnType<typeof createSigninThrottle>;
