import type { Settings } from '../api.ts';
import { useOrg } from '../console/org-context.ts';
import { useQuery } from '../data/use-query.ts';
import { intl } from '../i18n/current.ts';
import { useLocale } from '../i18n/i18n-provider.tsx';
import { fullTime } from '../ui/time.tsx';
import { browserTimeZone } from './zoned-time.ts';

/** Two zone names for the same clocks ("Asia/Calcutta" and "Asia/Kolkata"). */
export function sameZone(a: string, b: string): boolean {
  try {
    const canonical = (zone: string) =>
      new Intl.DateTimeFormat('en', { timeZone: zone }).resolvedOptions().timeZone;
    return canonical(a) === canonical(b);
  } catch {
    return a === b;
  }
}

/** Each organization's zone as last read, so a dialog opened after another starts on it. */
const lastReadZones = new Map<string, string>();

/**
 * The zone send times are entered and shown in: the organization's (as last read while a new read
 * is on its way), or the reader's own while it was never known; `local` when the reader's clocks
 * read the same.
 */
export function useSendZone(): { zone: string; local: boolean } {
  const { org } = useOrg();
  const { data } = useQuery<Settings>(`/orgs/${org.id}/settings`);
  const { timeZone } = useLocale();
  const reader = timeZone ?? browserTimeZone();
  if (data?.timeZone) lastReadZones.set(org.id, data.timeZone);
  const zone = data?.timeZone ?? lastReadZones.get(org.id) ?? reader;
  return { zone, local: sameZone(zone, reader) };
}

/**
 * A send time as the reader reads it: on the organization's clocks, the zone named when the
 * reader's are not the same.
 */
export function sendTimeText(iso: string, zone?: string): string {
  const f = intl();
  if (!zone || sameZone(zone, f.timeZone ?? browserTimeZone())) return fullTime(iso);
  return f.formatDate(iso, {
    year: 'numeric',
    month: 'short',
    day: 'numeric',
    hour: 'numeric',
    minute: '2-digit',
    timeZone: zone,
    timeZoneName: 'short',
  });
}
