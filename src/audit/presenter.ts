import { csvLine } from '../shared/csv.ts';
import { systemActorCode } from '../shared/system-actors.ts';
import type { AuditExportRow, AuditRow } from './repository.ts';

export interface AuditEventDto {
  id: string;
  at: string;
  actor: { type: string; id: string | null; name: string; code?: string };
  action: string;
  target: { type: string; id: string | null; label: string | null };
  changes: Record<string, unknown> | null;
}

export function presentAuditEvent(r: AuditRow): AuditEventDto {
  return {
    id: r.id,
    at: new Date(r.at).toISOString(),
    actor: {
      type: r.actor_type,
      id: r.actor_id,
      name: r.actor_name,
      ...systemActorCode(r.actor_type, r.actor_name),
    },
    action: r.action,
    target: { type: r.target_type, id: r.target_id, label: r.target_label },
    changes: (r.changes as Record<string, unknown> | null) ?? null,
  };
}

export const AUDIT_CSV_HEADER = csvLine([
  'at',
  'actor_type',
  'actor_id',
  'actor_name',
  'action',
  'target_type',
  'target_id',
  'target_label',
  'changes',
]);

/** One CSV line; every cell goes through the formula neutraliser (names and labels are typed by people). */
export function auditCsvLine(r: AuditExportRow): string {
  return csvLine([
    r.at_iso,
    r.actor_type,
    r.actor_id ?? '',
    r.actor_name,
    r.action,
    r.target_type,
    r.target_id ?? '',
    r.target_label ?? '',
    r.changes_json ?? '',
  ]);
}

const str = (v: string | null) => (v === null ? 'null' : JSON.stringify(v));

/** The list's event shape, written directly: `changes` is already JSON text from the database. */
export function auditNdjsonLine(r: AuditExportRow): string {
  return `{"id":"${r.id}","at":"${r.at_iso}","actor":{"type":${str(r.actor_type)},"id":${str(r.actor_id)},"name":${str(r.actor_name)}},"action":${str(r.action)},"target":{"type":${str(r.target_type)},"id":${str(r.target_id)},"label":${str(r.target_label)}},"changes":${r.changes_json ?? 'null'}}\n`;
}
