import { useT } from '../i18n/use-t.tsx';
import { roleName } from '../members/role-names.ts';
import { type ApiKey, KEY_STOPPED, type KeyStatus } from './api-key.ts';

export function KeyActsAs({ k }: { k: ApiKey }) {
  const t = useT();
  if (k.status !== 'active' || !k.effectiveRole)
    return (
      <span className="badge status-cancelled">
        {t(KEY_STOPPED[k.status as Exclude<KeyStatus, 'active'>])}
      </span>
    );
  const lowered = k.effectiveRole !== k.role;
  return (
    <>
      {roleName(t, k.effectiveRole)}
      {lowered && (
        <span className="muted"> {t('api-keys.actsAs.lowered', { role: roleName(t, k.role) })}</span>
      )}
    </>
  );
}
