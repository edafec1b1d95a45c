import { useState } from 'react';
import { api, type Group, get, type Member } from '../api.ts';
import { useDebounced } from '../data/use-debounced.ts';
import { useQuery } from '../data/use-query.ts';
import { T, useT } from '../i18n/use-t.tsx';
import { roleName } from '../members/role-names.ts';
import { errorText } from '../ui/error-text.ts';
import { FormError } from '../ui/form-error.tsx';
import { useToast } from '../ui/toast.tsx';
import { hidden } from './hidden.tsx';

/**
 * A group's managers: they invite into the group and see its people. Owners and admins add any
 * member whose role is Manager or higher, and remove them.
 */
export function GroupManagers({
  orgId,
  group,
  canEdit,
  onChange,
}: {
  orgId: string;
  group: Group;
  canEdit: boolean;
  onChange: (g: Group) => void;
}) {
  const t = useT();
  const toast = useToast();
  const ids = group.managerIds ?? [];
  const [q, setQ] = useState('');
  const term = useDebounced(q.trim());
  const [error, setError] = useState<string | null>(null);

  // Few managers per group: each is read on its own, however large the group. A failed read
  // keeps the list shown.
  const managerPaths = ids.map((m) => `/orgs/${orgId}/members/${m}`).join(' ');
  const read = useQuery<Member[]>(managerPaths || null, { load: readEach });
  const managers = ids.length ? (read.data ?? []) : [];

  const search = useQuery<{ items: Member[] }>(
    term ? `/orgs/${orgId}/members?status=active&limit=20&q=${encodeURIComponent(term)}` : null,
  );
  const found = term ? (search.data?.items.filter((m) => m.role !== 'learner') ?? []) : [];

  async function save(next: string[], done: string) {
    setError(null);
    try {
      onChange(await api<Group>('PUT', `/orgs/${orgId}/groups/${group.id}/managers`, { memberIds: next }));
      toast('success', done);
      setQ('');
    } catch (e) {
      setError(errorText(e));
    }
  }

  return (
    <section className="panel" aria-labelledby="group-managers">
      <h2 id="group-managers">{t('groups.managers.title')}</h2>
      <p className="muted">{t('groups.managers.lead')}</p>
      <FormError error={error} />
      {managers.length === 0 ? (
        <p className="empty">{ids.length ? '…' : t('groups.managers.none')}</p>
      ) : (
        <ul className="plain-list manager-list" data-testid="group-manager-list">
          {managers.map((m) => (
            <li key={m.id}>
              <span>
                <strong>{m.name}</strong> <span className="muted break-anywhere">{m.email}</span> ·{' '}
                {roleName(t, m.role)}
              </span>
              {canEdit && (
                <button
                  type="button"
                  className="small"
                  onClick={() =>
                    save(
                      ids.filter((x) => x !== m.id),
                      t('groups.managers.removed', { name: m.name, group: group.name }),
                    )
                  }
                >
                  <T id="groups.managers.remove" values={{ name: m.name, hidden }} />
                </button>
              )}
            </li>
          ))}
        </ul>
      )}
      {canEdit && (
        <div className="field">
          <label htmlFor="manager-search">{t('groups.managers.add')}</label>
          <input
            id="manager-search"
            type="search"
            placeholder={t('groups.managers.searchPlaceholder')}
            aria-describedby="manager-search-hint"
            value={q}
            onChange={(e) => setQ(e.target.value)}
          />
          <div className="hint" id="manager-search-hint">
            {t('groups.managers.hint')}
          </div>
          {term && (
            <ul className="plain-list manager-list" aria-label={t('groups.managers.found')}>
              {found.filter((m) => !ids.includes(m.id)).length === 0 && (
                <li className="muted">{t('groups.managers.noneFound')}</li>
              )}
              {found
                .filter((m) => !ids.includes(m.id))
                .map((m) => (
                  <li key={m.id}>
                    <span>
                      {m.name} <span className="muted break-anywhere">{m.email}</span> · {roleName(t, m.role)}
                    </span>
                    <button
                      type="button"
                      className="small"
                      onClick={() =>
                        save([...ids, m.id], t('groups.managers.added', { name: m.name, group: group.name }))
                      }
                    >
                      <T id="groups.managers.make" values={{ name: m.name, hidden }} />
                    </button>
                  </li>
                ))}
            </ul>
          )}
        </div>
      )}
    </section>
  );
}

/** The answers to several paths, given space-separated. */
const readEach = (paths: string) => Promise.all(paths.split(' ').map((p) => get<Member>(p)));
