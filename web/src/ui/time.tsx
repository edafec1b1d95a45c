import { intl } from '../i18n/current.ts';
import { msg } from '../i18n/use-t.tsx';

/** A value for <input type="datetime-local">: the given time (default: in an hour), local, to the minute. */
export function toLocalInput(value?: string | Date | null): string {
  const d = value ? new Date(value) : new Date(Date.now() + 3600_000);
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}T${pad(d.getHours())}:${pad(d.getMinutes())}`;
}

/** "3 days ago", "in 2 hours", in the reader's language. */
export function relativeTime(iso: string | null | undefined, now = Date.now()): string {
  if (!iso) return '—';
  const f = intl();
  const diff = (new Date(iso).getTime() - now) / 1000;
  const abs = Math.abs(diff);
  const rel = (value: number, unit: Intl.RelativeTimeFormatUnit) =>
    f.formatRelativeTime(value, unit, { numeric: 'auto' });
  if (abs < 45) return f.formatMessage({ id: diff < 0 ? msg('ui.time.justNow') : msg('ui.time.inAMoment') });
  if (abs < 3600) return rel(Math.round(diff / 60), 'minute');
  if (abs < 86400) return rel(Math.round(diff / 3600), 'hour');
  if (abs < 86400 * 30) return rel(Math.round(diff / 86400), 'day');
  if (abs < 86400 * 365) return rel(Math.round(diff / (86400 * 30)), 'month');
  return rel(Math.round(diff / (86400 * 365)), 'year');
}

/** A date and time in the reader's language and time zone. */
export function fullTime(iso: string | null | undefined): string {
  if (!iso) return '';
  return intl().formatDate(iso, { dateStyle: 'medium', timeStyle: 'short' });
}

/**
 * A date and time in the reader's zone, the zone named ("17 Dec 2026, 23:42 CET"): for a deadline
 * the invitee also reads in an email, which states it in the organization's zone.
 */
export function zonedTime(iso: string | null | undefined): string {
  if (!iso) return '';
  return intl().formatDate(iso, {
    year: 'numeric',
    month: 'short',
    day: 'numeric',
    hour: 'numeric',
    minute: '2-digit',
    timeZoneName: 'short',
  });
}

export function Time({ iso }: { iso: string | null | undefined }) {
  if (!iso) return <span>—</span>;
  return (
    <time dateTime={iso} title={fullTime(iso)}>
      {relativeTime(iso)}
    </time>
  );
}
