import { useMemo, useState } from 'react';
import { useOrg } from '../console/org-context.ts';
import { PageHead } from '../console/page-head.tsx';
import { useDebounced } from '../data/use-debounced.ts';
import { usePagedList } from '../data/use-paged-list.ts';
import { useT } from '../i18n/use-t.tsx';
import { DataTable } from '../ui/data-table.tsx';
import { EmailAddress } from '../ui/email-address.tsx';
import { FormError } from '../ui/form-error.tsx';
import { SearchInput } from '../ui/list-filters.tsx';
import { Time } from '../ui/time.tsx';
import { EmailView } from './email-view.tsx';
import type { MailboxItem } from './types.ts';

/** Outbox mode: the emails Beckon would have sent, newest first, searchable by address. */
export function MailboxPage() {
  const { org } = useOrg();
  const t = useT();
  const [q, setQ] = useState('');
  const term = useDebounced(q.trim());
  const [openId, setOpenId] = useState<string | null>(null);
  const query = useMemo(() => {
    const p = new URLSearchParams({ limit: '25' });
    if (term) p.set('q', term);
    return p;
  }, [term]);
  const { items, more, reload, error } = usePagedList<MailboxItem>(`/orgs/${org.id}/mailbox`, query);
  const open = items?.find((m) => m.id === openId) ?? null;
  return (
    <>
      <PageHead title={t('mailbox.title')} lead={t('mailbox.lead')}>
        <button type="button" onClick={reload}>
          {t('mailbox.refresh')}
        </button>
      </PageHead>
      <div className="toolbar">
        <SearchInput
          label={t('mailbox.searchLabel')}
          placeholder={t('mailbox.searchPlaceholder')}
          value={q}
          onChange={setQ}
        />
      </div>
      <FormError error={error} />
      <DataTable
        items={items}
        empty={<p className="empty">{term ? t('mailbox.noMatch', { term }) : t('mailbox.empty')}</p>}
        caption={t('mailbox.caption')}
        testId="mailbox"
        columns={[
          { label: t('mailbox.subject') },
          { label: t('mailbox.to') },
          { label: t('mailbox.from') },
          { label: t('mailbox.when') },
        ]}
        row={(m) => (
          <tr key={m.id} data-to={m.to} className={m.id === openId ? 'selected' : undefined}>
            <td data-label={t('mailbox.subject')}>
              <button
                type="button"
                className="link-button"
                aria-pressed={m.id === openId}
                onClick={() => setOpenId(m.id === openId ? null : m.id)}
              >
                {m.subject}
              </button>
            </td>
            <td data-label={t('mailbox.to')} className="break-anywhere">
              <EmailAddress address={m.to} />
            </td>
            <td data-label={t('mailbox.from')} className="break-anywhere">
              <bdi>{m.from}</bdi>
            </td>
            <td data-label={t('mailbox.when')}>
              <Time iso={m.createdAt} />
            </td>
          </tr>
        )}
      />
      {more && (
        <p className="center">
          <button type="button" onClick={more}>
            {t('mailbox.older')}
          </button>
        </p>
      )}
      {open && <EmailView mail={open} />}
    </>
  );
}
