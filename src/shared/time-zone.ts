/** Days in an organization's time zone (IANA names, as PostgreSQL's AT TIME ZONE reads them). */

/** An IANA time zone name the platform knows ("Asia/Tokyo", "UTC"), in its canonical spelling, or null. */
export function canonicalTimeZone(zone: string): string | null {
  if (!zone || zone.length > 64) return null;
  try {
    return new Intl.DateTimeFormat('en-US', { timeZone: zone }).resolvedOptions().timeZone;
  } catch {
    return null;
  }
}

/** The calendar date (YYYY-MM-DD) of an instant in a zone. */
export function localDate(at: Date, zone: string): string {
  return new Intl.DateTimeFormat('en-CA', {
    timeZone: zone,
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
  })
    .format(at)
    .slice(0, 10);
}

/** A date plus (or minus) whole days, as YYYY-MM-DD. */
export function addDays(date: string, days: number): string {
  const d = new Date(`${date}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
}

/** Milliseconds the zone's wall clock is ahead of UTC at an instant. */
function offsetAt(at: Date, zone: string): number {
  const parts = Object.fromEntries(
    new Intl.DateTimeFormat('en-US', {
      timeZone: zone,
      hourCycle: 'h23',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
    })
      .formatToParts(at)
      .map((p) => [p.type, p.value]),
  );
  const wall = Date.UTC(
    +parts.year!,
    +parts.month! - 1,
    +parts.day!,
    +parts.hour!,
    +parts.minute!,
    +parts.second!,
  );
  return wall - Math.floor(at.getTime() / 1000) * 1000;
}

/** The instant a local date begins in a zone (twice corrected, for days that start in a DST change). */
export function startOfLocalDay(date: string, zone: string): Date {
  const wall = Date.parse(`${date}T00:00:00Z`);
  let at = wall - offsetAt(new Date(wall), zone);
  at = wall - offsetAt(new Date(at), zone);
  return new Date(at);
}
