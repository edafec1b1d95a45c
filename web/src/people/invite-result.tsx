import type { Invitation } from '../api.ts';
import { useT } from '../i18n/use-t.tsx';
import { sendTimeText, useSendZone } from '../send-time/send-zone.ts';
import { Dialog } from '../ui/dialog.tsx';
import { AddressProblem, type AddressProblemAnswer } from './address-problem.tsx';

export interface InviteAnswer {
  invitations: Invitation[];
  rejected: Array<{ email: string; code: string } & AddressProblemAnswer>;
}

/** What the invite dialog shows once sent: who was invited (or scheduled) and who was not, and why. */
export function InviteResult({
  result,
  later,
  onInviteMore,
  onDone,
}: {
  result: InviteAnswer;
  later: boolean;
  onInviteMore: () => void;
  onDone: () => void;
}) {
  const t = useT();
  const { zone } = useSendZone();
  const invited = result.invitations.length;
  return (
    <Dialog title={t('people.tabs.invitations')} onClose={onDone} wide>
      <div className="dialog-body" data-testid="invite-result">
        <h3>
          {later && invited
            ? t('people.result.scheduled', { count: invited })
            : t('people.result.invited', { count: invited })}
        </h3>
        {result.invitations.length ? (
          <ul className="plain-list ok-list">
            {result.invitations.map((i) => (
              <li key={i.id}>
                <span aria-hidden="true">✓</span> <bdi>{i.email}</bdi>
                {i.sendAt && i.status === 'scheduled'
                  ? ` — ${t('people.result.sends', { time: sendTimeText(i.sendAt, zone) })}`
                  : ''}
              </li>
            ))}
          </ul>
        ) : (
          <p className="muted">{t('people.result.nobody')}</p>
        )}
        {result.rejected.length > 0 && (
          <>
            <h3>{t('people.result.notInvited', { count: result.rejected.length })}</h3>
            <ul className="plain-list bad-list">
              {result.rejected.map((r) => (
                <li key={r.email}>
                  <strong>
                    <bdi>{r.email}</bdi>
                  </strong>
                  : <AddressProblem answer={r} />
                  {r.suggestion ? ` ${t('people.check.didYouMean', { suggestion: r.suggestion })}` : ''}
                </li>
              ))}
            </ul>
          </>
        )}
      </div>
      <div className="dialog-actions">
        <button type="button" onClick={onInviteMore}>
          {t('people.result.inviteMore')}
        </button>
        <button type="button" className="primary" onClick={onDone}>
          {t('people.result.done')}
        </button>
      </div>
    </Dialog>
  );
}
