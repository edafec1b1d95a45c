import { useIntl } from 'react-intl';
import { can, type Group } from '../api.ts';
import { useOrg } from '../console/org-context.ts';
import { PageHead } from '../console/page-head.tsx';
import { useQuery } from '../data/use-query.ts';
import { useT } from '../i18n/use-t.tsx';
import { Link } from '../router.tsx';
import { errorText } from '../ui/error-text.ts';
import { FormError } from '../ui/form-error.tsx';
import { Spinner } from '../ui/spinner.tsx';
import { GroupInvitations } from './group-invitations.tsx';
import { GroupManagers } from './group-managers.tsx';
import { GroupMembers } from './group-members.tsx';

/** Training names side by side, as a list in the reader's language. */
const LIST = { type: 'unit', style: 'short' } as const;

/** One group: its managers, its members and the invitations into it. */
export function GroupPage({ id }: { id: string }) {
  const { org, base } = useOrg();
  const t = useT();
  const intl = useIntl();
  const {
    data: group,
    error,
    setData: setGroup,
  } = useQuery<Group>(`/orgs/${org.id}/groups/${encodeURIComponent(id)}`);
  if (error)
    return (
      <>
        <PageHead title={t('groups.page.notFound')} />
        <FormError error={errorText(error)} />
        <Link to={`${base}/groups`}>{t('groups.page.back')}</Link>
      </>
    );
  if (!group) return <Spinner />;
  return (
    <>
      <p className="breadcrumb">
        <Link to={`${base}/groups`}>{t('groups.title')}</Link>
      </p>
      <PageHead
        title={group.name}
        lead={
          group.trainings.length
            ? t('groups.page.trainings', { list: intl.formatList(group.trainings, LIST) })
            : t('groups.page.noTrainings')
        }
      />
      <GroupManagers orgId={org.id} group={group} canEdit={can(org, 'settings')} onChange={setGroup} />
      <GroupInvitations orgId={org.id} group={group} />
      {/* Managers belong to the group: the list reloads when they change. */}
      <GroupMembers key={(group.managerIds ?? []).join()} orgId={org.id} group={group} />
    </>
  );
}
