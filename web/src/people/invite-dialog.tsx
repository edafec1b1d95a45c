import { type FormEvent, useEffect, useMemo, useRef, useState } from 'react';
import { type Invitation, post, type Role } from '../api.ts';
import { useOrg } from '../console/org-context.ts';
import { CreditAllowance } from '../credits/credit-balance.tsx';
import { creditsChanged } from '../credits/people-credits.tsx';
import { useCreditBalance } from '../credits/use-credit-balance.ts';
import { ExpiryField, expiryBody, expiryProblem } from '../expiry/expiry-field.tsx';
import { useGroups } from '../groups/use-groups.ts';
import { useT } from '../i18n/use-t.tsx';
import { LandingFields } from '../landing/landing-fields.tsx';
import { useAppChoices } from '../landing/use-app-choices.ts';
import { grantableRoles } from '../members/grantable-roles.ts';
import { RoleGrant } from '../members/role-grants.tsx';
import { roleName } from '../members/role-names.ts';
import { SendWhen, sendTimeProblem } from '../send-time/send-when.tsx';
import { Dialog } from '../ui/dialog.tsx';
import { errorText } from '../ui/error-text.ts';
import { Field } from '../ui/field.tsx';
import { FormError } from '../ui/form-error.tsx';
import { useToast } from '../ui/toast.tsx';
import { EmailsField } from './emails-field.tsx';
import { GroupChoices } from './group-choices.tsx';
import { LanguageField, useInviteLanguages } from './invite-language.tsx';
import { type InviteAnswer, InviteResult } from './invite-result.tsx';
import { METADATA_EXAMPLE, MetadataField, parseMetadata } from './metadata-field.tsx';
import { parseEmails } from './parse-emails.ts';
import { useAddressChecks } from './use-address-checks.ts';
import { useSettings } from './use-settings.ts';

/** The send time a form starts with: in an hour, to the minute. */
function inAnHour(): string {
  const at = new Date(Date.now() + 3600_000);
  at.setUTCSeconds(0, 0);
  return at.toISOString();
}

