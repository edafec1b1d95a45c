import { type Static, Type } from 'typebox';
import type { Organization } from '../db/types.ts';
import type { Locale } from '../i18n/locales.ts';
import { LocaleSchema } from '../i18n/schemas.ts';

/** What a new organization may be given besides its name (setup, and another organization). */
export const NewOrganizationFields = {
  timeZone: Type.Optional(
    Type.String({
      maxLength: 64,
      description:
        "The organization's IANA time zone, e.g. its creator's browser's (Intl.DateTimeFormat().resolvedOptions().timeZone). Default UTC.",
    }),
  ),
  locale: Type.Optional(
    Type.Unsafe<Locale>({
      ...LocaleSchema,
      description:
        "The organization's default language (its emails and pages), e.g. the one its creator uses Beckon in. Default en.",
    }),
  ),
};

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
      description:
        'Send one reminder this many days before expiry, fewer than inviteExpiryDays (else 400 reminder_not_before_expiry); null turns reminders off. An invitation that lasts no longer than this gets none.',
    }),
    sendRatePerMinute: Type.Integer({
      minimum: 1,
      maximum: 1000000,
      description: 'Emails per minute the dispatcher sends for this organization.',
    }),
    auditRetentionDays: Type.Integer({
      minimum: 1,
      maximum: 3650,
      description: 'Days the audit log keeps an event; older ones are purged daily.',
    }),
    timeZone: Type.String({
      minLength: 1,
      maxLength: 64,
      description:
        "IANA time zone (e.g. Europe/Paris): the organization's days in the overview, and the zone its emails and send times are stated in. Canonicalised (asia/tokyo becomes Asia/Tokyo).",
    }),
    defaultLocale: Type.Union(LocaleSchema.anyOf, {
      description:
        'The language of invitations that name none, and of invitee pages when the browser asks for none the organization allows. Always one of allowedLocales.',
    }),
    allowedLocales: Type.Array(LocaleSchema, {
      minItems: 1,
      maxItems: 7,
      description:
        'The languages its join page and invitee pages may speak and invitations may be in, in a fixed order (en, ja, de, fr, es, pt-BR, ar).',
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
    auditRetentionDays: org.audit_retention_days,
    timeZone: org.time_zone,
    defaultLocale: org.default_locale as Locale,
    allowedLocales: org.allowed_locales as Locale[],
  };
}
