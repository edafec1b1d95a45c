import { auditEntry } from '../audit/changes.ts';
import { auditRepository as audit } from '../audit/repository.ts';
import { type Actor, API_KEY_ROLES, canGrantRole, isApiKeyRole } from '../auth/permissions.ts';
import type { Role } from '../db/types.ts';
import { hashToken } from '../security/tokens.ts';
import type { Deps } from '../shared/deps.ts';
import { AppError, badRequest, notFound } from '../shared/errors.ts';
import { isUuid } from '../shared/ids.ts';
import { cleanName } from '../shared/validation.ts';
import { apiKeyRepository as repo } from './repository.ts';
import { keyStanding } from './standing.ts';

export const API_KEY_PREFIX = 'bk_';
const iso = (d: Date | string | null) => (d === null ? null : new Date(d).toISOString());

/**
 * API keys: `bk_` + 256 random bits. Only the SHA-256 is stored; the key is shown once. A key
 * belongs to one organization, has a role (admin or hr, never above its creator's) and acts with at
 * most its creator's current rights (see standing.ts).
 */
export function createApiKeyService(deps: Pick<Deps, 'db' | 'clock' | 'tokens'>) {
  /** The person a new key borrows its rights from: the caller, or the calling key's creator. */
  async function creatorOf(actor: Actor) {
    if (actor.type === 'user') {
      return { created_by: actor.userId!, created_by_name: actor.name, created_by_key_id: null };
    }
    const parent = await repo.find(deps.db, actor.orgId, actor.id);
    if (!parent || parent.creator_unknown || !parent.created_by) {
      throw new AppError(
        403,
        'creator_unknown',
        'This API key was made before Beckon recorded who creates keys, so it cannot create keys. Ask an owner or administrator to create one.',
      );
    }
    return {
      created_by: parent.created_by,
      created_by_name: parent.created_by_name ?? '',
      created_by_key_id: actor.id,
    };
  }

  return {
    async create(actor: Actor, input: { name: string; role?: Role }) {
      const name = cleanName(input.name, 'name', 100);
      const role = input.role ?? API_KEY_ROLES.find((r) => canGrantRole(actor, r)) ?? 'admin';
      if (!canGrantRole(actor, role)) {
        throw new AppError(
          403,
          'role_not_allowed',
          `You cannot give a key the role "${role}": it is above yours.`,
          {
            details: { field: 'role' },
          },
        );
      }
      if (!isApiKeyRole(role)) {
        throw badRequest('invalid_role', 'An API key is either admin or hr; ownership stays with people.', {
          field: 'role',
        });
      }
      const creator = await creatorOf(actor);
      const key = `${API_KEY_PREFIX}${deps.tokens.random(32)}`;
      const now = deps.clock.now();
      const row = await deps.db.transaction().execute(async (trx) => {
        const inserted = await repo.insert(trx, {
          org_id: actor.orgId,
          name,
          prefix: key.slice(0, 10),
          key_hash: hashToken(key),
          role,
          ...creator,
          created_at: now,
        });
        // The key's prefix identifies it; the key itself and its hash never enter the log.
        await audit.record(trx, [
          auditEntry(
            actor,
            now,
            'api_key.created',
            { type: 'api_key', id: inserted.id, label: `${name} (${inserted.prefix}…)` },
            { name: { from: null, to: name }, role: { from: null, to: role } },
          ),
        ]);
        return inserted;
      });
      return {
        id: row.id,
        key,
        name: row.name,
        prefix: row.prefix,
        role: row.role,
        createdAt: iso(row.created_at)!,
      };
    },

    async list(actor: Actor) {
      const rows = await repo.list(deps.db, actor.orgId);
      return rows.map((r) => {
        const standing = keyStanding(r);
        const creatorName = r.creator_current_name ?? r.created_by_name;
        return {
          id: r.id,
          name: r.name,
          prefix: r.prefix,
          role: r.role,
          effectiveRole: standing.state === 'active' ? standing.rights.role : null,
          status: standing.state,
          creator: r.creator_unknown
            ? null
            : {
                userId: r.created_by,
                name: creatorName,
                status: r.creator_status === null ? ('removed' as const) : r.creator_status,
              },
          createdByKey:
            r.created_by_key_id && r.created_by_key_name
              ? { id: r.created_by_key_id, name: r.created_by_key_name }
              : null,
          createdAt: iso(r.created_at)!,
          lastUsedAt: iso(r.last_used_at),
          revokedAt: iso(r.revoked_at),
          createdBy: creatorName ?? null,
        };
      });
    },

    /** Revokes a key (idempotent); from then on it answers 401. */
    async revoke(actor: Actor, id: string) {
      if (!isUuid(id)) throw notFound('API key');
      await deps.db.transaction().execute(async (trx) => {
        const existing = await repo.find(trx, actor.orgId, id);
        if (!existing) throw notFound('API key');
        if (existing.revoked_at) return;
        const now = deps.clock.now();
        await repo.revoke(trx, actor.orgId, id, now);
        await audit.record(trx, [
          auditEntry(actor, now, 'api_key.revoked', {
            type: 'api_key',
            id,
            label: `${existing.name} (${existing.prefix}…)`,
          }),
        ]);
      });
    },
  };
}

export type ApiKeyService = ReturnType<typeof createApiKeyService>;
