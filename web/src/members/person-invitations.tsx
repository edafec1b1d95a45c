import { useIntl } from 'react-intl';
import { type Invitation, post } from '../api.ts';
import { useOrg } from '../console/org-context.ts';
import { useT } from '../i18n/use-t.tsx';
import { Link } from '../router.tsx';
import { DataTable } from '../ui/data-table.tsx';
import { errorText } from '../ui/error-text.ts';
import { Time } from '../ui/time.tsx';
import { useToast } from '../ui/toast.tsx';

/** Every invitation to the person's address, newest first; a pending one can be resent here. */
export function PersonInvitations({
  invitations,
  onChange,
}: {
  invitations: Invitation[];
  onChange: () => void;
}) {
  const { org, base } = useOrg();
  const t = useT();
  const intl = useIntl();
  const toast = useToast();
  async function resend(i: Invitation) {
    try {
      await post(`/orgs/${org.id}/invitations/${i.id}/resend`);
      toast(
        'success',
        i.status === 'expired'
          ? t('members.invitations.renewed', { email: i.email })
          : t('members.invitations.resent', { email: i.email }),
      );
      onChange();
    } catch (e) {
      toast('error', errorText(e));
    }
  }
  return (
    <section className="panel" aria-labelledby="person-invitations">
      <h2 id="person-invitations">{t('members.invitations.title')}</h2>
      <DataTable
        items={invitations}
        empty={<p className="muted">{t('members.invitations.none')}</p>}
        testId="person-invitations"
        columns={[
          { label: t('members.invitations.col.sent') },
          { label: t('members.invitations.col.status') },
          { label: t('members.invitations.col.roleAndGroups') },
          { label: t('members.invitations.col.actions'), hidden: true },
        ]}
        row={(i) => (
          <tr key={i.id}>
            <td>
              <Link
                to={`${base}/invitations/${i.id}`}
                aria-label={t('members.invitations.of', { date: intl.formatDate(i.createdAt) })}
              >
                <Time iso={i.createdAt} />
              </Link>
            </td>
            <td>
              <span className={`badge status-${i.status}`}>
                {t('members.invitations.status', { status: i.status })}
              </span>
            </td>
            <td>
              {t('members.invitations.role', { role: i.role })}
              {i.groups.length > 0 && (
                <span className="muted">
                  {' '}
                  ·{' '}
                  {intl.formatList(
                    i.groups.map((g) => g.name),
                    { type: 'unit', style: 'short' },
                  )}
                </span>
              )}
            </td>
            <td>
              {(i.actions.includes('resend') || i.actions.includes('renew')) && (
                <button type="button" className="small" onClick={() => resend(i)}>
                  {i.actions.includes('renew')
                    ? t('members.invitations.renew')
                    : t('members.invitations.resend')}
                </button>
              )}
            </td>
          </tr>
        )}
      />
    </section>
  );
}
