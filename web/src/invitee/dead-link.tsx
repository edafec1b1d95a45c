import { CardPage } from '../auth/card-page.tsx';
import { msg, T, useT } from '../i18n/use-t.tsx';
import { Link } from '../router.tsx';
import { useApp } from '../session.tsx';
import type { DeadLinkInfo } from './invitation-view.ts';
import { RequestNewInvitation } from './request-new.tsx';
import { bold, isolated } from './rich.tsx';

/** The message ids of one dead link: what happened (with the organization's name when known), and what to do now. */
interface DeadText {
  title: string;
  body: string;
  bodyWithOrg?: string;
  todo: string;
  todoWithOrg?: string;
}

/** What each dead link says: what happened, and what to do now (seed 003). */
const DEAD: Record<string, DeadText> = {
  expired: {
    title: msg('invitee.dead.expired.title'),
    body: msg('invitee.dead.expired.body'),
    todo: msg('invitee.dead.expired.todo'),
    todoWithOrg: msg('invitee.dead.expired.todoWithOrg'),
  },
  cancelled: {
    title: msg('invitee.dead.cancelled.title'),
    body: msg('invitee.dead.cancelled.body'),
    bodyWithOrg: msg('invitee.dead.cancelled.bodyWithOrg'),
    todo: msg('invitee.dead.cancelled.todo'),
  },
  replaced: {
    title: msg('invitee.dead.replaced.title'),
    body: msg('invitee.dead.replaced.body'),
    bodyWithOrg: msg('invitee.dead.replaced.bodyWithOrg'),
    todo: msg('invitee.dead.replaced.todo'),
  },
  declined: {
    title: msg('invitee.dead.declined.title'),
    body: msg('invitee.dead.declined.body'),
    bodyWithOrg: msg('invitee.dead.declined.bodyWithOrg'),
    todo: msg('invitee.dead.declined.todo'),
  },
  accepted: {
    title: msg('invitee.dead.accepted.title'),
    body: msg('invitee.dead.accepted.body'),
    todo: msg('invitee.signIn.todo'),
  },
  unknown: {
    title: msg('invitee.dead.unknown.title'),
    body: msg('invitee.dead.unknown.body'),
    todo: msg('invitee.dead.unknown.todo'),
  },
};

export function DeadLink({
  code,
  org,
  orgId,
  look,
  inviterName,
  canRequestNew,
  token,
}: DeadLinkInfo & { token?: string }) {
  const t = useT();
  const { session } = useApp();
  const d = DEAD[code] ?? DEAD.unknown!;
  // An accepted link reopened by someone signed in: nothing to sign in to, somewhere to go.
  const signedInAfterAccepting = code === 'accepted' && session !== null;
  const member = session?.organizations.some((o) => o.id === orgId && o.status !== 'deactivated');
  const destination = member ? `/o/${orgId}` : '/';
  const values = { b: bold, org: isolated(org ?? ''), inviter: isolated(inviterName ?? '') };
  return (
    <CardPage title={t(d.title)} look={look}>
      <div data-testid={`dead-${code in DEAD ? code : 'unknown'}`}>
        <p>
          <T id={org && d.bodyWithOrg ? d.bodyWithOrg : d.body} values={values} />
        </p>
        {signedInAfterAccepting ? (
          <>
            <p>{t('invitee.dead.accepted.signedIn')}</p>
            <p>
              <Link to={destination} className="button primary">
                {t('invitee.welcome.goTo', { org: org ?? 'Beckon' })}
              </Link>
            </p>
          </>
        ) : code === 'expired' && inviterName ? (
          <p>
            <T
              id={org ? msg('invitee.dead.expired.inviterWithOrg') : msg('invitee.dead.expired.inviter')}
              values={values}
            />
          </p>
        ) : (
          <p>
            <T id={org && d.todoWithOrg ? d.todoWithOrg : d.todo} values={values} />
            {code === 'accepted' && (
              <>
                {' '}
                <Link to="/forgot-password">{t('invitee.signIn.forgotPassword')}</Link>
              </>
            )}
          </p>
        )}
        {code === 'accepted' && !signedInAfterAccepting && (
          <p>
            <Link to="/sign-in" className="button primary">
              {t('invitee.signIn.button')}
            </Link>
          </p>
        )}
        {code === 'expired' && canRequestNew && token && (
          <RequestNewInvitation token={token} inviterName={inviterName ?? null} />
        )}
      </div>
    </CardPage>
  );
}
