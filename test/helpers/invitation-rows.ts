import type { Db, NewInvitation } from '../../src/db/types.ts';
import { invitationRepository } from '../../src/invitations/repository.ts';

/** A pending invitation sent once at `sentAt`, for tests that write many rows straight to the table. */
export function sentInvitationRow(
  orgId: string,
  email: string,
  sentAt: Date,
  expiresAt: Date,
): NewInvitation {
  return {
    org_id: orgId,
    email,
    role: 'learner',
    message: null,
    status: 'pending',
    send_at: null,
    expires_at: expiresAt,
    sent_count: 1,
    last_sent_at: sentAt,
    last_event_type: 'sent',
    last_event_at: sentAt,
    created_by_user_id: null,
    created_by_name: 'Test',
    accepted_user_id: null,
    accepted_at: null,
    import_id: null,
    created_at: sentAt,
    updated_at: sentAt,
  };
}

/** Writes `rows` in statements of `chunk` rows (one statement has a parameter limit). */
export async function insertInvitations(db: Db, rows: NewInvitation[], chunk = 1000) {
  const out = [];
  for (let i = 0; i < rows.length; i += chunk)
    out.push(...(await invitationRepository.insertMany(db, rows.slice(i, i + chunk))));
  return out;
}
