import { useIntl } from 'react-intl';
import type { Member } from '../api.ts';
import { useT } from '../i18n/use-t.tsx';
import { permissionName } from '../members/permission-names.ts';

/** A member's extra permissions: checkboxes when they can be granted here, else a list. */
export function MemberPermissions({
  member: m,
  editable,
  onChange,
}: {
  member: Member;
  editable: boolean;
  onChange: (permissions: Member['permissions']) => void;
}) {
  const t = useT();
  const { formatList } = useIntl();
  if (!editable)
    return (
      formatList(
        m.permissions.map((p) => permissionName(t, p)),
        { type: 'unit', style: 'short' },
      ) || <span className="muted">—</span>
    );
  return (
    <div className="checks inline">
      {(['people', 'templates'] as const).map((p) => (
        <label key={p} className="check-label">
          <input
            type="checkbox"
            checked={m.permissions.includes(p)}
            onChange={() => {
              const next = m.permissions.includes(p)
                ? m.permissions.filter((x) => x !== p)
                : [...m.permissions, p];
              onChange(next);
            }}
          />{' '}
          {permissionName(t, p)}
          <span className="visually-hidden"> {t('people.members.forName', { name: m.name })}</span>
        </label>
      ))}
    </div>
  );
}
