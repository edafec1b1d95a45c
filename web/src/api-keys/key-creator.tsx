import { useT } from '../i18n/use-t.tsx';
import type { ApiKey } from './api-key.ts';

export function KeyCreator({ k }: { k: ApiKey }) {
  const t = useT();
  if (!k.creator) return <span className="muted">{t('api-keys.creator.unknown')}</span>;
  const name = k.creator.name ?? t('api-keys.creator.deleted');
  return (
    <>
      {t('api-keys.creator.name', { name, status: k.creator.status })}
      {k.createdByKey && (
        <span className="muted"> {t('api-keys.creator.viaKey', { name: k.createdByKey.name })}</span>
      )}
    </>
  );
}
