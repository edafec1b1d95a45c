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

export function usesLogo(html: string): boolean {
  return html.includes(LOGO_SRC);
}

export function withoutLogo(html: string): string {
  return html.replace(LOGO_IMG, '');
}

/**
 * A stored body as a reader sees it in the console (outbox, mailbox, an invitation's emails): the
 * inline logo, which only a sent message carries, is shown from its public address instead; gone
 * when the organization has no logo now, as the send worker would drop it.
 */
export function logoForViewing(html: string, logoAddress: string | null): string {
  if (!usesLogo(html)) return html;
  return logoAddress === null ? withoutLogo(html) : html.replaceAll(LOGO_SRC, logoAddress);
}
