import { badRequest } from '../shared/errors.ts';

/** The accent when an organization chose none: the console's own blue. */
export const DEFAULT_ACCENT = '#2563eb';

/** "#RGB" or "#RRGGBB" → "#rrggbb"; anything else is refused (it ends up in style attributes). */
export function normalizeAccent(value: string): string {
  const v = value.trim().toLowerCase();
  if (/^#[0-9a-f]{6}$/.test(v)) return v;
  if (/^#[0-9a-f]{3}$/.test(v)) return `#${[...v.slice(1)].map((c) => c + c).join('')}`;
  throw badRequest('invalid_color', 'The accent colour must be a hex colour such as #1d4ed8.', {
    field: 'accentColor',
  });
}

function luminance(hex: string): number {
  const channel = (i: number) => {
    const c = Number.parseInt(hex.slice(1 + 2 * i, 3 + 2 * i), 16) / 255;
    return c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
  };
  return 0.2126 * channel(0) + 0.7152 * channel(1) + 0.0722 * channel(2);
}

/** WCAG contrast ratio between two "#rrggbb" colours. */
export function contrast(a: string, b: string): number {
  const [hi, lo] = [luminance(a), luminance(b)].sort((x, y) => y - x);
  return (hi! + 0.05) / (lo! + 0.05);
}

/** The text colour readable on the accent (white or near-black, whichever contrasts more). */
export function textOn(accent: string): string {
  return contrast(accent, '#ffffff') >= contrast(accent, '#111827') ? '#ffffff' : '#111827';
}
