import { type FormEvent, useMemo, useState } from 'react';
import type { Member } from '../api.ts';
import type { ApiKey } from '../api-keys/api-key.ts';
import { useOrg } from '../console/org-context.ts';
import { PageHead } from '../console/page-head.tsx';
import { usePagedList } from '../data/use-paged-list.ts';
import { useQuery } from '../data/use-query.ts';
import { hasMessage } from '../i18n/current.ts';
import { T, useT } from '../i18n/use-t.tsx';
import { DataTable } from '../ui/data-table.tsx';
import { FormError } from '../ui/form-error.tsx';
import { LoadMoreButton } from '../ui/load-more-button.tsx';
import { fullTime } from '../ui/time.tsx';
import {
  type AuditEvent,
  actorName,
  describeChanges,
  type Filters,
  NO_FILTERS,
  PAGE,
  queryOf,
  TYPES,
} from './audit-event.ts';

export function AuditLogPage() {
  const { org } = useOrg();
  const t = useT();
  const base = `/orgs/${org.id}/audit-log`;
  const [draft, setDraft] = useState<Filters>(NO_FILTERS);
  const [filters, setFilters] = useState<Filters>(NO_FILTERS);
  const [moreLoaded, setMoreLoaded] = useState<number | null>(null);

  // Who can be picked: the organization's people and its API keys (none when unreadable).
  const members = useQuery<{ items: Member[] }>(`/orgs/${org.id}/members?limit=200`);
  const keys = useQuery<{ items: ApiKey[] }>(`/orgs/${org.id}/api-keys`);
  const actors = [
    ...(members.data?.items ?? []).map((m) => ({
      id: m.userId,
      label: t('audit.actor.member', { name: m.name, email: m.email }),
    })),
    ...(keys.data?.items ?? []).map((k) => ({
      id: k.id,
      label: t('audit.actor.apiKey', { name: k.name, prefix: k.prefix }),
    })),
  ];

  const query = useMemo(
    () => new URLSearchParams(`limit=${PAGE}${queryOf(filters) ? `&${queryOf(filters)}` : ''}`),
    [filters],
  );
  const { items, more, loadingMore, reload, error } = usePagedList<AuditEvent>(base, query);
  const announce =
    moreLoaded !== null
      ? t('audit.announce.moreLoaded', { count: moreLoaded })
      : items && !error
        ? more
          ? t('audit.announce.shownOrMore', { count: items.length })
          : t('audit.announce.shown', { count: items.length })
        : '';
  // What happened, as a sentence per kind of change; an action this console does not know yet by its code.
  const sentenceOf = (action: string) => {
    const id = `audit.action.${action}`;
    return hasMessage(id) ? t(id) : null;
  };

  async function loadMore() {
    const page = await more?.();
    if (page) setMoreLoaded(page.length);
  }

  function show(next: Filters) {
    setMoreLoaded(null);
    // The same filters again: read the log again (it may have grown since).
    if (queryOf(next) === queryOf(filters)) reload();
    else setFilters(next);
  }

  function apply(e: FormEvent) {
    e.preventDefault();
    show(draft);
  }

  const q = queryOf(filters);
  const exportHref = (format: 'csv' | 'ndjson') => `/api/v1${base}/export.${format}${q ? `?${q}` : ''}`;

  return (
    <>
      <PageHead title={t('audit.title')} lead={t('audit.lead')}>
        <a className="button" href={exportHref('csv')} download data-testid="export-csv">
          {t('audit.exportCsv')}
        </a>
        <a className="button" href={exportHref('ndjson')} download data-testid="export-ndjson">
          {t('audit.exportNdjson')}
        </a>
      </PageHead>
      <form className="panel audit-filters" onSubmit={apply} aria-label={t('audit.filter.label')}>
        <div className="field">
          <label htmlFor="audit-actor">{t('audit.filter.who')}</label>
          <select
            id="audit-actor"
            value={draft.actor}
            onChange={(e) => setDraft({ ...draft, actor: e.target.value })}
          >
            <option value="">{t('audit.filter.anyone')}</option>
            {actors.map((a) => (
              <option key={a.id} value={a.id}>
                {a.label}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor="audit-type">{t('audit.filter.what')}</label>
          <select
            id="audit-type"
            value={draft.type}
            onChange={(e) => setDraft({ ...draft, type: e.target.value })}
          >
            <option value="">{t('audit.filter.everyKind')}</option>
            {TYPES.map(([value, label]) => (
              <option key={value} value={value}>
                {t(label)}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor="audit-from">{t('audit.filter.from')}</label>
          <input
            id="audit-from"
            type="date"
            value={draft.from}
            onChange={(e) => setDraft({ ...draft, from: e.target.value })}
          />
        </div>
        <div className="field">
          <label htmlFor="audit-to">{t('audit.filter.to')}</label>
          <input
            id="audit-to"
            type="date"
            value={draft.to}
            onChange={(e) => setDraft({ ...draft, to: e.target.value })}
          />
        </div>
        <div className="audit-filter-actions">
          <button type="submit" className="primary">
            {t('audit.filter.show')}
          </button>{' '}
          <button
            type="button"
            onClick={() => {
              setDraft(NO_FILTERS);
              show(NO_FILTERS);
            }}
          >
            {t('audit.filter.clear')}
          </button>
        </div>
      </form>
      <p className="visually-hidden" role="status" aria-live="polite">
        {announce}
      </p>
      <FormError error={error} />
      <DataTable
        items={items}
        empty={<p className="muted">{t('audit.empty')}</p>}
        caption={t('audit.table.caption')}
        className="audit-log"
        columns={[
          { label: t('audit.table.when') },
          { label: t('audit.table.who') },
          { label: t('audit.table.what') },
          { label: t('audit.table.on') },
          { label: t('audit.table.changes') },
        ]}
        row={(e) => (
          <tr key={e.id} data-audit-id={e.id}>
            <td data-label={t('audit.table.when')}>{fullTime(e.at)}</td>
            <td data-label={t('audit.table.who')}>
              {actorName(e.actor)}
              {e.actor.type === 'api_key' && <div className="muted small">{t('audit.apiKey')}</div>}
            </td>
            <td data-label={t('audit.table.what')}>
              {sentenceOf(e.action) && <div>{sentenceOf(e.action)}</div>}
              <code className={sentenceOf(e.action) ? 'muted small' : undefined}>{e.action}</code>
            </td>
            <td data-label={t('audit.table.on')}>
              {e.target.label ?? t('audit.target', { type: e.target.type })}
            </td>
            <td data-label={t('audit.table.changes')} className="audit-changes">
              {describeChanges(e.changes, e.target.type).map((line) => (
                <div key={line}>{line}</div>
              ))}
            </td>
          </tr>
        )}
      />
      {more && (
        <LoadMoreButton
          onClick={loadMore}
          loading={loadingMore}
          loadingLabel={t('audit.loading')}
          label={
            <T
              id="audit.loadMore"
              values={{ hidden: (chunks) => <span className="visually-hidden">{chunks}</span> }}
            />
          }
        />
      )}
    </>
  );
}
