import { DEFAULT_ACCENT, textOn } from './colour.ts';

/** What an invitee page shows of an organization besides its name. */
export interface PublicLook {
  logoUrl: string | null;
  accentColor: string;
  /** Text readable on the accent (white or near-black). */
  accentTextColor: string;
}

/**
 * Where the logo is served: versioned by its hash, so the answer can be cached for good and a new
 * logo is a new URL.
 */
export function logoUrl(appUrl: string, orgId: string, sha256: string): string {
  return `${appUrl}/api/v1/orgs/${orgId}/branding/logo?v=${sha256.slice(0, 16)}`;
}

export function publicLook(
  appUrl: string,
  org: { id: string; accent_color: string | null; logo_sha256: string | null },
): PublicLook {
  const accent = org.accent_color ?? DEFAULT_ACCENT;
  return {
    logoUrl: org.logo_sha256 ? logoUrl(appUrl, org.id, org.logo_sha256) : null,
    accentColor: accent,
    accentTextColor: textOn(accent),
  };
}

/** The sender's display name of an organization's emails: "Northwind Academy via Beckon". */
export function senderName(orgName: string, productName: string): string {
  return `${orgName} via ${productName}`;
}
