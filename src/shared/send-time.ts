import { badRequest } from './errors.ts';

const DAY = 86_400_000;
/** Scheduled sends (invitations, imports, bulk resends) go at most this far ahead. */
export const MAX_SCHEDULE_AHEAD_DAYS = 365;

const invalid = (message: string) => badRequest('invalid_send_at', message, { field: 'sendAt' });

/**
 * A time this little in the past still counts as "now": a form filled in at 10:00 and sent a few
 * seconds later, or a client clock slightly behind, is not a mistake worth refusing.
 */
export const PAST_SEND_AT_SLACK_MS = 60_000;

/**
 * A requested send time: an ISO 8601 date-time at most a year after `now`. A time in the past is
 * refused (400 naming `sendAt`): it is almost always a typo or a stale form, and sending at once
 * is asked for by leaving `sendAt` out.
 */
export function parseSendAt(raw: string, now: Date): Date {
  const sendAt = new Date(raw);
  if (Number.isNaN(sendAt.getTime())) throw invalid('"sendAt" must be an ISO 8601 date-time.');
  if (sendAt.getTime() < now.getTime() - PAST_SEND_AT_SLACK_MS)
    throw invalid('"sendAt" is in the past. Choose a time to come, or leave it out to send now.');
  if (sendAt.getTime() > now.getTime() + MAX_SCHEDULE_AHEAD_DAYS * DAY)
    throw invalid('"sendAt" must be within a year.');
  return sendAt;
}

/** The time to wait for: none asked, or one within the slack of now, is null (send now). */
export function laterSendAt(raw: string | null | undefined, now: Date): Date | null {
  if (!raw) return null;
  const sendAt = parseSendAt(raw, now);
  return sendAt > now ? sendAt : null;
}

/** A new time for something already scheduled (a move): it must still be to come. */
export function futureSendAt(raw: string, now: Date): Date {
  const sendAt = parseSendAt(raw, now);
  if (sendAt <= now) throw invalid('"sendAt" must be in the future.');
  return sendAt;
}
