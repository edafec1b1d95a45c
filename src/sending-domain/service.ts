import type { Actor } from '../auth/permissions.ts';
import { authRepository } from '../auth/repository.ts';
import { readerLocale, translate } from '../i18n/intl.ts';
import { DEFAULT_LOCALE } from '../i18n/locales.ts';
import type { Outbox } from '../mail/outbox.ts';
import type { Deps } from '../shared/deps.ts';
import { badRequest } from '../shared/errors.ts';
import { ensureDkimKey, sendingDomain } from './keys.ts';
import { dnsRecords, txtStrings } from './records.ts';

const escapeHtml = (s: string) =>
  s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);

/**
 * The sending domain as an administrator sees it: the records to publish (SPF, DKIM with the
 * domain's public key, DMARC) and a test email to themselves through the real transport.
 */
export function createSendingDomainService(
  deps: Pick<Deps, 'db' | 'clock' | 'config' | 'mail'>,
  outbox: Outbox,
) {
  const { db, clock, config } = deps;
  const domain = sendingDomain(config.mailFrom);

  return {
    async records() {
      const key = await ensureDkimKey(db, config.secretKey, domain, clock.now());
      return {
        domain,
        from: config.mailFrom,
        transport: deps.mail.kind,
        signing: deps.mail.kind === 'smtp',
        dkim: { selector: key.keySelector, createdAt: key.createdAt.toISOString() },
        records: dnsRecords(
          domain,
          { selector: key.keySelector, publicKey: key.publicKey },
          config.smtpUrl,
        ).map((r) => ({ ...r, strings: txtStrings(r.value) })),
      };
    },

    /**
     * Queues a test email to the signed-in person, in their language (their chosen one, else the
     * browser's); answers where it went and in which language.
     */
    async sendTest(actor: Actor, acceptLanguage?: string) {
      if (actor.type !== 'user' || !actor.userId)
        throw badRequest('user_only', 'A test email goes to the signed-in person: sign in to send one.');
      const user = await authRepository.findUserById(db, actor.userId);
      if (!user)
        throw badRequest('user_only', 'A test email goes to the signed-in person: sign in to send one.');
      const language = readerLocale(user.locale, acceptLanguage, DEFAULT_LOCALE);
      const at = clock.now().toISOString();
      const signed = deps.mail.kind === 'smtp' ? 'yes' : 'no';
      const paragraphs = [
        translate(language, 'sendingDomain.test.intro', { name: user.name, at }),
        translate(language, 'sendingDomain.test.path', { signed, domain }),
        '— Beckon',
      ];
      const text = `${paragraphs.join('\n\n')}\n`;
      const html = paragraphs.map((p) => `<p>${escapeHtml(p)}</p>`).join('');
      const emailId = await db.transaction().execute((trx) =>
        outbox.queueRendered(trx, {
          orgId: actor.orgId,
          kind: 'sending_test',
          to: user.email,
          subject: translate(language, 'sendingDomain.test.subject', { domain }),
          html,
          text,
        }),
      );
      return { emailId, to: user.email, language };
    },
  };
}

export type SendingDomainService = ReturnType<typeof createSendingDomainService>;
