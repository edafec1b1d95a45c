import { useT } from '../i18n/use-t.tsx';
import type { ContinueTo } from './types.ts';

/** The welcome page's way on: a plain link to the app, which signs the person in through Beckon. */
export function ContinueLink({ to, block = true }: { to: ContinueTo; block?: boolean }) {
  const t = useT();
  return (
    <a
      className={block ? 'button primary block' : 'button primary'}
      href={to.url}
      data-testid="continue-to-app"
    >
      {t('landing.continueTo', { app: to.app.name })}
    </a>
  );
}
