import type { Actor } from '../auth/permissions.ts';
import type { AuditEntry } from './repository.ts';

/** Who did it, as the audit log records it. */
export function auditActor(actor: Pick<Actor, 'type' | 'id' | 'name'>): AuditEntry['actor'] {
  return { type: actor.type, id: actor.id, name: actor.name };
}

/** An entry for `actor`'s organization at `at`. */
export function auditEntry(
  actor: Pick<Actor, 'type' | 'id' | 'name' | 'orgId'>,
  at: Date,
  action: string,
  target: AuditEntry['target'],
  changes?: Record<string, unknown> | null,
): AuditEntry {
  return { orgId: actor.orgId, at, actor: auditActor(actor), action, target, changes: changes ?? null };
}

const same = (a: unknown, b: unknown) => JSON.stringify(a ?? null) === JSON.stringify(b ?? null);

/**
 * The fields of `after` whose value differs from `before`, as `{ field: { from, to } }`; null when
 * nothing changed. Only the fields named in `after` are compared, so callers pass exactly what may
 * be shown (never a secret or a hash).
 */
export function changedFields(
  before: Record<string, unknown>,
  after: Record<string, unknown>,
): Record<string, { from: unknown; to: unknown }> | null {
  const out: Record<string, { from: unknown; to: unknown }> = {};
  for (const [field, to] of Object.entries(after)) {
    if (to === undefined) continue;
    const from = before[field];
    if (!same(from, to)) out[field] = { from: from ?? null, to: to ?? null };
  }
  return Object.keys(out).length ? out : null;
}