export function InviteDialog({ onClose }: { onClose: (changed: boolean) => void }) {
  const { org } = useOrg();
  const toast = useToast();
  const t = useT();
  const settings = useSettings(org.id);
  const languages = useInviteLanguages(settings);
  // The invitation's language: null keeps the organization's default.
  const [locale, setLocale] = useState<string | null>(null);
  const { groups } = useGroups(org.id);
  const apps = useAppChoices(org.id);
  const [landing, setLanding] = useState({ appId: '', returnPath: '' });
  const [metadata, setMetadata] = useState('');
  const [metadataError, setMetadataError] = useState<string | null>(null);
  const [text, setText] = useState('');
  const [role, setRole] = useState<Role>('learner');
  const [groupIds, setGroupIds] = useState<string[]>([]);
  const [message, setMessage] = useState('');
  const [expiry, setExpiry] = useState('');
  const [later, setLater] = useState(false);
  const [sendAt, setSendAt] = useState(inAnHour);
  const [keepAsTyped, setKeepAsTyped] = useState<string[]>([]);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [result, setResult] = useState<InviteAnswer | null>(null);
  // Invitations sent before "Invite more": the list behind the dialog changed even if this round is cancelled.
  const [sentEarlier, setSentEarlier] = useState(false);
  const textRef = useRef<HTMLTextAreaElement>(null);
  // "Invite more" shows the form again: its first field takes the focus once it is back.
  const [fresh, setFresh] = useState(0);
  useEffect(() => {
    if (fresh) textRef.current?.focus();
  }, [fresh]);

  const emails = useMemo(() => parseEmails(text), [text]);
  const limit = settings?.manualEntryLimit ?? 10;
  const maxExpiryDays = settings?.inviteExpiryDays ?? 7;
  const { credits } = useCreditBalance(org.id);
  const { check, reset: resetChecks } = useAddressChecks(org.id, emails, limit);

  function applySuggestion(from: string, to: string) {
    setText((t) =>
      t
        .split(/(\s+|,|;)/)
        .map((part) => (part.trim().toLowerCase() === from.toLowerCase() ? to : part))
        .join(''),
    );
    toast('success', t('people.invite.changed', { from, to }));
    textRef.current?.focus();
  }

  // What the button counts: distinct addresses that will be sent, a suspected typo only when kept as typed.
  const sendable = new Set(
    emails
      .filter((x) => {
        const c = check(x);
        return c.ok || (c.code === 'possible_typo' && keepAsTyped.includes(x.toLowerCase()));
      })
      .map((x) => x.toLowerCase()),
  ).size;
  const distinct = new Set(emails.map((x) => x.toLowerCase())).size;
  // A message about the form as it was no longer applies once it changes.
  // biome-ignore lint/correctness/useExhaustiveDependencies: cleared on any change of these inputs
  useEffect(() => {
    setError(null);
  }, [text, role, groupIds, later, sendAt]);

  /** "Invite more": a fresh form, as when the dialog first opened. */
  function startOver() {
    if (result && result.invitations.length > 0) setSentEarlier(true);
    setResult(null);
    setText('');
    setRole('learner');
    setGroupIds([]);
    setMessage('');
    setExpiry('');
    setLater(false);
    setSendAt(inAnHour());
    setLocale(null);
    resetChecks();
    setKeepAsTyped([]);
    setError(null);
    setFresh((n) => n + 1);
  }

  const tooMany = emails.length > limit;
  const groupMissing = !!settings?.requireGroup && groupIds.length === 0;

  async function submit(e: FormEvent) {
    e.preventDefault();
    setError(null);
    if (!emails.length) return setError(t('people.invite.noAddress'));
    if (tooMany) return setError(t('people.invite.tooMany', { limit }));
    if (groupMissing) return setError(t('people.invite.groupRequired'));
    const timeProblem = later ? sendTimeProblem(sendAt) : null;
    if (timeProblem) return setError(timeProblem);
    const expiryError = expiryProblem(expiry, maxExpiryDays);
    if (expiryError) return setError(expiryError);
    const meta = metadata.trim() ? parseMetadata(metadata) : undefined;
    if (meta === null) {
      setMetadataError(t('people.invite.metadataNotObject', { example: METADATA_EXAMPLE }));
      return;
    }
    setMetadataError(null);
    setBusy(true);
    try {
      const body: Record<string, unknown> = {
        emails: [...new Set(emails.map((x) => x.trim()))],
        role,
        groupIds,
      };
      if (message.trim()) body.message = message.trim();
      Object.assign(body, expiryBody(expiry));
      if (landing.appId) body.appId = landing.appId;
      if (landing.appId && landing.returnPath.trim()) body.returnPath = landing.returnPath.trim();
      if (meta) body.metadata = meta;
      if (locale && locale !== languages.defaultLocale) body.locale = locale;
      if (later) body.sendAt = new Date(sendAt).toISOString();
      // Typos the person chose to keep: only when every flagged address was confirmed as typed.
      const flagged = emails.filter((x) => check(x).code === 'possible_typo').map((x) => x.toLowerCase());
      if (flagged.length && flagged.every((x) => keepAsTyped.includes(x))) body.allowTypos = true;
      const r = await post<{ invitations: Invitation[]; rejected: any[] }>(
        `/orgs/${org.id}/invitations`,
        body,
      );
      setResult(r);
      if (r.invitations.length) creditsChanged();
      if (r.invitations.length)
        toast(
          'success',
          later
            ? t('people.invite.toastScheduled', { count: r.invitations.length })
            : t('people.invite.toastSent', { count: r.invitations.length }),
        );
      if (r.rejected.length) toast('error', t('people.invite.toastRejected', { count: r.rejected.length }));
    } catch (err) {
      setError(errorText(err));
    } finally {
      setBusy(false);
    }
  }

  if (result)
    return (
      <InviteResult result={result} later={later} onInviteMore={startOver} onDone={() => onClose(true)} />
    );

  return (
    <Dialog title={t('people.invite.title')} onClose={() => onClose(sentEarlier)} wide>
      <form onSubmit={submit} className="dialog-body" noValidate>
        <FormError error={error} />
        <EmailsField
          text={text}
          onText={setText}
          textRef={textRef}
          emails={emails}
          limit={limit}
          check={check}
          keepAsTyped={keepAsTyped}
          onKeepAsTyped={setKeepAsTyped}
          onUse={applySuggestion}
        />
        <div className="grid-2">
          <Field label={t('people.invite.role')}>
            {(p) => (
              <select {...p} value={role} onChange={(e) => setRole(e.target.value as Role)}>
                {grantableRoles(org.role).map((r) => (
                  <option key={r} value={r}>
                    {roleName(t, r)}
                  </option>
                ))}
              </select>
            )}
          </Field>
          <LanguageField
            languages={languages}
            value={locale ?? languages.defaultLocale}
            onChange={setLocale}
          />
        </div>
        <RoleGrant role={role} />
        <GroupChoices
          groups={groups}
          required={!!settings?.requireGroup}
          chosen={groupIds}
          onChange={setGroupIds}
        />
        <Field label={t('people.invite.message')} hint={t('people.invite.messageHint')}>
          {(p) => (
            <textarea
              {...p}
              rows={2}
              maxLength={2000}
              value={message}
              onChange={(e) => setMessage(e.target.value)}
            />
          )}
        </Field>
        <ExpiryField value={expiry} maxDays={maxExpiryDays} onChange={setExpiry} />
        <LandingFields apps={apps} {...landing} onChange={setLanding} />
        <MetadataField value={metadata} error={metadataError} onChange={setMetadata} />
        <SendWhen later={later} onLater={setLater} value={sendAt} onChange={setSendAt} />
        {sendable < distinct && (
          <p className="muted small" data-testid="invite-count-note">
            {t('people.invite.problemNote', { bad: distinct - sendable, all: distinct })}
          </p>
        )}
        <CreditAllowance credits={credits} wanted={sendable} />
        <div className="dialog-actions">
          <button type="button" onClick={() => onClose(sentEarlier)}>
            {t('people.invite.cancel')}
          </button>
          <button type="submit" className="primary" disabled={busy || (emails.length > 0 && sendable === 0)}>
            {busy
              ? t('people.invite.sending')
              : later
                ? t('people.invite.schedule', { count: sendable })
                : t('people.invite.send', { count: sendable })}
          </button>
        </div>
      </form>
    </Dialog>
  );
}
