import type { Static } from 'typebox';
import type { ApiKeyDto, CreatedApiKey } from '../../../src/api-keys/schemas.ts';
import type { Role } from '../api.ts';
import { msg } from '../i18n/use-t.tsx';

/** A key as the server lists it: the type of its own response schema. */
export type ApiKey = Static<typeof ApiKeyDto>;
export type KeyStatus = ApiKey['status'];
/** The answer to creating a key: the only one that holds the key itself. */
export type NewApiKey = Static<typeof CreatedApiKey>;

/** Roles a key may hold; the form offers those the signed-in person may give. */
export const KEY_ROLES: Role[] = ['admin', 'hr'];
export const KEY_STOPPED: Record<Exclude<KeyStatus, 'active'>, string> = {
  revoked: msg('api-keys.stopped.revoked'),
  creator_deactivated: msg('api-keys.stopped.creatorDeactivated'),
  creator_removed: msg('api-keys.stopped.creatorRemoved'),
};
