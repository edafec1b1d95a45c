/**
 * The organization's logo travels inside each email (an inline image, referenced as `cid:`), not
 * as a remote URL: many email programs block remote images until the reader allows them, and an
 * APP_URL on a private network is not reachable from the reader's mail service anyway. Stored
 * bodies name LOGO_SRC; the send worker attaches the organization's current logo under LOGO_CID,
 * or drops the image when the organization removed its logo since.
 */
export const LOGO_CID = 'organization-logo@beckon';
export const LOGO_SRC = `cid:${LOGO_CID}`;

/** The largest box an email draws the logo in (CSS px); Outlook ignores max-width, so sizes are given. */
const BOX = { width: 240, height: 64 };

export function logoDisplaySize(width: number, height: number): { width: number; height: number } {
  const scale = Math.min(1, BOX.width / width, BOX.height / height);
  return { width: Math.max(1, Math.round(width * scale)), height: Math.max(1, Math.round(height * scale)) };
}

/** An `<img>` whose source is the inline logo (whatever attributes a template gave it). */
const LOGO_IMG = /<img\b[^>]*\bsrc\s*=\s*["']?cid:organization-logo@beckon["']?[^>]*>/gi;
/** The same, alone in its paragraph (as the built-in layout draws it). */
const LOGO_PARAGRAPH = new RegExp(`<p>\\s*${LOGO_IMG.source}\\s*</p>`, 'gi');

export function usesLogo(html: string): boolean {
  return html.includes(LOGO_SRC);
}

/** The body without the logo, and without the paragraph that only held it. */
export function withoutLogo(html: string): string {
  return html.replace(LOGO_PARAGRAPH, '').replace(LOGO_IMG, '');
}

/**
 * The logo drawn at the size of the organization's logo now: a body is rendered when it is queued,
 * and the logo may have been replaced by one of another shape before it is sent or viewed (email
 * programs that ignore CSS, Outlook among them, stretch the picture to the attributes).
 */
export function withLogoSize(html: string, size: { width: number; height: number }): string {
  return html.replace(LOGO_IMG, (img) =>
    img
      .replace(/\bwidth\s*=\s*["']?\d+["']?/i, `width="${size.width}"`)
      .replace(/\bheight\s*=\s*["']?\d+["']?/i, `height="${size.height}"`),
  );
}

/** The organization's logo now: where it is served, and its pixel size. */
export interface CurrentLogo {
  address: string;
  width: number;
  height: number;
}

/**
 * A stored body as a reader sees it in the console (outbox, mailbox, an invitation's emails): the
 * inline logo, which only a sent message carries, is shown from its public address instead; gone
 * when the organization has no logo now, as the send worker would drop it.
 */
export function logoForViewing(html: string, logo: CurrentLogo | null): string {
  if (!usesLogo(html)) return html;
  if (logo === null) return withoutLogo(html);
  return withLogoSize(html, logoDisplaySize(logo.width, logo.height)).replaceAll(LOGO_SRC, logo.address);
}
