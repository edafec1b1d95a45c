import { type ReactNode, useCallback } from 'react';
import { useIntl } from 'react-intl';
import type { Invitation, InvitationEvent } from '../api.ts';
import { useOrg } from '../console/org-context.ts';
import { PageHead } from '../console/page-head.tsx';
import { useQuery } from '../data/use-query.ts';
import { CorrectionNote, isCorrection } from '../delivery/correction-note.tsx';
import { T, useT } from '../i18n/use-t.tsx';
import { roleName } from '../members/role-names.ts';
import { Link } from '../router.tsx';
import { sendTimeText, useSendZone } from '../send-time/send-zone.ts';
import { errorText } from '../ui/error-text.ts';
import { FormError } from '../ui/form-error.tsx';
import { Spinner } from '../ui/spinner.tsx';
import { fullTime } from '../ui/time.tsx';
import { useActorName } from './actor-name.ts';
import { deliveryLabel, eventLabel, statusReason } from './invitation-status.ts';
import { languageName, useInviteLanguages } from './invite-language.tsx';
import { StatusBadge } from './status-badge.tsx';
import { useInvitationActions } from './use-invitation-actions.tsx';
import { useSettings } from './use-settings.ts';

/** The mail server's words, as they came. */
const code = (chunks: ReactNode[]) => <code>{chunks}</code>;

interface EmailItem {
  id: string;
  kind: string;
  subject: string;
  status: string;
  lastResponse: string | null;
  createdAt: string;
  sentAt: string | null;
  html: string;
  text: string;
}

