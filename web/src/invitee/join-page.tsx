import { type FormEvent, useState } from 'react';
import { useIntl } from 'react-intl';
import { post } from '../api.ts';
import { CardPage } from '../auth/card-page.tsx';
import { useQuery } from '../data/use-query.ts';
import { rememberLocale } from '../i18n/locales.ts';
import { T, useT } from '../i18n/use-t.tsx';
import { FormError } from '../ui/form-error.tsx';
import { Spinner } from '../ui/spinner.tsx';
import { TextField } from '../ui/text-field.tsx';
import { useSubmit } from '../ui/use-submit.ts';
import { LanguageSwitcher, type PageLanguages, usePageLanguage, useShownLocale } from './page-language.tsx';
import { bold } from './rich.tsx';

interface JoinPageInfo extends PageLanguages {
  organization: { name: string };
  allowedDomains: string[];
}

export function JoinPage({ slug }: { slug: string }) {
  const t = useT();
  const intl = useIntl();
  const read = useQuery<JoinPageInfo>(`/join/${encodeURIComponent(slug)}`);
  const info = read.data ?? null;
  // Any failure to read the page shows it as missing.
  const missing = !!read.error;
  const [email, setEmail] = useState('');
  const [sent, setSent] = useState(false);
  const { busy, error, run } = useSubmit();
  usePageLanguage(info);
  const locale = useShownLocale();
  if (missing)
    return (
      <CardPage title={t('invitee.join.missing.title')}>
        <p>{t('invitee.join.missing.body')}</p>
        <p>
          <T id="invitee.join.missing.todo" values={{ b: bold }} />
        </p>
      </CardPage>
    );
  if (!info)
    return (
      <CardPage title={t('invitee.join.loadingTitle')}>
        <Spinner />
      </CardPage>
    );
  async function submit(e: FormEvent) {
    e.preventDefault();
    await run(async () => {
      // The answer is the same whatever the address; the page says it in the reader's language.
      await post(`/join/${encodeURIComponent(slug)}`, { email });
      // The emailed link opens in this browser's last choice: the language this page was read in.
      if (locale) rememberLocale(locale);
      setSent(true);
    });
  }
  return (
    <CardPage title={t('invitee.joinOrg', { org: info.organization.name })}>
      <LanguageSwitcher languages={info.languages} />
      {sent ? (
        <div role="status">
          <p>{t('invitee.join.sent')}</p>
          <p className="muted">{t('invitee.join.sentHint')}</p>
        </div>
      ) : (
        <form onSubmit={submit}>
          <p>{t('invitee.join.intro')}</p>
          {info.allowedDomains.length > 0 && (
            <p className="muted small">
              {t('invitee.join.domains', {
                domains: intl.formatList(info.allowedDomains, { type: 'disjunction' }),
              })}
            </p>
          )}
          <FormError error={error} />
          <TextField
            label={t('invitee.emailAddress')}
            type="email"
            name="email"
            autoComplete="email"
            dir="ltr"
            required
            value={email}
            onChange={setEmail}
          />
          <button type="submit" className="primary block" disabled={busy}>
            {t('invitee.join.send')}
          </button>
        </form>
      )}
    </CardPage>
  );
}
