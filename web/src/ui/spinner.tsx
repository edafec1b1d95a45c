import { useT } from '../i18n/use-t.tsx';

export function Spinner({ label }: { label?: string }) {
  const t = useT();
  return (
    <p className="muted" role="status">
      {label ?? t('ui.loading')}
    </p>
  );
}
