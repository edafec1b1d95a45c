/** Which history events leave as which webhook event; others (link copied, reminded…) stay internal. */
export const WEBHOOK_EVENT_OF: Record<string, string> = {
  created: 'invitation.created',
  sent: 'invitation.sent',
  resent: 'invitation.sent',
  renewed: 'invitation.sent',
  accepted: 'invitation.accepted',
  password_set: 'invitation.accepted',
  declined: 'invitation.declined',
  cancelled: 'invitation.cancelled',
  expired: 'invitation.expired',
  bounced: 'invitation.bounced',
  delivery_failed: 'invitation.bounced',
};

export const WEBHOOK_EVENTS = [...new Set(Object.values(WEBHOOK_EVENT_OF))];
