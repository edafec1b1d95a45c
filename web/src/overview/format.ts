import { intl } from '../i18n/current.ts';

/** A whole number in the reader's language. */
export const count = (n: number) => intl().formatNumber(n);

/** A percentage already computed (50, 66.7), with the reader's digits and percent sign. */
export const percent = (value: number) =>
  intl().formatMessage({ id: 'overview.percent' }, { value: intl().formatNumber(value) });

/** A share of a whole, one decimal; a dash when there is nothing to share. */
export const share = (part: number, whole: number) =>
  whole === 0 ? '–' : percent(Math.round((part / whole) * 1000) / 10);

/** A duration for people: "3 h 20 min", "2 d 4 h", "45 s", in the reader's language. */
export function duration(seconds: number): string {
  const f = intl();
  const d = Math.floor(seconds / 86_400);
  const h = Math.floor((seconds % 86_400) / 3600);
  const m = Math.floor((seconds % 3600) / 60);
  if (d > 0)
    return h
      ? f.formatMessage({ id: 'overview.duration.daysHours' }, { d, h })
      : f.formatMessage({ id: 'overview.duration.days' }, { d });
  if (h > 0)
    return m
      ? f.formatMessage({ id: 'overview.duration.hoursMinutes' }, { h, m })
      : f.formatMessage({ id: 'overview.duration.hours' }, { h });
  if (m > 0) return f.formatMessage({ id: 'overview.duration.minutes' }, { m });
  return f.formatMessage({ id: 'overview.duration.seconds' }, { s: seconds });
}

/** A YYYY-MM-DD day as the reader's language writes it ("Mon 15 Jun" in English). */
export function day(date: string): string {
  return intl().formatDate(`${date}T12:00:00Z`, {
    weekday: 'short',
    day: 'numeric',
    month: 'short',
    timeZone: 'UTC',
  });
}

/** A chart axis day: month and day only, the day the tick falls on. */
export function axisDay(seconds: number): string {
  return intl().formatDate(seconds * 1000, { day: 'numeric', month: 'short', timeZone: 'UTC' });
}
