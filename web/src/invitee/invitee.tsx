import { match, useLocation } from '../router.tsx';
import { DeadLink } from './dead-link.tsx';
import { InvitePage } from './invite-page.tsx';
import { JoinPage } from './join-page.tsx';
import { JoinVerifyPage } from './join-verify-page.tsx';

export default function Invitee() {
  const { path } = useLocation();
  const invite = match('/invite/:token', path);
  if (invite) return <InvitePage key={invite.token} token={invite.token!} />;
  const verify = match('/join/verify/:token', path) ?? match('/join/:slug/verify/:token', path);
  if (verify) return <JoinVerifyPage token={verify.token!} />;
  const join = match('/join/:slug', path);
  if (join) return <JoinPage slug={join.slug!} />;
  return <DeadLink code="unknown" />;
}
