import { describe, expect, it } from 'vitest';
import { zoneAbbreviation, zonedInput, zonedInstant } from '../../web/src/send-time/zoned-time.ts';

/** The console's send times: a datetime-local value on a named zone's clocks, and back. */
describe('wall-clock times in a time zone', () => {
  it('reads and writes Tokyo time, nine hours ahead of UTC all year', () => {
    expect(zonedInstant('2026-12-09T18:00', 'Asia/Tokyo')).toBe('2026-12-09T09:00:00.000Z');
    expect(zonedInput('2026-12-09T09:00:00.000Z', 'Asia/Tokyo')).toBe('2026-12-09T18:00');
    // Past midnight in Tokyo is still the day before in UTC.
    expect(zonedInstant('2027-01-01T08:30', 'Asia/Tokyo')).toBe('2026-12-31T23:30:00.000Z');
    expect(zonedInput('2026-12-31T23:30:00Z', 'Asia/Tokyo')).toBe('2027-01-01T08:30');
  });

  it('follows Berlin across its clock changes', () => {
    // Winter (CET, +1) and summer (CEST, +2) either side of 29 March 2026.
    expect(zonedInstant('2026-03-29T01:30', 'Europe/Berlin')).toBe('2026-03-29T00:30:00.000Z');
    expect(zonedInstant('2026-03-29T03:30', 'Europe/Berlin')).toBe('2026-03-29T01:30:00.000Z');
    expect(zonedInput('2026-03-29T00:59:00Z', 'Europe/Berlin')).toBe('2026-03-29T01:59');
    expect(zonedInput('2026-03-29T01:00:00Z', 'Europe/Berlin')).toBe('2026-03-29T03:00');
    // 02:30 does not exist that night: it is read as the same moment after the change.
    expect(zonedInstant('2026-03-29T02:30', 'Europe/Berlin')).toBe('2026-03-29T01:30:00.000Z');
    // 02:30 happens twice on 25 October 2026: the first one (still summer time) is meant.
    expect(zonedInstant('2026-10-25T02:30', 'Europe/Berlin')).toBe('2026-10-25T00:30:00.000Z');
    expect(zonedInput('2026-10-25T00:30:00Z', 'Europe/Berlin')).toBe('2026-10-25T02:30');
    expect(zonedInput('2026-10-25T01:30:00Z', 'Europe/Berlin')).toBe('2026-10-25T02:30');
    expect(zonedInstant('2026-10-25T03:30', 'Europe/Berlin')).toBe('2026-10-25T02:30:00.000Z');
  });

  it('round-trips every hour of a day with a change, to the minute', () => {
    for (let h = 0; h < 26; h++) {
      const at = new Date(Date.UTC(2026, 9, 24, 20, 17) + h * 3_600_000).toISOString();
      const local = zonedInput(at, 'Europe/Berlin');
      const back = zonedInstant(local, 'Europe/Berlin')!;
      // A repeated hour reads back as its first occurrence, an hour earlier; nothing else moves.
      expect([0, 3_600_000]).toContain(Date.parse(at) - Date.parse(back));
      expect(zonedInput(back, 'Europe/Berlin')).toBe(local);
    }
  });

  it('accepts seconds, and refuses what is not a date and time', () => {
    expect(zonedInstant('2026-06-01T12:00:30', 'UTC')).toBe('2026-06-01T12:00:30.000Z');
    expect(zonedInstant('', 'UTC')).toBeNull();
    expect(zonedInstant('2026-02-30T10:00', 'UTC')).toBeNull();
    expect(zonedInstant('tomorrow', 'Asia/Tokyo')).toBeNull();
    expect(zonedInput('not a time', 'UTC')).toBe('');
  });

  it('names the zone as the reader says it, or not at all when the name is the id', () => {
    expect(zoneAbbreviation('Asia/Tokyo', 'ja', Date.UTC(2026, 11, 9))).toBe('JST');
    expect(zoneAbbreviation('Europe/Berlin', 'de', Date.UTC(2026, 6, 1))).toBe('MESZ');
    expect(zoneAbbreviation('UTC', 'en')).toBeNull();
  });
});
