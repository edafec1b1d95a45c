import type { Actor } from '../auth/permissions.ts';
import { isUuid } from '../http/authenticate.ts';
import { notFound } from '../http/errors.ts';
import { hashToken } from '../security/tokens.ts';
import type { Deps } from '../shared/deps.ts';
import { cleanName } from '../shared/validation.ts';
import { apiKeyRepository as repo } from './repository.ts';

export const API_KEY_PREFIX = 'bk_';
const iso = (d: Date | string | null) => (d === null ? null : new Date(d).toISOString());

/**
 * API keys: `bk_` + 256 random bits. Only the SHA-256 is stored; the key is shown once. A key
 * acts as an admin of its one organization (never an owner: it cannot touch ownership).
 */
export function createApiKeyService(deps: Pick<Deps, 'db' | 'clock' | 'tokens'>) {
  return {
    async create(actor: Actor, rawName: string) {
      const name = cleanName(rawName, 'name', 100);
      const key = `${API_KEY_PREFIX}${deps.tokens.random(32)}`;
      const row = await repo.insert(deps.db, {
        org_id: actor.orgId,
        name,
        prefix: key.slice(0, 10),
        key_hash: hashToken(key),
        created_by: actor.userId,
        created_at: deps.clock.now(),
      });
      return { id: row.id, key, name: row.name, prefix: row.prefix, createdAt: iso(row.created_at)! };
    },

    async list(actor: Actor) {
      const rows = await repo.list(deps.db, actor.orgId);
      return rows.map((r) => ({
        id: r.id,
        name: r.name,
        prefix: r.prefix,
        createdAt: iso(r.created_at)!,
        lastUsedAt: iso(r.last_used_at),
        revokedAt: iso(r.revoked_at),
        createdBy: r.created_by_name ?? null,
      }));
    },

    /** Revokes a key (idempotent); from then on it answers 401. */
    async revoke(actor: Actor, id: string) {
      if (!isUuid(id)) throw notFound('API key');
      const existing = await repo.find(deps.db, actor.orgId, id);
      if (!existing) throw notFound('API key');
      await repo.revoke(deps.db, actor.orgId, id, deps.clock.now());
    },
  };
}

export type ApiKeyService = ReturnType<typeof createApiKeyService>;
