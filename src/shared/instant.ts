/**
 * The instants Beckon accepts from callers: real points in time in years 1 to 9999 (UTC).
 * JavaScript dates reach ±275,760 years and PostgreSQL stores 4713 BC to 294276 AD, so a wider
 * value passes one and fails the other; no invitation, cursor or schedule needs more than this.
 */
const EARLIEST = Date.parse('0001-01-01T00:00:00.000Z');
const LATEST = Date.parse('9999-12-31T23:59:59.999Z');

export function isStorableInstant(date: Date): boolean {
  const t = date.getTime();
  return Number.isFinite(t) && t >= EARLIEST && t <= LATEST;
}

/** A date-time text that parses to a storable instant (its RFC 3339 form is checked elsewhere). */
export function isStorableDateTime(text: string): boolean {
  return isStorableInstant(new Date(text));
}
