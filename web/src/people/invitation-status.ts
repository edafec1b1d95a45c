import type { Invitation, InvitationStatus } from '../api.ts';
import { intl, sentenceForCode } from '../i18n/current.ts';
import { msg } from '../i18n/use-t.tsx';
import { roleName } from '../members/role-names.ts';

/** A message in the reader's language (labels here are read while rendering). */
const say = (id: string) => intl().formatMessage({ id });

const STATUS_ID: Record<InvitationStatus, string> = {
  scheduled: msg('people.status.scheduled'),
  pending: msg('people.status.pending'),
  expired: msg('people.status.expired'),
  accepted: msg('people.status.accepted'),
  cancelled: msg('people.status.cancelled'),
  declined: msg('people.status.declined'),
};

/** Each status's name in the reader's language, read when shown (other folders show it too). */
export const STATUS_LABEL: Record<InvitationStatus, string> = new Proxy(STATUS_ID, {
  get: (ids, status) =>
    typeof status === 'string' && status in ids ? say(ids[status as InvitationStatus]) : undefined,
});

export const STATUS_CHIPS: Array<{ status: InvitationStatus; label: string }> = [
  { status: 'scheduled', label: msg('people.status.scheduled') },
  { status: 'pending', label: msg('people.status.pending') },
  { status: 'expired', label: msg('people.chip.expired') },
  { status: 'accepted', label: msg('people.status.accepted') },
  { status: 'cancelled', label: msg('people.status.cancelled') },
  { status: 'declined', label: msg('people.status.declined') },
];

const EVENT_LABEL: Record<string, string> = {
  created: msg('people.event.created'),
  scheduled: msg('people.event.scheduled'),
  rescheduled: msg('people.event.rescheduled'),
  sent: msg('people.event.sent'),
  resent: msg('people.event.resent'),
  renewed: msg('people.event.renewed'),
  link_copied: msg('people.event.linkCopied'),
  viewed: msg('people.event.viewed'),
  link_checked: msg('people.event.linkChecked'),
  delivery_failed: msg('people.event.deliveryFailed'),
  bounced: msg('people.event.bounced'),
  reminded: msg('people.event.reminded'),
  cancelled: msg('people.event.cancelled'),
  expired: msg('people.event.expired'),
  accepted: msg('people.event.accepted'),
  declined: msg('people.event.declined'),
  password_set: msg('people.event.passwordSet'),
  account_created: msg('people.event.accountCreated'),
  delivered: msg('people.event.delivered'),
  renewal_requested: msg('people.event.renewalRequested'),
};
/** An event's name; one this console does not know yet shows its code, made readable. */
export const eventLabel = (type: string) => {
  const id = EVENT_LABEL[type];
  return id ? say(id) : type.replace(/_/g, ' ').replace(/^./, (c) => c.toUpperCase());
};

/** The actions a row offers: the server's list, or (older servers) derived from the status. */
export function actionsOf(inv: Invitation): string[] {
  if (inv.actions) return inv.actions;
  switch (inv.status) {
    case 'scheduled':
      return ['reschedule', 'cancel'];
    case 'pending':
      return ['resend', 'copy_link', 'set_password', 'cancel'];
    case 'expired':
      return ['renew', 'cancel'];
    default:
      return [];
  }
}

/**
 * Why the row offers what it offers, in the reader's language: the catalog's sentence for the
 * server's reason code, else the server's own sentence, else one from the status.
 */
export function statusReason(inv: Invitation): string {
  if (inv.statusReason) {
    return sentenceForCode(intl(), 'people.reason', inv.statusReasonCode, inv.statusReason, {
      role: roleName(say, inv.role),
    });
  }
  switch (inv.status) {
    case 'accepted':
      return say(msg('people.reason.accepted'));
    case 'cancelled':
      return say(msg('people.reason.cancelled'));
    case 'declined':
      return say(msg('people.reason.declined'));
    default:
      return say(msg('people.reason.none'));
  }
}

export function deliveryLabel(s: string | undefined): string {
  switch (s) {
    case 'none':
      return say(msg('people.delivery.none'));
    case 'queued':
    case 'pending':
      return say(msg('people.delivery.queued'));
    case 'sending':
      return say(msg('people.delivery.sending'));
    case 'sent':
      return say(msg('people.delivery.sent'));
    case 'failed':
      return say(msg('people.delivery.failed'));
    case 'bounced':
      return say(msg('people.delivery.bounced'));
    default:
      return s ?? '—';
  }
}
