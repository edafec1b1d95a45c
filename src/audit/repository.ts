import { randomBytes } from 'node:crypto';
import { sql } from 'kysely';
import type { Executor } from '../db/types.ts';
import type { AuditActorType } from './tables.ts';

/** One change, as a service hands it to the audit log. */
export interface AuditEntry {
  orgId: string;
  at: Date;
  actor: { type: AuditActorType; id: string | null; name: string };
  action: string;
  target: { type: string; id?: string | null; label?: string | null };
  /** Before/after of the changed fields only; never a secret or a hash. */
  changes?: Record<string, unknown> | null;
}

export interface AuditFilter {
  orgId: string;
  actorId?: string;
  /** An action or a prefix of one ending at a dot: `member` matches `member.role_changed`. */
  type?: string;
  from?: Date;
  to?: Date;
}

export interface AuditPosition {
  at: Date;
  id: string;
}

let lastMs = 0;
let sequence = 0;
/**
 * A time-ordered id that only grows within this process: 48 bits of milliseconds, a 32-bit
 * sequence within the millisecond, 48 random bits (distinct across processes).
 */
function nextAuditId(): string {
  const ms = Math.max(Date.now(), lastMs);
  sequence = ms === lastMs ? sequence + 1 : 0;
  lastMs = ms;
  const h =
    ms.toString(16).padStart(12, '0') +
    sequence.toString(16).padStart(8, '0') +
    randomBytes(6).toString('hex');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
}

const COLUMNS = [
  'id',
  'at',
  'actor_type',
  'actor_id',
  'actor_name',
  'action',
  'target_type',
  'target_id',
  'target_label',
  'changes',
] as const;

export const auditRepository = {
  /**
   * THE way anything is written to the audit log: called by services with their transaction, so
   * the entry exists exactly when the change committed.
   */
  async record(db: Executor, entries: AuditEntry[]): Promise<void> {
    if (entries.length === 0) return;
    await this.insertQuery(db, entries).execute();
  },

  /** The INSERT record() runs, unexecuted: for a caller that writes the entries within its own statement. */
  insertQuery(db: Executor, entries: AuditEntry[]) {
    // Ids ascend in the order entries are written (by `at`, then position), so entries written at
    // the same instant list in the order this process wrote them (ties on `at` go by id).
    const order = entries
      .map((_, i) => i)
      .sort((a, b) => entries[a]!.at.getTime() - entries[b]!.at.getTime() || a - b);
    const ids: string[] = [];
    for (const entry of order) ids[entry] = nextAuditId();
    return db.insertInto('audit_events').values(
      entries.map((e, i) => ({
        id: ids[i]!,
        org_id: e.orgId,
        at: e.at,
        actor_type: e.actor.type,
        actor_id: e.actor.id,
        actor_name: e.actor.name,
        action: e.action,
        target_type: e.target.type,
        target_id: e.target.id ?? null,
        target_label: e.target.label ?? null,
        changes: e.changes ? JSON.stringify(e.changes) : null,
      })),
    );
  },

  /**
   * Newest first after `after`, `limit` rows. The row comparison on (at, id) is a bound on the
   * (org_id, at, id) index, so every page costs what the first costs.
   */
  page(db: Executor, f: AuditFilter, limit: number, after?: AuditPosition) {
    let q = db.selectFrom('audit_events').select(COLUMNS).where('org_id', '=', f.orgId);
    if (f.actorId) q = q.where('actor_id', '=', f.actorId);
    if (f.type) {
      const type = f.type;
      q = q.where((eb) => eb.or([eb('action', '=', type), eb('action', 'like', `${type}.%`)]));
    }
    if (f.from) q = q.where('at', '>=', f.from);
    if (f.to) q = q.where('at', '<', f.to);
    if (after) q = q.where(sql<boolean>`(at, id) < (${after.at}, ${after.id}::uuid)`);
    return q.orderBy('at', 'desc').orderBy('id', 'desc').limit(limit).execute();
  },

  /** One target's entries, oldest first (an app's history). */
  forTarget(db: Executor, orgId: string, targetType: string, targetId: string) {
    return db
      .selectFrom('audit_events')
      .select(COLUMNS)
      .where('org_id', '=', orgId)
      .where('target_type', '=', targetType)
      .where('target_id', '=', targetId)
      .orderBy('at')
      .orderBy('id')
      .execute();
  },

  /**
   * `page` for exports: the time as ISO 8601 text and `changes` as JSON text, made by PostgreSQL,
   * so the export neither parses them into objects nor serialises them again.
   */
  exportPage(db: Executor, f: AuditFilter, limit: number, after?: { atText: string; id: string }) {
    let q = db
      .selectFrom('audit_events')
      .select([
        'id',
        // The position for the next page, exact to the microsecond (the ISO text stops at ms).
        sql<string>`at::text`.as('at_text'),
        sql<string>`to_char(at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')`.as('at_iso'),
        'actor_type',
        'actor_id',
        'actor_name',
        'action',
        'target_type',
        'target_id',
        'target_label',
        sql<string | null>`changes::text`.as('changes_json'),
      ])
      .where('org_id', '=', f.orgId);
    if (f.actorId) q = q.where('actor_id', '=', f.actorId);
    if (f.type) {
      const type = f.type;
      q = q.where((eb) => eb.or([eb('action', '=', type), eb('action', 'like', `${type}.%`)]));
    }
    if (f.from) q = q.where('at', '>=', f.from);
    if (f.to) q = q.where('at', '<', f.to);
    if (after) q = q.where(sql<boolean>`(at, id) < (${after.atText}::timestamptz, ${after.id}::uuid)`);
    return q.orderBy('at', 'desc').orderBy('id', 'desc').limit(limit).execute();
  },

  /**
   * Deletes up to `batch` events older than their organization's retention at `now`; answers how
   * many. Batched so one purge of millions of rows never holds one long transaction.
   */
  async purgeExpired(db: Executor, now: Date, batch: number): Promise<number> {
    const result = await sql`
      DELETE FROM audit_events WHERE id IN (
        SELECT a.id FROM audit_events a JOIN organizations o ON o.id = a.org_id
        WHERE a.at < ${now}::timestamptz - make_interval(days => o.audit_retention_days)
        LIMIT ${batch}
      )`.execute(db);
    return Number(result.numAffectedRows ?? 0);
  },
};

export type AuditRow = Awaited<ReturnType<typeof auditRepository.page>>[number];
export type AuditExportRow = Awaited<ReturnType<typeof auditRepository.exportPage>>[number];
