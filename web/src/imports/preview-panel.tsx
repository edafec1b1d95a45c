import { useEffect, useRef } from 'react';
import { useIntl } from 'react-intl';
import { CreditAllowance } from '../credits/credit-balance.tsx';
import type { useCreditBalance } from '../credits/use-credit-balance.ts';
import { T, useT } from '../i18n/use-t.tsx';
import { SendWhen } from '../send-time/send-when.tsx';
import type { Preview } from './import-dto.ts';
import './import-preview.css';
import { ProblemGroups } from './problem-groups.tsx';

/**
 * Step 2: what the file holds, its problems summarised by kind, when to send, and the actions,
 * which stick to the bottom of the screen however long the file. An expired preview says so.
 */
export function PreviewPanel({
  preview,
  base,
  allowTypos,
  onAllowTypos,
  later,
  onLater,
  sendAt,
  onSendAt,
  credits,
  sendable,
  onDiscard,
  onInvite,
}: {
  preview: Preview;
  base: string;
  allowTypos: boolean;
  onAllowTypos: (v: boolean) => void;
  later: boolean;
  onLater: (v: boolean) => void;
  sendAt: string;
  onSendAt: (v: string) => void;
  credits: ReturnType<typeof useCreditBalance>['credits'];
  sendable: number;
  onDiscard: () => void;
  onInvite: () => void;
}) {
  const t = useT();
  const intl = useIntl();
  const heading = useRef<HTMLHeadingElement>(null);
  // The preview appears below the upload form: bring it (and its actions) into view, each upload.
  // biome-ignore lint/correctness/useExhaustiveDependencies: runs again for each new preview, by id
  useEffect(() => {
    heading.current?.focus();
    heading.current?.scrollIntoView({ block: 'start' });
  }, [preview.id]);
  return (
    <section className="panel" aria-labelledby="import-preview" data-testid="import-preview">
      <h2 id="import-preview" ref={heading} tabIndex={-1}>
        {t('imports.preview.heading')}
      </h2>
      <p>
        <T
          id="imports.preview.counts"
          values={{
            file: preview.fileName ?? t('imports.preview.yourFile'),
            total: preview.total,
            valid: preview.valid,
            problems: preview.total - preview.valid,
            b: (chunks) => <strong>{chunks}</strong>,
          }}
        />
      </p>
      {preview.expired && (
        <p className="alert alert-warn" role="status">
          {t('imports.preview.expired')}
        </p>
      )}
      {preview.unknownColumns.length > 0 && (
        <p className="alert alert-warn">
          {t('imports.preview.ignoredColumns', {
            columns: intl.formatList(preview.unknownColumns, { type: 'unit', style: 'short' }),
          })}
        </p>
      )}
      <ProblemGroups path={`${base}/${preview.id}/problems`} groups={preview.problemGroups} />
      {preview.typos > 0 && (
        <div className="field">
          <label className="check-label">
            <input type="checkbox" checked={allowTypos} onChange={(e) => onAllowTypos(e.target.checked)} />{' '}
            {t('imports.preview.allowTypos', { count: preview.typos })}
          </label>
        </div>
      )}
      <SendWhen later={later} onLater={onLater} value={sendAt} onChange={onSendAt} />
      <CreditAllowance credits={credits} wanted={sendable} />
      <div className="page-actions sticky-actions">
        <button type="button" onClick={onDiscard}>
          {t('imports.preview.discard')}
        </button>
        {!preview.expired && (
          <button type="button" className="primary" disabled={sendable === 0} onClick={onInvite}>
            {t('imports.preview.invite', { count: sendable })}
          </button>
        )}
      </div>
    </section>
  );
}
