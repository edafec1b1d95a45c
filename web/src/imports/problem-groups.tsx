import { useState } from 'react';
import type { Static } from 'typebox';
import type { ProblemGroupSchema } from '../../../src/imports/schemas.ts';
import { msg, useT } from '../i18n/use-t.tsx';
import './import-preview.css';
import { ProblemRows } from './problem-rows.tsx';

export type ProblemGroup = Static<typeof ProblemGroupSchema>;

const EFFECT_TEXT: Record<ProblemGroup['effect'], string> = {
  refused: msg('imports.problems.refused'),
  needs_confirmation: msg('imports.problems.needsConfirmation'),
  skipped: msg('imports.problems.skipped'),
};

/**
 * A preview's problems as one line per kind ("1,000 already invited") however long the file; the
 * rows behind a kind are read only when the person opens it, a page at a time.
 */
export function ProblemGroups({ path, groups }: { path: string; groups: ProblemGroup[] }) {
  const t = useT();
  const [open, setOpen] = useState<Set<string>>(new Set());
  if (groups.length === 0) return null;
  return (
    <ul className="problem-groups" aria-label={t('imports.problems.byKind')}>
      {groups.map((g) => {
        const shown = open.has(g.code);
        const label = g.summary.replace(/^[\d,]+ /, '');
        return (
          <li key={g.code} className={`problem-group problem-${g.effect}`}>
            <div className="problem-group-head">
              <p>
                <strong>{g.summary}</strong> <span className="muted">— {t(EFFECT_TEXT[g.effect])}</span>
              </p>
              <button
                type="button"
                className="link-button"
                aria-expanded={shown}
                aria-controls={`problem-rows-${g.code}`}
                onClick={() =>
                  setOpen((old) => {
                    const next = new Set(old);
                    if (shown) next.delete(g.code);
                    else next.add(g.code);
                    return next;
                  })
                }
              >
                {shown ? t('imports.problems.hideRows') : t('imports.problems.showRows')}
                <span className="visually-hidden"> {label}</span>
              </button>
            </div>
            <div id={`problem-rows-${g.code}`} hidden={!shown}>
              {shown && <ProblemRows path={path} code={g.code} label={label} />}
            </div>
          </li>
        );
      })}
    </ul>
  );
}
