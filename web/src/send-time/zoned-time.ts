/**
 * Wall-clock times in a named time zone (IANA), for <input type="datetime-local">: send times are
 * entered and shown in the organization's zone, whatever zone the browser is in.
 */

const formatters = new Map<string, Intl.DateTimeFormat>();

function wallClock(zone: string): Intl.DateTimeFormat {
  let f = formatters.get(zone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', {
      timeZone: zone,
      hourCycle: 'h23',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
    });
    formatters.set(zone, f);
  }
  return f;
}

interface Wall {
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
  second: number;
}

function wallAt(at: number, zone: string): Wall {
  const parts: Record<string, string> = {};
  for (const p of wallClock(zone).formatToParts(at)) parts[p.type] = p.value;
  return {
    year: Number(parts.year),
    month: Number(parts.month),
    day: Number(parts.day),
    hour: Number(parts.hour),
    minute: Number(parts.minute),
    second: Number(parts.second),
  };
}

/** Milliseconds the zone's clock is ahead of UTC at an instant. */
function offsetAt(at: number, zone: string): number {
  const w = wallAt(at, zone);
  const wall = Date.UTC(w.year, w.month - 1, w.day, w.hour, w.minute, w.second);
  return wall - Math.floor(at / 1000) * 1000;
}

const pad = (n: number, width = 2) => String(n).padStart(width, '0');

/** The datetime-local value ("2026-12-09T18:00") an instant shows on the zone's clocks, to the minute. */
export function zonedInput(at: string | number | Date, zone: string): string {
  const ms = new Date(at).getTime();
  if (Number.isNaN(ms)) return '';
  const w = wallAt(ms, zone);
  return `${pad(w.year, 4)}-${pad(w.month)}-${pad(w.day)}T${pad(w.hour)}:${pad(w.minute)}`;
}

const LOCAL = /^(\d{4,})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2})(?:\.\d+)?)?$/;

/**
 * The instant (ISO) a datetime-local value means on the zone's clocks, or null when it is not one.
 * A time a clock change repeats is its first occurrence; one a change skips moves forward by the
 * change ("02:30" on a spring-forward night becomes 03:30), as calendars do.
 */
export function zonedInstant(local: string, zone: string): string | null {
  const m = LOCAL.exec(local.trim());
  if (!m) return null;
  const [year, month, day, hour, minute, second] = m.slice(1).map((v) => Number(v ?? 0)) as number[];
  const wall = Date.UTC(year!, month! - 1, day!, hour!, minute!, second);
  if (Number.isNaN(wall) || new Date(wall).getUTCDate() !== day) return null;
  // A day either side lies outside any one clock change: the offsets before and after it.
  const before = offsetAt(wall - 86_400_000, zone);
  const after = offsetAt(wall + 86_400_000, zone);
  const fits = [wall - before, wall - after]
    .filter((at) => offsetAt(at, zone) === wall - at)
    .sort((a, b) => a - b);
  return new Date(fits[0] ?? wall - before).toISOString();
}

/** The zone's short name at an instant in a language ("JST", "MEZ", "GMT+9"), or null when it is the id. */
export function zoneAbbreviation(zone: string, locale: string, at: number = Date.now()): string | null {
  try {
    const name = new Intl.DateTimeFormat(locale, { timeZone: zone, timeZoneName: 'short' })
      .formatToParts(at)
      .find((p) => p.type === 'timeZoneName')?.value;
    return name && name !== zone ? name : null;
  } catch {
    return null;
  }
}

/** The browser's own zone. */
export function browserTimeZone(): string {
  return Intl.DateTimeFormat().resolvedOptions().timeZone;
}
