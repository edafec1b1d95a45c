import type { Static } from 'typebox';
import type { Branding } from '../../../src/branding/schemas.ts';

/** Settings → Branding, as the server answers it. */
export type BrandingDto = Static<typeof Branding>;
