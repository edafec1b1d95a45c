import { useEffect, useRef } from 'react';
import { useT } from '../i18n/use-t.tsx';
import { EmailAddress } from '../ui/email-address.tsx';
import { fullTime } from '../ui/time.tsx';
import { LinkifiedText, sameOrigin } from './linkified-text.tsx';
import type { MailboxItem } from './types.ts';

/**
 * One captured email: who sent it to whom and when, the HTML part in a sandboxed frame (no
 * scripts, no access to the console; links open in a new tab) beside the text part.
 */
export function EmailView({ mail }: { mail: MailboxItem }) {
  // Links in the frame open outside it; the sandbox lets that new tab run normally.
  const html = `<base target="_blank">${mail.html}`;
  const t = useT();
  const ref = useRef<HTMLElement>(null);
  // Braces: newer browsers answer scrollIntoView with a promise, which React would take for a cleanup.
  useEffect(() => {
    ref.current?.scrollIntoView({ block: 'start' });
  }, []);
  return (
    <article
      ref={ref}
      className="panel email-view"
      aria-labelledby={`email-${mail.id}`}
      data-testid="email-view"
    >
      <h2 id={`email-${mail.id}`}>{mail.subject}</h2>
      <dl className="dl">
        <dt>{t('mailbox.from')}</dt>
        <dd className="break-anywhere">
          <bdi>{mail.from}</bdi>
        </dd>
        <dt>{t('mailbox.to')}</dt>
        <dd className="break-anywhere">
          <EmailAddress address={mail.to} />
        </dd>
        <dt>{t('mailbox.captured')}</dt>
        <dd>{fullTime(mail.createdAt)}</dd>
      </dl>
      {mail.link && (
        <p>
          <a className="button primary" href={sameOrigin(mail.link)}>
            {t('mailbox.openLink')}
          </a>
        </p>
      )}
      <div className="email-parts">
        <section aria-label={t('mailbox.htmlPart')}>
          <h3>{t('mailbox.asHtml')}</h3>
          <iframe
            className="email-frame"
            title={t('mailbox.frameTitle', { subject: mail.subject, to: mail.to })}
            sandbox="allow-popups allow-popups-to-escape-sandbox"
            srcDoc={html}
          />
        </section>
        <section aria-label={t('mailbox.textPart')}>
          <h3>{t('mailbox.asText')}</h3>
          <LinkifiedText text={mail.text} />
        </section>
      </div>
    </article>
  );
}