export function InvitationDetailPage({ id }: { id: string }) {
  const { org, base } = useOrg();
  const t = useT();
  const actorName = useActorName();
  const { formatList, formatNumber } = useIntl();
  const settings = useSettings(org.id);
  const { defaultLocale } = useInviteLanguages(settings);
  const { zone } = useSendZone();
  const invRead = useQuery<Invitation & { events?: InvitationEvent[] }>(`/orgs/${org.id}/invitations/${id}`);
  // The emails sent; when they cannot be read the list is empty, the invitation still shows.
  const emailsRead = useQuery<{ items: EmailItem[] }>(`/orgs/${org.id}/invitations/${id}/emails`);
  const inv = invRead.data ?? null;
  const emails = emailsRead.error ? [] : (emailsRead.data?.items ?? null);
  const error = invRead.error ? errorText(invRead.error) : null;
  const { reload: reloadInv } = invRead;
  const { reload: reloadEmails } = emailsRead;
  const load = useCallback(async () => {
    await reloadInv();
    await reloadEmails();
  }, [reloadInv, reloadEmails]);
  const { items, dialogs } = useInvitationActions(
    inv ?? ({ id, status: 'accepted', actions: [] } as unknown as Invitation),
    () => load(),
    load,
  );
  if (error)
    return (
      <>
        <PageHead title={t('people.detail.title')} />
        <FormError error={error} />
        <Link to={`${base}/people`}>{t('people.detail.back')}</Link>
      </>
    );
  if (!inv) return <Spinner />;
  const invitedBy = inv.invitedBy;
  const locale = (inv as { locale?: string | null }).locale;
  return (
    <>
      <p className="breadcrumb">
        <Link to={`${base}/people`}>{t('people.title')}</Link> <span aria-hidden="true">›</span>{' '}
        {t('people.detail.title')}
      </p>
      <PageHead title={inv.email}>
        {items.map((a) => (
          <button
            key={a.label}
            type="button"
            className={a.danger ? 'danger' : undefined}
            onClick={a.onSelect}
          >
            {a.label}
          </button>
        ))}
      </PageHead>
      {dialogs}
      <div className="detail-grid">
        <section className="panel" aria-labelledby="inv-summary">
          <h2 id="inv-summary">{t('people.detail.summary')}</h2>
          <dl className="dl">
            <dt>{t('people.detail.status')}</dt>
            <dd>
              <StatusBadge inv={inv} />
              {!items.length && <div className="muted small">{statusReason(inv)}</div>}
            </dd>
            {inv.user && (
              <>
                <dt>{t('people.detail.name')}</dt>
                <dd>{inv.user.name}</dd>
              </>
            )}
            <dt>{t('people.detail.role')}</dt>
            <dd>{roleName(t, inv.role)}</dd>
            <dt>{t('people.detail.groups')}</dt>
            <dd>
              {formatList(
                inv.groups.map((g) => g.name),
                { type: 'unit', style: 'short' },
              ) || '—'}
            </dd>
            <dt>{t('people.detail.language')}</dt>
            <dd>
              {locale
                ? languageName(locale, defaultLocale)
                : t('people.detail.languageDefault', { language: languageName(null, defaultLocale) })}
            </dd>
            {invitedBy && (
              <>
                <dt>{t('people.detail.invitedBy')}</dt>
                <dd>{invitedBy}</dd>
              </>
            )}
            <dt>{t('people.detail.created')}</dt>
            <dd>{fullTime(inv.createdAt)}</dd>
            {inv.sendAt && inv.status === 'scheduled' && (
              <>
                <dt>{t('people.detail.sends')}</dt>
                <dd>{sendTimeText(inv.sendAt, zone)}</dd>
              </>
            )}
            <dt>{inv.status === 'expired' ? t('people.detail.expired') : t('people.detail.expires')}</dt>
            <dd>{inv.expiresAt ? fullTime(inv.expiresAt) : '—'}</dd>
            <dt>{t('people.detail.timesSent')}</dt>
            <dd>{formatNumber(inv.sentCount)}</dd>
            <dt>{t('people.detail.delivery')}</dt>
            <dd>
              <span className={`badge delivery-${inv.delivery?.status}`}>
                {deliveryLabel(inv.delivery?.status)}
              </span>
              {inv.delivery?.detail && (
                <div className="server-answer">
                  <T id="people.detail.serverAnswer" values={{ answer: inv.delivery.detail, code }} />
                </div>
              )}
            </dd>
            {inv.message && (
              <>
                <dt>{t('people.detail.message')}</dt>
                <dd className="pre">{inv.message}</dd>
              </>
            )}
            {inv.app && (
              <>
                <dt>{t('people.detail.continuesTo')}</dt>
                <dd>
                  {inv.app.name}
                  {inv.returnPath && <code className="small"> {inv.returnPath}</code>}
                </dd>
              </>
            )}
            {inv.metadata && (
              <>
                <dt>{t('people.detail.metadata')}</dt>
                <dd>
                  <pre className="metadata">{JSON.stringify(inv.metadata, null, 2)}</pre>
                </dd>
              </>
            )}
          </dl>
        </section>
        <section className="panel" aria-labelledby="inv-history">
          <h2 id="inv-history">{t('people.detail.history')}</h2>
          <ol className="timeline">
            {(inv.events ?? []).map((e, i) => (
              // biome-ignore lint/suspicious/noArrayIndexKey: history is append-only and ordered
              <li key={`${e.at}-${i}`}>
                <strong>{eventLabel(e.type)}</strong>{' '}
                <span className="muted">
                  {e.actor?.name
                    ? t('people.detail.by', { name: actorName(e.actor) })
                    : e.actor?.type === 'system'
                      ? t('people.detail.byBeckon')
                      : ''}
                </span>
                <div className="small muted">
                  <time dateTime={e.at}>{fullTime(e.at)}</time>
                </div>
                {/* The server's sentence, with names: never the stored detail's keys and ids. */}
                {isCorrection(e.detail) ? (
                  <CorrectionNote detail={e.detail} base={base} />
                ) : (
                  e.note && <div className="small">{e.note}</div>
                )}
              </li>
            ))}
          </ol>
        </section>
      </div>
      <section className="panel" aria-labelledby="inv-emails">
        <h2 id="inv-emails">{t('people.detail.emails')}</h2>
        {!emails ? (
          <Spinner />
        ) : emails.length === 0 ? (
          <p className="muted">{t('people.detail.noEmails')}</p>
        ) : (
          <ul className="plain-list emails">
            {emails.map((m) => (
              <li key={m.id}>
                <details>
                  <summary>
                    <T
                      id="people.detail.emailSummary"
                      values={{
                        subject: m.subject,
                        kind: t('people.detail.emailKind', { kind: m.kind }),
                        b: (chunks) => <strong>{chunks}</strong>,
                        status: (
                          <span className={`badge delivery-${m.status}`}>{deliveryLabel(m.status)}</span>
                        ),
                        time: <span className="muted small">{fullTime(m.sentAt ?? m.createdAt)}</span>,
                      }}
                    />
                  </summary>
                  {m.lastResponse && (
                    <p className="server-answer">
                      <T id="people.detail.serverAnswer" values={{ answer: m.lastResponse, code }} />
                    </p>
                  )}
                  <pre className="email-text">{m.text}</pre>
                </details>
              </li>
            ))}
          </ul>
        )}
      </section>
    </>
  );
}
