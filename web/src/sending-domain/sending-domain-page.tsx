import './sending-domain.css';
import { useState } from 'react';
import { post } from '../api.ts';
import { useOrg } from '../console/org-context.ts';
import { PageHead } from '../console/page-head.tsx';
import { useQuery } from '../data/use-query.ts';
import { T, useT } from '../i18n/use-t.tsx';
import { errorText } from '../ui/error-text.ts';
import { FormError } from '../ui/form-error.tsx';
import { Spinner } from '../ui/spinner.tsx';
import { DnsRecord } from './dns-record.tsx';
import type { SendingDomainDto, TestEmailSentDto } from './types.ts';

/** The sending domain: the records to publish so receivers trust Beckon's mail, and a test email. */
export function SendingDomainPage() {
  const { org } = useOrg();
  const t = useT();
  const read = useQuery<SendingDomainDto>(`/orgs/${org.id}/sending-domain`);
  const { data } = read;
  const error = read.error ? errorText(read.error) : null;
  const [sending, setSending] = useState(false);
  const [result, setResult] = useState<{ ok: boolean; text: string } | null>(null);

  async function sendTest() {
    setSending(true);
    setResult(null);
    try {
      const r = await post<TestEmailSentDto>(`/orgs/${org.id}/sending-domain/test-email`);
      setResult({
        ok: true,
        text: t('sending-domain.test.sent', { to: r.to }),
      });
    } catch (e) {
      setResult({ ok: false, text: errorText(e) });
    } finally {
      setSending(false);
    }
  }

  return (
    <>
      <PageHead title={t('sending-domain.title')} lead={t('sending-domain.lead')}>
        <button type="button" className="primary" onClick={sendTest} disabled={sending}>
          {t('sending-domain.test.send')}
        </button>
      </PageHead>
      <div aria-live="polite">
        {result && (
          <div
            className={result.ok ? 'alert alert-success' : 'alert alert-error'}
            role={result.ok ? 'status' : 'alert'}
          >
            {result.text}
          </div>
        )}
      </div>
      <FormError error={error} />
      {!data ? (
        !error && <Spinner />
      ) : (
        <>
          <p>
            <T
              id="sending-domain.from"
              values={{
                from: data.from,
                b: (chunks) => <strong className="break-anywhere">{chunks}</strong>,
              }}
            />{' '}
            {data.signing
              ? t('sending-domain.signed', { domain: data.domain, selector: data.dkim.selector })
              : t('sending-domain.notConfigured')}
          </p>
          {data.records.map((r) => (
            <DnsRecord key={r.purpose} record={r} />
          ))}
        </>
      )}
    </>
  );
}
