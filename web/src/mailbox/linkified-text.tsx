import { Fragment } from 'react';

/** Turns the plain text of an email into nodes, with its links clickable (same-origin links stay in the app). */
export function LinkifiedText({ text }: { text: string }) {
  // A link ends at a space, a bracket, a quote or an invisible direction mark (right-to-left text
  // may wrap one in isolates).
  const parts = text.split(/(https?:\/\/[^\s<>"\u200e\u200f\u202a-\u202e\u2066-\u2069]+)/g);
  return (
    <pre className="email-text">
      {parts.map((part, i) =>
        /^https?:\/\//.test(part) ? (
          // biome-ignore lint/suspicious/noArrayIndexKey: the parts of one fixed text never reorder
          <a key={i} href={sameOrigin(part)}>
            {part}
          </a>
        ) : (
          // biome-ignore lint/suspicious/noArrayIndexKey: the parts of one fixed text never reorder
          <Fragment key={i}>{part}</Fragment>
        ),
      )}
    </pre>
  );
}

export function sameOrigin(url: string): string {
  try {
    const u = new URL(url);
    // Links carry APP_URL; when the console is opened on another host name, keep the path.
    if (u.origin !== window.location.origin && /^\/(invite|join|reset-password)\//.test(u.pathname))
      return u.pathname + u.search;
  } catch {
    // keep as is
  }
  return url;
}
