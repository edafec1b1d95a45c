import { useState } from 'react';
import { ApiError, post } from '../api.ts';
import { CardPage } from '../auth/card-page.tsx';
import { useQuery } from '../data/use-query.ts';
import { msg, T, useT } from '../i18n/use-t.tsx';
import { ContinueLink } from '../landing/continue-link.tsx';
import type { ContinueTo } from '../landing/types.ts';
import { Link, navigate } from '../router.tsx';
import { useApp } from '../session.tsx';
import { Spinner } from '../ui/spinner.tsx';
import { useShownLocale } from './page-language.tsx';
import { bold, isolated } from './rich.tsx';
import { WhoAreYou } from './who-are-you.tsx';

/** Why a verification link no longer works, by the answer's code. */
const DEAD_REASON: Record<string, string> = {
  used: msg('invitee.verify.dead.used'),
  expired: msg('invitee.verify.dead.expired'),
  join_closed: msg('invitee.verify.dead.closed'),
};

export function JoinVerifyPage({ token }: { token: string }) {
  const t = useT();
  const { refresh } = useApp();
  const locale = useShownLocale();
  const read = useQuery<{
    organization: { name: string };
    email: string;
    accountExists: boolean;
  }>(`/join/verify/${encodeURIComponent(token)}`);
  const info = read.data;
  // Why the link cannot be used, by the answer's code.
  const dead = read.error ? (read.error instanceof ApiError ? read.error.code : 'unknown') : null;
  const [joined, setJoined] = useState<{ orgId: string; continueTo: ContinueTo | null } | null>(null);
  if (dead)
    return (
      <CardPage title={dead === 'used' ? t('invitee.verify.usedTitle') : t('invitee.verify.deadTitle')}>
        <p>{t(DEAD_REASON[dead] ?? msg('invitee.verify.dead.unknown'))}</p>
        {dead === 'used' ? (
          // Used once already: the account exists, so the way in is signing in.
          <>
            <p>
              <T id="invitee.signIn.todo" values={{ b: bold }} />{' '}
              <Link to="/forgot-password">{t('invitee.signIn.forgotPassword')}</Link>
            </p>
            <p>
              <Link to="/sign-in" className="button primary">
                {t('invitee.signIn.button')}
              </Link>
            </p>
          </>
        ) : (
          <p>
            <T id="invitee.verify.todo" values={{ b: bold }} />
          </p>
        )}
      </CardPage>
    );
  if (!info)
    return (
      <CardPage title={t('invitee.verify.loadingTitle')}>
        <Spinner />
      </CardPage>
    );
  const org = info.organization.name;
  if (joined)
    return (
      <CardPage title={t('invitee.welcome.title', { org })}>
        <p role="status">
          <T id="invitee.verify.joined" values={{ org: isolated(org) }} />
        </p>
        {joined.continueTo && <ContinueLink to={joined.continueTo} />}
        <button
          type="button"
          className={joined.continueTo ? 'block' : 'primary block'}
          onClick={() => navigate(`/o/${joined.orgId}`)}
        >
          {t('invitee.welcome.goTo', { org })}
        </button>
      </CardPage>
    );
  return (
    <CardPage title={t('invitee.joinOrg', { org })}>
      <p>
        <T id="invitee.verify.lastStep" values={{ org: isolated(org) }} />
      </p>
      <WhoAreYou
        email={info.email}
        accountExists={info.accountExists}
        action="join"
        onAccept={async (body) => {
          const r = await post<{ organization: { id: string }; continueTo?: ContinueTo | null }>(
            `/join/verify/${encodeURIComponent(token)}`,
            { ...body, ...(locale && { locale }) },
          );
          await refresh();
          setJoined({ orgId: r.organization.id, continueTo: r.continueTo ?? null });
        }}
      />
    </CardPage>
  );
}
