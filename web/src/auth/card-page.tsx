import type { ReactNode } from 'react';
import { lookStyle, type OrgLook } from '../invitee/org-look.ts';
import { usePageTitle } from '../router.tsx';
import { LanguageSwitcher } from './language-switcher.tsx';

/**
 * The narrow centred layout of setup, sign-in and the invitee pages. An invitee page passes the
 * organization's look: its logo above the title, its accent on the main buttons. Pages read before
 * signing in offer a choice of language (`languages`).
 */
export function CardPage({
  title,
  children,
  wide,
  look,
  languages,
}: {
  title: string;
  children: ReactNode;
  wide?: boolean;
  look?: (Partial<OrgLook> & { name: string }) | null;
  languages?: boolean;
}) {
  usePageTitle(title);
  return (
    <div className="card-page" style={lookStyle(look)}>
      <header className="brand-bar">
        <span className="brand" aria-hidden="true">
          ◎
        </span>{' '}
        <span className="brand-name">Beckon</span>
        {languages && <LanguageSwitcher />}
      </header>
      <main id="main" className={wide ? 'card wide' : 'card'}>
        {look?.logoUrl && <img className="org-logo" src={look.logoUrl} alt={look.name} />}
        <h1>{title}</h1>
        {children}
      </main>
    </div>
  );
}
