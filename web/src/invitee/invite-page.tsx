import { useEffect, useState } from 'react';
import { ApiError, post } from '../api.ts';
import { CardPage } from '../auth/card-page.tsx';
import { useQuery } from '../data/use-query.ts';
import { msg, T, useT } from '../i18n/use-t.tsx';
import { ContinueLink } from '../landing/continue-link.tsx';
import type { ContinueTo } from '../landing/types.ts';
import { navigate } from '../router.tsx';
import { useApp } from '../session.tsx';
import { ConfirmDialog } from '../ui/confirm-dialog.tsx';
import { errorText } from '../ui/error-text.ts';
import { FormError } from '../ui/form-error.tsx';
import { Spinner } from '../ui/spinner.tsx';
import { zonedTime } from '../ui/time.tsx';
import { DeadLink } from './dead-link.tsx';
import type { DeadLinkInfo, InvitationView } from './invitation-view.ts';
import { LanguageSwitcher, usePageLanguage, useShownLocale } from './page-language.tsx';
import { bold, isolated } from './rich.tsx';
import { roleName } from './role-name.ts';
import { WhoAreYou } from './who-are-you.tsx';

export function InvitePage({ token }: { token: string }) {
  const t = useT();
  const { refresh } = useApp();
  const read = useQuery<InvitationView>(`/invitations/${encodeURIComponent(token)}`);
  const view = read.data ?? null;
  // Set by accepting or declining; a link that cannot be read says so the same way.
  const [deadAfter, setDead] = useState<DeadLinkInfo | null>(null);
  const [errorAfter, setError] = useState<string | null>(null);
  const readDead = read.error ? deadOnRead(read.error) : null;
  const dead = deadAfter ?? readDead;
  const error = errorAfter ?? (read.error && !readDead ? errorText(read.error) : null);
  const [done, setDone] = useState<
    null | { kind: 'accepted'; orgId: string; continueTo: ContinueTo | null } | { kind: 'declined' }
  >(null);
  // The email's "Decline the invitation" link opens the page with ?decline=1: it asks, never declines by itself.
  const [confirmDecline, setConfirmDecline] = useState(
    () => new URLSearchParams(window.location.search).get('decline') === '1',
  );
  usePageLanguage(view);
  const locale = useShownLocale();

  // Shown in a browser: tell the server once, so the history says "viewed" and not merely
  // "link checked" (scanners fetch the page but never run this). No cookie: it needs no identity.
  const shown = view !== null;
  useEffect(() => {
    if (!shown) return;
    fetch(`/api/v1/invitations/${encodeURIComponent(token)}/viewed`, {
      method: 'POST',
      credentials: 'omit',
      keepalive: true,
    }).catch(() => {});
  }, [shown, token]);

  const failed = (e: unknown) => {
    if (e instanceof ApiError && e.status === 410) setDead({ ...deadInfo(e), org: view?.organization.name });
    throw e;
  };

  if (dead) return <DeadLink {...dead} token={token} />;
  if (error)
    return (
      <CardPage title={t('invitee.error.title')}>
        <FormError error={error} />
      </CardPage>
    );
  if (!view)
    return (
      <CardPage title={t('invitee.invite.loadingTitle')}>
        <Spinner />
      </CardPage>
    );
  const org = view.organization.name;
  if (done?.kind === 'accepted')
    return (
      <CardPage title={t('invitee.welcome.title', { org })} look={view.organization}>
        <p role="status">
          <T
            id="invitee.welcome.joined"
            values={{ org: isolated(org), ready: readiness(view.groups.length, view.trainings.length) }}
          />
        </p>
        {done.continueTo && <ContinueLink to={done.continueTo} />}
        <button
          type="button"
          className={done.continueTo ? 'block' : 'primary block'}
          onClick={() => navigate(`/o/${done.orgId}`)}
        >
          {t('invitee.welcome.goTo', { org })}
        </button>
      </CardPage>
    );
  if (done?.kind === 'declined')
    return (
      <CardPage title={t('invitee.declined.title')} look={view.organization}>
        <p role="status">
          <T id="invitee.declined.body" values={{ org: isolated(org) }} />
        </p>
      </CardPage>
    );

  const leadValues = {
    b: bold,
    inviter: isolated(view.inviterName ?? ''),
    email: isolated(view.email),
    org: isolated(org),
    role: roleName(t, view.role),
    // Which role, for languages whose sentence changes with it (French elides "que" before a vowel).
    roleKey: view.role,
  };
  return (
    <CardPage title={t('invitee.joinOrg', { org })} look={view.organization}>
      <LanguageSwitcher languages={view.languages} />
      <p className="lead">
        <T
          id={view.inviterName ? msg('invitee.invite.leadByInviter') : msg('invitee.invite.leadByAdmin')}
          values={leadValues}
        />
      </p>
      {view.message && (
        <blockquote className="personal-message" dir="auto">
          {view.message}
        </blockquote>
      )}
      <p className="muted small">{t('invitee.invite.expires', { when: zonedTime(view.expiresAt) })}</p>
      <WhoAreYou
        email={view.email}
        accountExists={view.accountExists}
        action="accept"
        onAccept={async (body) => {
          try {
            const r = await post<{ organization: { id: string }; continueTo?: ContinueTo | null }>(
              `/invitations/${encodeURIComponent(token)}/accept`,
              { ...body, ...(locale && { locale }) },
            );
            await refresh();
            setDone({ kind: 'accepted', orgId: r.organization.id, continueTo: r.continueTo ?? null });
          } catch (e) {
            failed(e);
          }
        }}
      />
      <p className="center decline">
        {t('invitee.invite.notForYou')}{' '}
        <button type="button" className="link" onClick={() => setConfirmDecline(true)}>
          {t('invitee.invite.decline')}
        </button>
      </p>
      {confirmDecline && (
        <ConfirmDialog
          title={t('invitee.decline.title')}
          danger
          confirmLabel={t('invitee.decline.confirm')}
          cancelLabel={t('invitee.decline.keep')}
          body={
            <p>
              <T id="invitee.decline.body" values={{ org: isolated(org) }} />
            </p>
          }
          onClose={() => setConfirmDecline(false)}
          onConfirm={async () => {
            try {
              await post(`/invitations/${encodeURIComponent(token)}/decline`, {});
              setConfirmDecline(false);
              setDone({ kind: 'declined' });
            } catch (e) {
              setConfirmDecline(false);
              if (e instanceof ApiError && e.status === 410) setDead({ code: e.code, org });
              else setError(errorText(e));
            }
          }}
        />
      )}
    </CardPage>
  );
}

/** What the welcome says is ready: groups and trainings only when there are some. */
function readiness(groups: number, trainings: number): string {
  if (groups && trainings) return 'both';
  if (trainings) return 'trainings';
  if (groups) return groups === 1 ? 'group' : 'groups';
  return 'none';
}

/** An expired link's answer names the organization and who invited. */
/** A link gone (410) or never issued (404) is a dead link; other failures are errors. */
function deadOnRead(e: unknown): DeadLinkInfo | null {
  if (e instanceof ApiError && e.status === 410) return deadInfo(e);
  if (e instanceof ApiError && e.status === 404) return { code: 'unknown' };
  return null;
}

function deadInfo(e: ApiError): DeadLinkInfo {
  const org = e.details.organization as DeadLinkInfo['look'] | undefined;
  return {
    code: e.code,
    org: org?.name,
    orgId: typeof e.details.organizationId === 'string' ? e.details.organizationId : undefined,
    look: org ?? null,
    inviterName: (e.details.inviterName as string | null | undefined) ?? null,
    canRequestNew: e.details.canRequestNew === true,
  };
}
