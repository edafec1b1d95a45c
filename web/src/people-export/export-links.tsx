import './export-links.css';
import type { ReactNode } from 'react';
import { T } from '../i18n/use-t.tsx';

/**
 * Downloads of a People list with the filter on screen: plain links, so the browser streams the
 * file to disk however many rows it has (the session cookie authenticates a GET).
 */
export function ExportLinks({
  orgId,
  list,
  filter,
}: {
  orgId: string;
  list: 'invitations' | 'members';
  /** The list's own query: status, q, groupId (empty values are left out). */
  filter: Record<string, string | null | undefined>;
}) {
  const href = (format: 'csv' | 'xlsx') => {
    const q = new URLSearchParams({ format });
    for (const [k, v] of Object.entries(filter)) if (v) q.set(k, v);
    return `/api/v1/orgs/${orgId}/${list}/export?${q}`;
  };
  // The link's name says what the file holds; the part after "Export CSV" only to screen readers.
  const values = {
    list,
    filtered: Object.values(filter).some(Boolean) ? 'yes' : 'no',
    hidden: (chunks: ReactNode[]) => <span className="visually-hidden">{chunks}</span>,
  };
  return (
    <div className="export-links">
      <a className="button" href={href('csv')} download data-testid={`export-${list}-csv`}>
        <T id="people-export.csv" values={values} />
      </a>
      <a className="button" href={href('xlsx')} download data-testid={`export-${list}-xlsx`}>
        <T id="people-export.xlsx" values={values} />
      </a>
    </div>
  );
}
