import { type AnchorHTMLAttributes, type MouseEvent, useEffect, useSyncExternalStore } from 'react';

/** A tiny history-API router: the location is an external store; links push state. */

const listeners = new Set<() => void>();
function subscribe(listener: () => void) {
  listeners.add(listener);
  window.addEventListener('popstate', listener);
  return () => {
    listeners.delete(listener);
    window.removeEventListener('popstate', listener);
  };
}
const snapshot = () => window.location.pathname + window.location.search;

export function navigate(to: string, options: { replace?: boolean } = {}): void {
  if (to === snapshot()) return;
  if (options.replace) window.history.replaceState(null, '', to);
  else window.history.pushState(null, '', to);
  for (const l of listeners) l();
  if (!options.replace) window.scrollTo(0, 0);
}

export function useLocation(): { path: string; search: URLSearchParams; href: string } {
  const href = useSyncExternalStore(subscribe, snapshot);
  const [path, query = ''] = href.split('?');
  return { path: path!, search: new URLSearchParams(query), href };
}

/** Matches "/o/:org/invitations/:id" against a path; answers the params or null. */
export function match(pattern: string, path: string): Record<string, string> | null {
  const p = pattern.split('/').filter(Boolean);
  const s = path.split('/').filter(Boolean);
  if (p.length !== s.length) return null;
  const params: Record<string, string> = {};
  for (let i = 0; i < p.length; i++) {
    const part = p[i]!;
    if (part.startsWith(':')) params[part.slice(1)] = decodeURIComponent(s[i]!);
    else if (part !== s[i]) return null;
  }
  return params;
}

export function Link({ to, onClick, ...rest }: AnchorHTMLAttributes<HTMLAnchorElement> & { to: string }) {
  return (
    <a
      href={to}
      {...rest}
      onClick={(e: MouseEvent<HTMLAnchorElement>) => {
        onClick?.(e);
        if (e.defaultPrevented || e.button !== 0 || e.metaKey || e.ctrlKey || e.shiftKey || e.altKey) return;
        e.preventDefault();
        navigate(to);
      }}
    />
  );
}

/**
 * Goes to a `next` path after signing in. Only same-site paths; the OpenID Connect pages are served
 * by the server, so they are loaded, not routed.
 */
let leaving: { to: string; at: number } | null = null;

export function continueTo(next: string | null): void {
  const safe = next?.startsWith('/') && !next.startsWith('//') && !next.startsWith('/\\') ? next : '/';
  if (!safe.startsWith('/oidc/')) {
    navigate(safe, { replace: true });
    return;
  }
  // Once per departure: a sign-in both calls this and re-renders into the signed-in redirect, and a
  // second load of the same interaction, racing the first, could find it already finished and show
  // "this sign-in has expired" instead of the app.
  if (leaving?.to === safe && Date.now() - leaving.at < 5000) return;
  leaving = { to: safe, at: Date.now() };
  window.location.assign(safe);
}

export function Redirect({ to }: { to: string }) {
  useEffect(() => continueTo(to), [to]);
  return null;
}

/** Sets the document title and moves focus to the main heading when a page opens. */
export function usePageTitle(title: string): void {
  useEffect(() => {
    document.title = `${title} · Beckon`;
    const h1 = document.querySelector<HTMLElement>('main h1');
    if (h1 && !document.activeElement?.closest('dialog, [role="dialog"], form')) {
      h1.setAttribute('tabindex', '-1');
      h1.focus({ preventScroll: true });
    }
  }, [title]);
}
