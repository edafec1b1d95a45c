import type { Invitation, InvitationStatus } from '../db/types.ts';
import { type AppError, conflict } from '../shared/errors.ts';

/** Every change an invitation can go through after it is created. */
export type Transition =
  | 'first_send'
  | 'resend'
  | 'renew'
  | 'reschedule'
  | 'cancel'
  | 'expire'
  | 'remind'
  | 'accept'
  | 'decline'
  | 'set_password'
  | 'copy_link'
  | 'correct_address'
  | 'request_renewal';

/** The transitions an administrator starts from the list, in the order the console shows them. */
export type InvitationAction =
  | 'reschedule'
  | 'resend'
  | 'renew'
  | 'copy_link'
  | 'set_password'
  | 'correct_address'
  | 'cancel';
const ADMIN_ACTIONS: InvitationAction[] = [
  'reschedule',
  'resend',
  'renew',
  'copy_link',
  'set_password',
  'correct_address',
  'cancel',
];

/**
 * The statuses (as read, expiry applied) each transition may start from. A pending row still
 * waiting for its first email (created by an import) is first-sent like a scheduled one.
 */
const FROM: Record<Transition, readonly InvitationStatus[]> = {
  first_send: ['scheduled', 'pending'],
  resend: ['pending'],
  renew: ['expired'],
  reschedule: ['scheduled'],
  cancel: ['scheduled', 'pending', 'expired'],
  expire: ['pending'],
  remind: ['pending'],
  accept: ['pending'],
  decline: ['pending'],
  set_password: ['pending'],
  copy_link: ['pending'],
  // Any open invitation: a bounced address, or a typo noticed before the person answered.
  correct_address: ['scheduled', 'pending', 'expired'],
  // The invitee, on the expired link's page, asks the inviter for a new one.
  request_renewal: ['expired'],
};

/** How each transition reads in "Cannot … an invitation that is expired." */
const VERB: Record<Transition, string> = {
  first_send: 'send',
  resend: 'resend',
  renew: 'resend',
  reschedule: 'reschedule',
  cancel: 'cancel',
  expire: 'expire',
  remind: 'remind',
  accept: 'accept',
  decline: 'decline',
  set_password: 'set a password for',
  copy_link: 'copy the link of',
  correct_address: 'correct the address of',
  request_renewal: 'ask for a new',
};

/** Expiry holds at read time, before the sweep job has recorded it. */
export function effectiveStatus(inv: Pick<Invitation, 'status' | 'expires_at'>, now: Date): InvitationStatus {
  if (inv.status === 'pending' && inv.expires_at && inv.expires_at.getTime() <= now.getTime())
    return 'expired';
  return inv.status;
}

export function mayTransition(status: InvitationStatus, transition: Transition): boolean {
  return FROM[transition].includes(status);
}

/** 409 `invalid_status` unless the transition may start from this status. */
export function requireTransition(status: InvitationStatus, transition: Transition): void {
  if (!mayTransition(status, transition)) throw invalidStatus(status, transition);
}

export function invalidStatus(status: InvitationStatus, transition: Transition): AppError {
  return conflict('invalid_status', `Cannot ${VERB[transition]} an invitation that is ${status}.`, {
    status,
  });
}

/** Resend on a pending invitation, renew on an expired one: the one button "resend" means both. */
export function reissueKind(status: InvitationStatus): 'resend' | 'renew' {
  return status === 'expired' ? 'renew' : 'resend';
}

/**
 * An email of an invitation is still wanted when the invitation is open (scheduled or pending and
 * not expired) and the email carries its current link version.
 */
export function emailStillWanted(
  inv: Pick<Invitation, 'status' | 'expires_at' | 'link_version'>,
  emailLinkVersion: number | null,
  now: Date,
): boolean {
  const status = effectiveStatus(inv, now);
  return (status === 'pending' || status === 'scheduled') && inv.link_version === emailLinkVersion;
}

export function allowedActions(status: InvitationStatus): InvitationAction[] {
  return ADMIN_ACTIONS.filter((action) => mayTransition(status, action));
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
