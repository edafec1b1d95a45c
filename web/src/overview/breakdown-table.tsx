import { useId, useState } from 'react';
import { msg, useT } from '../i18n/use-t.tsx';
import { count, share } from './format.ts';
import type { Funnel, FunnelRow } from './types.ts';

const BY = {
  byGroup: msg('overview.breakdown.byGroup'),
  byImport: msg('overview.breakdown.byImport'),
  byInviter: msg('overview.breakdown.byInviter'),
} as const;
type By = keyof typeof BY;

/** The funnel per group, import or inviter: where invitations lag. */
export function BreakdownTable({ funnel }: { funnel: Funnel }) {
  const t = useT();
  const [by, setBy] = useState<By>('byGroup');
  const id = useId();
  const rows: FunnelRow[] = funnel[by];
  // Names that are the server's own words (no group or inviter, a deleted group, an import without
  // a file name) are named here, in the reader's words; people's names stay as they are.
  const nameOf = (r: FunnelRow) => {
    if (r.id === null) return t('overview.breakdown.none', { by });
    if (r.nameCode === 'deleted') return t('overview.breakdown.deleted');
    if (r.nameCode === 'import_of' && r.importedOn)
      return t('overview.breakdown.importOf', { date: r.importedOn });
    return r.name;
  };
  return (
    <div className="overview-breakdown">
      <div className="field overview-by">
        <label htmlFor={id}>{t('overview.breakdown.label')}</label>
        <select id={id} value={by} onChange={(e) => setBy(e.target.value as By)}>
          {Object.entries(BY).map(([k, label]) => (
            <option key={k} value={k}>
              {t(label)}
            </option>
          ))}
        </select>
      </div>
      {rows.length === 0 ? (
        <p className="muted">{t('overview.breakdown.empty')}</p>
      ) : (
        <div className="table-wrap">
          <table className="table" data-testid="breakdown-table">
            <caption className="visually-hidden">{t('overview.breakdown.caption', { by })}</caption>
            <thead>
              <tr>
                <th scope="col">{t(BY[by])}</th>
                <th scope="col">{t('overview.funnel.invited')}</th>
                <th scope="col">{t('overview.funnel.delivered')}</th>
                <th scope="col">{t('overview.funnel.opened')}</th>
                <th scope="col">{t('overview.funnel.accepted')}</th>
              </tr>
            </thead>
            <tbody>
              {rows.map((r) => (
                <tr key={r.id ?? 'none'}>
                  <th scope="row">{nameOf(r)}</th>
                  <td>{count(r.invited)}</td>
                  <td>{count(r.delivered)}</td>
                  <td>{count(r.opened)}</td>
                  <td>
                    {count(r.accepted)} <span className="muted">({share(r.accepted, r.invited)})</span>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </div>
  );
}
