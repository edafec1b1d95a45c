import type { AuthService } from '../auth/service.ts';
import type { Locale } from '../i18n/locales.ts';
import { organizationRepository as orgs } from '../organizations/repository.ts';
import { checkedTimeZone } from '../organizations/service.ts';
import { hashPassword, passwordProblem } from '../security/passwords.ts';
import type { Deps } from '../shared/deps.ts';
import { badRequest, conflict } from '../shared/errors.ts';
import { checkEmail, cleanName } from '../shared/validation.ts';

const SETUP_LOCK_ID = 7_340_114;

export function createSetupService(deps: Pick<Deps, 'db' | 'clock'>, auth: AuthService) {
  return {
    async isNeeded() {
      return (await orgs.count(deps.db)) === 0;
    },

    async run(input: {
      /**
       * `timeZone`: the browser's of the person setting up (else UTC); `locale`: the language
       * they set up in, the organization's default (else English).
       */
      organization: { name: string; timeZone?: string; locale?: Locale };
      owner: { name: string; email: string; password: string };
    }) {
      const orgName = cleanName(input.organization.name, 'organization.name', 200);
      const timeZone =
        input.organization.timeZone === undefined
          ? undefined
          : checkedTimeZone(input.organization.timeZone, 'organization.timeZone');
      const ownerName = cleanName(input.owner.name, 'owner.name');
      const email = checkEmail(input.owner.email);
      if (!email.ok) throw badRequest(email.code, email.message, { field: 'owner.email' });
      const weak = passwordProblem(input.owner.password, [ownerName, email.email.split('@')[0]!]);
      if (weak) throw badRequest('weak_password', weak, { field: 'owner.password' });
      const passwordHash = await hashPassword(input.owner.password);
      return deps.db.transaction().execute(async (trx) => {
        // Two browsers submitting setup at once: one wins, the other gets 409.
        await orgs.lockSetup(trx, SETUP_LOCK_ID);
        if ((await orgs.count(trx)) > 0)
          throw conflict('already_set_up', 'Beckon is already set up. Sign in instead.');
        const now = deps.clock.now();
        const organization = await orgs.insert(trx, orgName, now, {
          timeZone,
          defaultLocale: input.organization.locale,
        });
        const user = await orgs.insertUser(trx, {
          email: email.email,
          name: ownerName,
          password_hash: passwordHash,
          now,
        });
        await orgs.insertMember(trx, { org_id: organization.id, user_id: user.id, role: 'owner', now });
        const session = await auth.openSession(trx, user.id);
        return { organization, user, session };
      });
    },
  };
}
