import type { Invitation, InvitationStatus } from '../db/types.ts';

export type InvitationAction = 'resend' | 'renew' | 'copy_link' | 'set_password' | 'cancel' | 'reschedule';

/** Expiry holds at read time, before the sweep job has recorded it. */
export function effectiveStatus(inv: Pick<Invitation, 'status' | 'expires_at'>, now: Date): InvitationStatus {
  if (inv.status === 'pending' && inv.expires_at && inv.expires_at.getTime() <= now.getTime())
    return 'expired';
  return inv.status;
}

const ACTIONS: Record<InvitationStatus, InvitationAction[]> = {
  scheduled: ['reschedule', 'cancel'],
  pending: ['resend', 'copy_link', 'set_password', 'cancel'],
  expired: ['renew', 'cancel'],
  accepted: [],
  cancelled: [],
  declined: [],
};

export function allowedActions(status: InvitationStatus): InvitationAction[] {
  return ACTIONS[status];
}

/** Why nothing (or little) can be done: shown where the menu would be. */
export function statusReason(status: InvitationStatus): string {
  switch (status) {
    case 'scheduled':
      return 'Not sent yet: it goes out at its send time. You can change the time or cancel it.';
    case 'pending':
      return 'Sent and waiting for the invitee to accept.';
    case 'expired':
      return 'Not accepted in time. Send a new invitation to give the person a fresh link.';
    case 'accepted':
      return 'Accepted: this person is a member now and cannot be invited again.';
    case 'cancelled':
      return 'Cancelled: its link no longer works. Invite the address again if needed.';
    case 'declined':
      return 'Declined by the invitee. You can send a fresh invitation if they change their mind.';
  }
}
