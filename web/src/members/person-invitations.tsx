import { useIntl } from 'react-intl';
import { type Invitation, post } from '../api.ts';
import { useOrg } from '../console/org-context.ts';
import { useT } from '../i18n/use-t.tsx';
import { Link } from '../router.tsx';
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
      {invitations.length === 0 ? (
        <p className="muted">{t('members.invitations.none')}</p>
      ) : (
        <div className="table-wrap">
          <table className="table" data-testid="person-invitations">
            <thead>
              <tr>
                <th scope="col">{t('members.invitations.col.sent')}</th>
                <th scope="col">{t('members.invitations.col.status')}</th>
                <th scope="col">{t('members.invitations.col.roleAndGroups')}</th>
                <th scope="col">
                  <span className="visually-hidden">{t('members.invitations.col.actions')}</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {invitations.map((i) => (
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
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}
