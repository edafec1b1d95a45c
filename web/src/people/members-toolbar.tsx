import type { Member } from '../api.ts';
import type { BulkTarget } from '../bulk-resends/types.ts';
import { msg, useT } from '../i18n/use-t.tsx';
import { ExportLinks } from '../people-export/export-links.tsx';

const MEMBER_FILTERS = [
  { id: 'active', label: msg('people.members.active') },
  { id: 'deactivated', label: msg('people.members.deactivated') },
  { id: 'never_signed_in', label: msg('people.members.neverSignedIn') },
] as const;

/** The members list's filter chips, search, exports and the resend to those who never signed in. */
export function MembersToolbar({
  orgId,
  filter,
  onFilter,
  q,
  onQ,
  search,
  items,
  onResend,
}: {
  orgId: string;
  filter: string;
  onFilter: (filter: string) => void;
  q: string;
  onQ: (q: string) => void;
  /** The search as sent (trimmed, debounced). */
  search: string;
  items: Member[] | null;
  onResend: (target: BulkTarget) => void;
}) {
  const t = useT();
  return (
    <div className="toolbar">
      <fieldset className="chips">
        <legend className="visually-hidden">{t('people.members.filter')}</legend>
        {MEMBER_FILTERS.map((f) => (
          <button
            key={f.id}
            type="button"
            className="chip"
            aria-pressed={filter === f.id}
            onClick={() => onFilter(f.id)}
          >
            {filter === f.id && <span aria-hidden="true">✓</span>}
            {t(f.label)}
          </button>
        ))}
      </fieldset>
      <div className="toolbar-row">
        <div className="search">
          <label htmlFor="member-search" className="visually-hidden">
            {t('people.members.searchLabel')}
          </label>
          <input
            id="member-search"
            type="search"
            placeholder={t('people.members.searchPlaceholder')}
            value={q}
            onChange={(e) => onQ(e.target.value)}
          />
        </div>
        <ExportLinks orgId={orgId} list="members" filter={{ status: filter, q: search }} />
        {filter === 'never_signed_in' && !!items?.length && (
          <button
            type="button"
            onClick={() =>
              onResend({
                filter: { neverSignedIn: true, ...(search ? { q: search } : {}) },
                label: t('people.members.neverSignedInTarget', {
                  q: search,
                  searched: search ? 'yes' : 'no',
                }),
              })
            }
          >
            {t('people.members.resend')}
          </button>
        )}
      </div>
    </div>
  );
}
