import type { CSSProperties } from 'react';

/** What an invitee page shows of the organization besides its name (the server's PublicLook). */
export interface OrgLook {
  logoUrl: string | null;
  accentColor: string;
  accentTextColor: string;
}

/** The organization's accent on the page's main buttons only: links keep the console's colours, which are known to contrast. */
export function lookStyle(look: Partial<OrgLook> | null | undefined): CSSProperties | undefined {
  if (!look?.accentColor || !look.accentTextColor) return undefined;
  return {
    '--button-bg': look.accentColor,
    '--button-bg-hover': look.accentColor,
    '--button-text': look.accentTextColor,
  } as CSSProperties;
}
