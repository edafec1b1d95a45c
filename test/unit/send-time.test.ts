import { describe, expect, it } from 'vitest';
import { AppError } from '../../src/shared/errors.ts';
import {
  futureSendAt,
  laterSendAt,
  MAX_SCHEDULE_AHEAD_DAYS,
  PAST_SEND_AT_SLACK_MS,
  parseSendAt,
} from '../../src/shared/send-time.ts';

const now = new Date('2026-03-10T10:00:00Z');
const at = (ms: number) => new Date(now.getTime() + ms).toISOString();
const DAY = 86_400_000;

function refusal(fn: () => unknown) {
  try {
    fn();
  } catch (error) {
    expect(error).toBeInstanceOf(AppError);
    const e = error as AppError;
    return { status: e.status, code: e.code, message: e.message, details: e.details };
  }
  throw new Error('expected a refusal');
}

describe('send-time rules', () => {
  it('accepts any time from a minute ago to a year ahead', () => {
    expect(parseSendAt(at(-PAST_SEND_AT_SLACK_MS), now).toISOString()).toBe(at(-PAST_SEND_AT_SLACK_MS));
    expect(parseSendAt(at(MAX_SCHEDULE_AHEAD_DAYS * DAY), now).toISOString()).toBe(
      at(MAX_SCHEDULE_AHEAD_DAYS * DAY),
    );
    expect(parseSendAt('2026-03-10T11:00:00+01:00', now).toISOString()).toBe(now.toISOString());
  });

  it('refuses a time more than a minute past, naming sendAt', () => {
    expect(refusal(() => parseSendAt(at(-PAST_SEND_AT_SLACK_MS - 1), now))).toEqual({
      status: 400,
      code: 'invalid_send_at',
      message: '"sendAt" is in the past. Choose a time to come, or leave it out to send now.',
      details: { field: 'sendAt' },
    });
  });

  it('refuses a time more than a year ahead, and what is not a date-time', () => {
    expect(refusal(() => parseSendAt(at(MAX_SCHEDULE_AHEAD_DAYS * DAY + 1), now)).message).toBe(
      '"sendAt" must be within a year.',
    );
    for (const raw of ['tomorrow', '2026-02-30T25:00:00Z', ''])
      expect(refusal(() => parseSendAt(raw, now)).message).toBe('"sendAt" must be an ISO 8601 date-time.');
  });

  it('sends now when no time is asked or the time is within the slack of now', () => {
    expect(laterSendAt(undefined, now)).toBeNull();
    expect(laterSendAt(null, now)).toBeNull();
    expect(laterSendAt('', now)).toBeNull();
    expect(laterSendAt(at(0), now)).toBeNull();
    expect(laterSendAt(at(-30_000), now)).toBeNull();
    expect(laterSendAt(at(1000), now)?.toISOString()).toBe(at(1000));
    expect(refusal(() => laterSendAt(at(-2 * PAST_SEND_AT_SLACK_MS), now)).code).toBe('invalid_send_at');
  });

  it('moves something scheduled only to a time still to come', () => {
    expect(futureSendAt(at(1), now).toISOString()).toBe(at(1));
    expect(refusal(() => futureSendAt(at(0), now)).message).toBe('"sendAt" must be in the future.');
    expect(refusal(() => futureSendAt(at(-1000), now)).message).toBe('"sendAt" must be in the future.');
  });
});
