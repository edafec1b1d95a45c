import { type Static, Type } from 'typebox';
import type { Organization } from '../db/types.ts';

export const Settings = Type.Object(
  {
    inviteExpiryDays: Type.Integer({
      minimum: 1,
      maximum: 365,
      description: 'Days before an unaccepted invitation expires.',
    }),
    manualEntryLimit: Type.Integer({ minimum: 1, maximum: 10, description: 'Addresses per manual invite.' }),
    importRowLimit: Type.Integer({
      minimum: 1,
      maximum: 100000,
      description: 'Rows per spreadsheet import.',
    }),
    requireGroup: Type.Boolean({ description: 'Every invitation must name at least one group.' }),
    reminderDaysBeforeExpiry: Type.Union([Type.Integer({ minimum: 1, maximum: 364 }), Type.Null()], {
      description: 'Send one reminder this many days before expiry; null turns reminders off.',
    }),
    sendRatePerMinute: Type.Integer({
      minimum: 1,
      maximum: 1000000,
      description: 'Emails per minute the dispatcher sends for this organization.',
    }),
  },
  { additionalProperties: false },
);
export type SettingsDto = Static<typeof Settings>;
export const SettingsPatch = Type.Partial(Settings, { additionalProperties: false });

export function presentSettings(org: Organization): SettingsDto {
  return {
    inviteExpiryDays: org.invite_expiry_days,
    manualEntryLimit: org.manual_entry_limit,
    importRowLimit: org.import_row_limit,
    requireGroup: org.require_group,
    reminderDaysBeforeExpiry: org.reminder_days_before_expiry,
    sendRatePerMinute: org.send_rate_per_minute,
  };
}
