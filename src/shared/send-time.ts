import { badRequest } from '../http/errors.ts';

const DAY = 86_400_000;
/** Scheduled sends (invitations, imports, bulk resends) go at most this far ahead. */
export const MAX_SCHEDULE_AHEAD_DAYS = 365;

const invalid = (message: string) => badRequest('invalid_send_at', message, { field: 'sendAt' });

/** A requested send time: an ISO 8601 date-time at most a year after `now` (it may be past). */
export function parseSendAt(raw: string, now: Date): Date {
  const sendAt = new Date(raw);
  if (Number.isNaN(sendAt.getTime())) throw invalid('"sendAt" must be an ISO 8601 date-time.');
  if (sendAt.getTime() > now.getTime() + MAX_SCHEDULE_AHEAD_DAYS * DAY)
    throw invalid('"sendAt" must be within a year.');
  return sendAt;
}

/** The time to wait for: none asked, or one already past, is null (send now). */
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
