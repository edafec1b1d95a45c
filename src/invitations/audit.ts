import { auditEntry } from '../audit/changes.ts';
import { type AuditEntry, auditRepository } from '../audit/repository.ts';
import type { Actor } from '../auth/permissions.ts';
import type { Executor, Invitation } from '../db/types.ts';

/**
 * An action a person or API key took on invitations, for the audit log: one entry per invitation
 * (its address as the label). Bulk runs (imports, bulk resends) write one entry for the run
 * instead; each invitation's own history keeps the detail.
 */
export function auditInvitations<I extends Pick<Invitation, 'id' | 'email'>>(
  trx: Executor,
  actor: Pick<Actor, 'type' | 'id' | 'name' | 'orgId'>,
  invitations: I[],
  verb: string,
  at: Date,
  changes?: (inv: I) => Record<string, unknown> | null,
): Promise<void> {
  return auditRepository.record(trx, invitationAuditEntries(actor, invitations, verb, at, changes));
}

/** The entries auditInvitations writes, for a caller that writes them within its own statement. */
export function invitationAuditEntries<I extends Pick<Invitation, 'id' | 'email'>>(
  actor: Pick<Actor, 'type' | 'id' | 'name' | 'orgId'>,
  invitations: I[],
  verb: string,
  at: Date,
  changes?: (inv: I) => Record<string, unknown> | null,
): AuditEntry[] {
  return invitations.map((inv) =>
    auditEntry(
      actor,
      at,
      `invitation.${verb}`,
      { type: 'invitation', id: inv.id, label: inv.email },
      changes?.(inv),
    ),
  );
}
