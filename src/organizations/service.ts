import { notFound } from '../http/errors.ts';
import type { Deps } from '../shared/deps.ts';
import { cleanName } from '../shared/validation.ts';
import { organizationRepository as repo } from './repository.ts';
import { presentSettings, type SettingsDto } from './settings.ts';

export function createOrganizationService(deps: Pick<Deps, 'db' | 'clock'>) {
  async function get(orgId: string) {
    const org = await repo.findById(deps.db, orgId);
    if (!org) throw notFound('Organization');
    return org;
  }
  return {
    get,
    async create(userId: string, rawName: string) {
      const name = cleanName(rawName, 'name', 200);
      return deps.db.transaction().execute(async (trx) => {
        const now = deps.clock.now();
        const org = await repo.insert(trx, name, now);
        await repo.insertMember(trx, { org_id: org.id, user_id: userId, role: 'owner', now });
        return org;
      });
    },
    async settings(orgId: string) {
      return presentSettings(await get(orgId));
    },
    async updateSettings(orgId: string, patch: Partial<SettingsDto>) {
      const org = await repo.update(deps.db, orgId, {
        invite_expiry_days: patch.inviteExpiryDays,
        manual_entry_limit: patch.manualEntryLimit,
        import_row_limit: patch.importRowLimit,
        require_group: patch.requireGroup,
        reminder_days_before_expiry: patch.reminderDaysBeforeExpiry,
        send_rate_per_minute: patch.sendRatePerMinute,
        updated_at: deps.clock.now(),
      });
      return presentSettings(org);
    },
  };
}
