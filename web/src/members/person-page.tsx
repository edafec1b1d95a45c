import { useIntl } from 'react-intl';
import { useOrg } from '../console/org-context.ts';
import { PageHead } from '../console/page-head.tsx';
import { useQuery } from '../data/use-query.ts';
import { useT } from '../i18n/use-t.tsx';
import { Link } from '../router.tsx';
import { errorText } from '../ui/error-text.ts';
import { FormError } from '../ui/form-error.tsx';
import { Spinner } from '../ui/spinner.tsx';
import { Time } from '../ui/time.tsx';
import { permissionName } from './permission-names.ts';
import { PersonActions } from './person-actions.tsx';
import { PersonHistory } from './person-history.tsx';
import { PersonInvitations } from './person-invitations.tsx';
import type { MemberProfile } from './person-types.ts';
import { roleName } from './role-names.ts';

/** Names side by side, as a list in the reader's language. */
const LIST = { type: 'unit', style: 'short' } as const;

/** One person: membership, invitations across time, role changes, last sign-in, what applies. */
export function PersonPage({ id }: { id: string }) {
  const { org, base } = useOrg();
  const t = useT();
  const intl = useIntl();
  const read = useQuery<MemberProfile>(`/orgs/${org.id}/members/${encodeURIComponent(id)}/profile`);
  const profile = read.data;
  const error = read.error ? errorText(read.error) : null;
  const load = read.reload;
  if (error && !profile)
    return (
      <>
        <PageHead title={t('members.page.notFound')} />
        <FormError error={error} />
        <Link to={`${base}/people`}>{t('members.page.back')}</Link>
      </>
    );
  if (!profile) return <Spinner />;
  const { member } = profile;
  return (
    <>
      <p className="breadcrumb">
        <Link to={`${base}/people`}>{t('members.page.people')}</Link>
      </p>
      <PageHead title={member.name} lead={member.email} />
      <section className="panel" aria-labelledby="person-membership">
        <h2 id="person-membership">{t('members.page.membership')}</h2>
        <dl className="dl" data-testid="person-facts">
          <dt>{t('members.page.role')}</dt>
          <dd>
            {member.permissions.length > 0
              ? t('members.page.roleWithPermissions', {
                  role: roleName(t, member.role),
                  permissions: intl.formatList(
                    member.permissions.map((p) => permissionName(t, p)),
                    LIST,
                  ),
                })
              : roleName(t, member.role)}
          </dd>
          <dt>{t('members.page.status')}</dt>
          <dd>{member.status === 'active' ? t('members.page.active') : t('members.page.deactivated')}</dd>
          <dt>{t('members.page.lastSignIn')}</dt>
          <dd>
            {member.lastSignInAt ? <Time iso={member.lastSignInAt} /> : t('members.page.neverSignedIn')}
          </dd>
          <dt>{t('members.page.memberSince')}</dt>
          <dd>
            <Time iso={member.createdAt} />
          </dd>
          <dt>{t('members.page.groups')}</dt>
          <dd>
            {member.groups.length
              ? intl.formatList(
                  member.groups.map((g) => (
                    <Link key={g.id} to={`${base}/groups/${g.id}`}>
                      {g.name}
                    </Link>
                  )),
                  LIST,
                )
              : t('members.page.none')}
          </dd>
          <dt>{t('members.page.trainings')}</dt>
          <dd>
            {member.trainings.length
              ? intl.formatList(
                  member.trainings.map((x) => x.name),
                  LIST,
                )
              : t('members.page.none')}
          </dd>
        </dl>
      </section>
      <PersonActions profile={profile} onChange={load} />
      <PersonInvitations invitations={profile.invitations} onChange={load} />
      {profile.history && <PersonHistory history={profile.history} />}
    </>
  );
}
