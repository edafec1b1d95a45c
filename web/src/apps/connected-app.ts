import type { Static } from 'typebox';
import type { App, AppWithSecret } from '../../../src/apps/schemas.ts';

/** An app as the server presents it: the type of its own response schema. */
export type ConnectedApp = Static<typeof App>;
/** A new app or a new secret: the client secret is in this answer only. */
export type WithSecret = Static<typeof AppWithSecret>;

export const lines = (s: string) =>
  s
    .split(/[\n\s,]+/)
    .map((x) => x.trim())
    .filter(Boolean);
