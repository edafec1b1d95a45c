import { readerLocale } from '../i18n/intl.ts';
import { type Locale, textDirection } from '../i18n/locales.ts';

/** Small server-rendered pages of the sign-in flow, in the console's look (colours from web/src/styles.css). */
export function escapeHtml(text: string): string {
  return text.replace(
    /[&<>"']/g,
    (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!,
  );
}

const STYLE = `
:root{--fg:#1b1f24;--muted:#57606a;--bg:#f6f7f9;--panel:#fff;--line:#d0d7de;--accent:#0b5cad;--accent-dark:#084a8c;--radius:8px}
*{box-sizing:border-box}body{margin:0;font:16px/1.5 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;color:var(--fg);background:var(--bg)}
main{max-width:28rem;margin:4rem auto;padding:0 1rem}.card{background:var(--panel);border:1px solid var(--line);border-radius:var(--radius);padding:1.5rem}
h1{font-size:1.4rem;margin:0 0 .75rem}p{margin:0 0 1rem}.muted{color:var(--muted)}
.button,button{display:inline-block;min-height:44px;padding:.6rem 1rem;border-radius:6px;border:1px solid var(--accent);background:var(--accent);color:#fff;font:inherit;text-decoration:none;cursor:pointer}
.button:hover,button:hover{background:var(--accent-dark)}button.secondary{background:#fff;color:var(--accent)}
.actions{display:flex;gap:.5rem;flex-wrap:wrap}:focus-visible{outline:none;box-shadow:0 0 0 3px #7fb2f0}
`;

/** `body` is trusted HTML built by the caller with escapeHtml around every value. */
export function page(locale: Locale, title: string, body: string): string {
  return `<!doctype html><html lang="${locale}" dir="${textDirection(locale)}"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>${escapeHtml(title)} · Beckon</title><style>${STYLE}</style></head><body><main id="main"><div class="card"><h1>${escapeHtml(title)}</h1>${body}</div></main></body></html>`;
}

/** A provider page's language (no Beckon session is read there): the browser's, else English. */
export function pageLocale(ctx: { get(name: string): string }): Locale {
  return readerLocale(null, ctx.get('accept-language'), 'en');
}
