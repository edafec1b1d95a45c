import { T, useT } from '../i18n/use-t.tsx';
import { Spinner } from '../ui/spinner.tsx';
import { fullTime } from '../ui/time.tsx';
import { type ImportDto, statusText, waiting } from './import-dto.ts';

/** Earlier imports with their counts, results files, and a way to move or follow the waiting ones. */
export function ImportHistory({
  history,
  base,
  currentId,
  onMove,
  onShowProgress,
}: {
  history: ImportDto[] | null;
  base: string;
  currentId: string | undefined;
  onMove: (i: ImportDto) => void;
  onShowProgress: (i: ImportDto) => void;
}) {
  const t = useT();
  const hidden = (chunks: React.ReactNode) => <span className="visually-hidden">{chunks}</span>;
  const col = {
    file: t('imports.history.file'),
    uploaded: t('imports.history.uploaded'),
    status: t('imports.history.status'),
    rows: t('imports.history.rows'),
    invited: t('imports.history.invited'),
    skipped: t('imports.history.skipped'),
    failed: t('imports.history.failed'),
  };
  return (
    <section aria-labelledby="import-history">
      <h2 id="import-history">{t('imports.history.title')}</h2>
      {!history ? (
        <Spinner />
      ) : history.length === 0 ? (
        <p className="empty">{t('imports.history.empty')}</p>
      ) : (
        <div className="table-wrap">
          <table className="table">
            <caption className="visually-hidden">{t('imports.history.title')}</caption>
            <thead>
              <tr>
                <th scope="col">{col.file}</th>
                <th scope="col">{col.uploaded}</th>
                <th scope="col">{col.status}</th>
                <th scope="col" className="num">
                  {col.rows}
                </th>
                <th scope="col" className="num">
                  {col.invited}
                </th>
                <th scope="col" className="num">
                  {col.skipped}
                </th>
                <th scope="col" className="num">
                  {col.failed}
                </th>
                <th scope="col">
                  <span className="visually-hidden">{t('imports.history.results')}</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {history.map((i) => (
                <tr key={i.id}>
                  <td data-label={col.file}>{i.fileName ?? '—'}</td>
                  <td data-label={col.uploaded}>
                    {fullTime(i.createdAt)}
                    {i.createdBy.name && (
                      <div className="muted small">{t('imports.history.by', { name: i.createdBy.name })}</div>
                    )}
                  </td>
                  <td data-label={col.status}>
                    {t(statusText(i))}
                    {waiting(i) && (
                      <div className="muted small">
                        {t('imports.history.scheduledFor', { time: fullTime(i.sendAt) })}
                      </div>
                    )}
                  </td>
                  <td data-label={col.rows} className="num">
                    {i.total}
                  </td>
                  <td data-label={col.invited} className="num">
                    {i.created}
                  </td>
                  <td data-label={col.skipped} className="num">
                    {i.skipped}
                  </td>
                  <td data-label={col.failed} className="num">
                    {i.failed}
                  </td>
                  <td className="actions">
                    {waiting(i) && (
                      <button type="button" className="link" onClick={() => onMove(i)}>
                        <T
                          id="imports.history.changeSendTimeOf"
                          values={{ file: i.fileName ?? t('imports.history.anImport'), h: hidden }}
                        />
                      </button>
                    )}{' '}
                    {i.status === 'running' && currentId !== i.id && (
                      <button type="button" className="link" onClick={() => onShowProgress(i)}>
                        <T
                          id="imports.history.showProgressOf"
                          values={{ file: i.fileName ?? t('imports.history.anImport'), h: hidden }}
                        />
                      </button>
                    )}
                    {i.status !== 'preview' && (
                      <a href={`/api/v1${base}/${i.id}/results.csv`} download>
                        <T
                          id="imports.history.resultsOf"
                          values={{ file: i.fileName ?? t('imports.history.anImport'), h: hidden }}
                        />
                      </a>
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}
