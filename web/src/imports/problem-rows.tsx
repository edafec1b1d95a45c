import { useMemo } from 'react';
import type { Static } from 'typebox';
import type { ProblemSchema } from '../../../src/imports/schemas.ts';
import { usePagedList } from '../data/use-paged-list.ts';
import { useT } from '../i18n/use-t.tsx';

type ProblemRow = Static<typeof ProblemSchema> & { email: string };

const PAGE = 50;

/** The rows behind one kind of problem, read a page at a time when the person opens the group. */
export function ProblemRows({ path, code, label }: { path: string; code: string; label: string }) {
  const t = useT();
  const query = useMemo(() => new URLSearchParams({ code, limit: String(PAGE) }), [code]);
  const { items: rows, more, error } = usePagedList<ProblemRow>(path, query);

  if (error) return <p className="alert alert-error">{error}</p>;
  if (!rows) return <p className="muted small">{t('imports.problems.loadingRows')}</p>;
  return (
    <>
      <div className="table-wrap problem-rows">
        <table className="table">
          <caption className="visually-hidden">{t('imports.problems.caption', { label })}</caption>
          <thead>
            <tr>
              <th scope="col">{t('imports.problems.row')}</th>
              <th scope="col">{t('imports.problems.email')}</th>
              <th scope="col">{t('imports.problems.problem')}</th>
            </tr>
          </thead>
          <tbody>
            {rows.map((p) => (
              <tr key={`${p.row}-${p.column}`}>
                <td data-label={t('imports.problems.row')}>{p.row}</td>
                <td data-label={t('imports.problems.email')} className="break-anywhere">
                  <bdi>{p.email || '—'}</bdi>
                </td>
                <td data-label={t('imports.problems.problem')}>{p.message}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      {more && (
        <button type="button" className="link-button" onClick={more}>
          {t('imports.problems.more', { count: PAGE, label })}
        </button>
      )}
    </>
  );
}
