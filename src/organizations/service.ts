import { auditEntry, changedFields } from '../audit/changes.ts';
import { auditRepository } from '../audit/repository.ts';
import type { Actor } from '../auth/permissions.ts';
import { authRepository } from '../auth/repository.ts';
import type { Organization } from '../db/types.ts';
import { LOCALES, type Locale } from '../i18n/locales.ts';
import { overviewRepository } from '../overview/repository.ts';
import type { Deps } from '../shared/deps.ts';
import { badRequest, forbidden, notFound } from '../shared/errors.ts';
import { canonicalTimeZone } from '../shared/time-zone.ts';
import { cleanName } from '../shared/validation.ts';
import { organizationRepository as repo } from './repository.ts';
import { presentSettings, type SettingsDto } from './settings.ts';

/** An IANA time zone in its canonical spelling; 400 `invalid_time_zone` naming `field` otherwise. */
export function checkedTimeZone(raw: string, field = 'timeZone'): string {
  const zone = canonicalTimeZone(raw);
  if (zone === null)
    throw badRequest('invalid_time_zone', 'Not a time zone: use an IANA name such as Europe/Paris or UTC.', {
      field,
    });
  return zone;
}

/**
 * The languages after a change: allowed ones in the fixed order, once each, and the default always
 * among them (the pages fall back to it).
 */
function checkedLanguages(
  before: Organization,
  patch: Partial<SettingsDto>,
): { defaultLocale?: Locale; allowedLocales?: Locale[] } {
  if (patch.defaultLocale === undefined && patch.allowedLocales === undefined) return {};
  const allowed = patch.allowedLocales
    ? LOCALES.filter((l) => patch.allowedLocales!.includes(l))
    : (before.allowed_locales as Locale[]);
  const fallback = patch.defaultLocale ?? (before.default_locale as Locale);
  if (!allowed.includes(fallback)) {
    const field = patch.defaultLocale === undefined ? 'allowedLocales' : 'defaultLocale';
    throw badRequest(
      'default_locale_not_allowed',
      field === 'allowedLocales'
        ? `The default language (${fallback}) must stay among the allowed languages: choose another default first.`
        : `The default language must be one of the allowed languages (${allowed.join(', ')}).`,
      { field },
    );
  }
  return {
    defaultLocale: patch.defaultLocale,
    allowedLocales: patch.allowedLocales === undefined ? undefined : allowed,
  };
}

/**
 * A reminder comes before its invitation expires, never together with it: the days before expiry
 * it is sent must be fewer than the days an invitation lasts (else every invitation would be
 * reminded the moment it is sent). Checked on the settings as they will be after the change.
 */
function checkReminderLead(before: Organization, patch: Partial<SettingsDto>): void {
  const expiryDays = patch.inviteExpiryDays ?? before.invite_expiry_days;
  const lead =
    patch.reminderDaysBeforeExpiry !== undefined
      ? patch.reminderDaysBeforeExpiry
      : before.reminder_days_before_expiry;
  if (lead === null || lead < expiryDays) return;
  const field =
    patch.reminderDaysBeforeExpiry !== undefined ? 'reminderDaysBeforeExpiry' : 'inviteExpiryDays';
  throw badRequest(
    'reminder_not_before_expiry',
    field === 'reminderDaysBeforeExpiry'
      ? `Reminders must go out fewer days before expiry than invitations last (${expiryDays}): choose at most ${expiryDays - 1}, or turn reminders off.`
      : `Invitations must last longer than the reminder lead (${lead} days before expiry): choose more than ${lead} days, or shorten the reminder first.`,
    { field, expiryDays, reminderDays: lead },
  );
}

export function createOrganizationService(deps: Pick<Deps, 'db' | 'clock' | 'config'>) {
  async function get(orgId: string) {
    const org = await repo.findById(deps.db, orgId);
    if (!org) throw notFound('Organization');
    return org;
  }
  return {
    get,
    /**
     * Someone who is only a learner wherever they belong creates no organization unless the
     * instance allows it (LEARNERS_CREATE_ORGANIZATIONS); someone with no membership may start one.
     */
    async mayCreate(userId: string): Promise<boolean> {
      if (deps.config.learnersCreateOrganizations) return true;
      const active = (await authRepository.listMemberships(deps.db, userId)).filter(
        (m) => m.status === 'active',
      );
      return active.length === 0 || active.some((m) => m.role !== 'learner');
    },

    /**
     * `timeZone`: the creator's browser's, when it names one (else UTC); `defaultLocale`: the
     * language the creator uses Beckon in (else English), which every language allowed includes.
     */
    async create(userId: string, rawName: string, rawTimeZone?: string, defaultLocale?: Locale) {
      if (!(await this.mayCreate(userId)))
        throw forbidden('Learners cannot create an organization on this installation.');
      const name = cleanName(rawName, 'name', 200);
      const timeZone = rawTimeZone === undefined ? undefined : checkedTimeZone(rawTimeZone);
      return deps.db.transaction().execute(async (trx) => {
        const now = deps.clock.now();
        const org = await repo.insert(trx, name, now, { timeZone, defaultLocale });
        await repo.insertMember(trx, { org_id: org.id, user_id: userId, role: 'owner', now });
        return org;
      });
    },
    async settings(orgId: string) {
      return presentSettings(await get(orgId));
    },
    async updateSettings(actor: Actor, patch: Partial<SettingsDto>) {
      return deps.db.transaction().execute(async (trx) => {
        const before = await repo.findByIdForUpdate(trx, actor.orgId);
        if (!before) throw notFound('Organization');
        const timeZone = patch.timeZone === undefined ? undefined : checkedTimeZone(patch.timeZone);
        const languages = checkedLanguages(before, patch);
        checkReminderLead(before, patch);
        const now = deps.clock.now();
        const org = await repo.update(trx, actor.orgId, {
          invite_expiry_days: patch.inviteExpiryDays,
          manual_entry_limit: patch.manualEntryLimit,
          import_row_limit: patch.importRowLimit,
          require_group: patch.requireGroup,
          reminder_days_before_expiry: patch.reminderDaysBeforeExpiry,
          send_rate_per_minute: patch.sendRatePerMinute,
          audit_retention_days: patch.auditRetentionDays,
          time_zone: timeZone,
          default_locale: languages.defaultLocale,
          allowed_locales: languages.allowedLocales,
          updated_at: now,
        });
        // The overview's days are the organization's: counted again in the new zone.
        if (org.time_zone !== before.time_zone) await overviewRepository.recountDays(trx, org.id);
        const after = presentSettings(org);
        const changes = changedFields(presentSettings(before), after);
        if (changes)
          await auditRepository.record(trx, [
            auditEntry(
              actor,
              now,
              'settings.changed',
              { type: 'organization', id: org.id, label: org.name },
              changes,
            ),
          ]);
        return after;
      });
    },
  };
}
