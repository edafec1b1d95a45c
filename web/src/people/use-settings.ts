import type { Settings } from '../api.ts';
import { useQuery } from '../data/use-query.ts';

/** What the invite form assumes when the settings cannot be read: the server's defaults. */
const DEFAULTS: Settings = {
  inviteExpiryDays: 7,
  manualEntryLimit: 10,
  importRowLimit: 500,
  requireGroup: false,
  reminderDaysBeforeExpiry: null,
  sendRatePerMinute: 600,
  auditRetentionDays: 365,
  timeZone: 'UTC',
};

/** The organization's settings: null while loading. */
export function useSettings(orgId: string): Settings | null {
  const { data, error } = useQuery<Settings>(`/orgs/${orgId}/settings`);
  return error ? DEFAULTS : (data ?? null);
}
