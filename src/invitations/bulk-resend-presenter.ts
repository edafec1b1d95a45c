import type { BulkResendRecord, Refusal } from './bulk-resend-tables.ts';

type RunSummary = Omit<BulkResendRecord, 'invitation_ids' | 'member_ids' | 'refusals'>;

const iso = (d: Date | null) => (d ? new Date(d).toISOString() : null);

/** A background bulk resend as the API shows it: who, when, options and counters. */
export function presentRun(r: RunSummary) {
  return {
    id: r.id,
    status: r.status,
    total: r.total,
    processed: r.processed,
    sent: r.sent,
    refused: r.refused,
    ineligible: r.ineligible,
    sendAt: iso(r.send_at),
    templateId: r.template_id,
    requirePasswordChange: r.require_password_change,
    createdAt: iso(r.created_at)!,
    createdBy: { type: r.actor_type, id: r.actor_id, name: r.actor_name },
    finishedAt: iso(r.finished_at),
    error: r.error,
    cancelledBy: r.cancelled_by_name,
  };
}

/** With the run-time refusals kept (PGlite hands jsonb back parsed, node-postgres too; text just in case). */
export function presentRunWithRefusals(r: RunSummary & { refusals: Refusal[] | string }) {
  const refusals = typeof r.refusals === 'string' ? (JSON.parse(r.refusals) as Refusal[]) : r.refusals;
  return { ...presentRun(r), refusals, refusalsTruncated: r.refused > refusals.length };
}
