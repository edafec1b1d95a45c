import type { Static } from 'typebox';
import type { Settings } from '../../../src/organizations/settings.ts';

/** As the server presents it: the type of its own response schema. */
export type OrgSettings = Static<typeof Settings>;
