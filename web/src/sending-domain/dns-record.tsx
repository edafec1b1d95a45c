import type { ReactNode } from 'react';
import { msg, T, useT } from '../i18n/use-t.tsx';
import { copyText } from '../ui/copy-text.ts';
import { useToast } from '../ui/toast.tsx';
import type { DnsRecordDto } from './types.ts';

const PURPOSE: Record<DnsRecordDto['purpose'], string> = {
  spf: msg('sending-domain.purpose.spf'),
  dkim: msg('sending-domain.purpose.dkim'),
  dmarc: msg('sending-domain.purpose.dmarc'),
};

/** The SPF value names the one server it authorises (ip4:, ip6: or a:), or the domain's own mx. */
const SPF_HOST = /^v=spf1 (?:ip4:|ip6:|a:)(\S+) ~all$/;

/**
 * What to check before publishing, in the reader's language. The server's English note covers a
 * record this console has no words for.
 */
function useNote(record: DnsRecordDto): string {
  const t = useT();
  if (record.purpose === 'dkim') return t('sending-domain.note.dkim');
  if (record.purpose === 'dmarc') return t('sending-domain.note.dmarc');
  if (record.value === 'v=spf1 mx ~all') return t('sending-domain.note.spfLocal');
  const host = SPF_HOST.exec(record.value)?.[1];
  return host ? t('sending-domain.note.spfServer', { host }) : record.note;
}

/** One TXT record to publish: where, what (copyable), and what to check first. */
export function DnsRecord({ record }: { record: DnsRecordDto }) {
  const toast = useToast();
  const t = useT();
  const note = useNote(record);
  const copy = async (copied: string, text: string) => {
    await copyText(text);
    toast('success', copied);
  };
  const hidden = (chunks: ReactNode[]) => <span className="visually-hidden">{chunks}</span>;
  return (
    <section
      className="panel dns-record"
      aria-labelledby={`record-${record.purpose}`}
      data-purpose={record.purpose}
    >
      <h2 id={`record-${record.purpose}`}>{t(PURPOSE[record.purpose])}</h2>
      <dl className="record-fields">
        <dt>{t('sending-domain.record.type')}</dt>
        <dd>{record.type}</dd>
        <dt>{t('sending-domain.record.name')}</dt>
        <dd>
          <code className="break-anywhere">{record.name}</code>{' '}
          <button type="button" onClick={() => copy(t('sending-domain.copied.name'), record.name)}>
            <T id="sending-domain.copy.name" values={{ purpose: record.purpose.toUpperCase(), hidden }} />
          </button>
        </dd>
        <dt>{t('sending-domain.record.value')}</dt>
        <dd>
          <code className="break-anywhere record-value">{record.value}</code>{' '}
          <button type="button" onClick={() => copy(t('sending-domain.copied.value'), record.value)}>
            <T id="sending-domain.copy.value" values={{ purpose: record.purpose.toUpperCase(), hidden }} />
          </button>
          {record.strings.length > 1 && (
            <button
              type="button"
              onClick={() =>
                copy(t('sending-domain.copied.quoted'), record.strings.map((s) => `"${s}"`).join(' '))
              }
            >
              <T id="sending-domain.copy.quoted" values={{ purpose: record.purpose.toUpperCase(), hidden }} />
            </button>
          )}
        </dd>
      </dl>
      <p className="muted">{note}</p>
    </section>
  );
}
