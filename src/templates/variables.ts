import { type MessageId, translate } from '../i18n/intl.ts';
import type { Locale } from '../i18n/locales.ts';
import type { EmailKind } from '../mail/render.ts';

/**
 * Documented variables per kind: the only names a template may use. The description is a server
 * message id: its English (the source) and translations live in the catalogs.
 */
export interface VariableDoc {
  name: string;
  description: MessageId;
  example: string | boolean | null;
}

/** Kinds an organization may write its own templates for (account notices stay Beckon's). */
export const TEMPLATE_KINDS: EmailKind[] = [
  'invitation',
  'reminder',
  'join_verification',
  'account_ready',
  'added_to_organization',
  'password_reset',
];

/** Each kind's name for people, as a server message id. */
export const KIND_LABELS: Record<EmailKind, MessageId> = {
  invitation: 'templates.kind.invitation',
  reminder: 'templates.kind.reminder',
  join_verification: 'templates.kind.joinVerification',
  account_ready: 'templates.kind.accountReady',
  added_to_organization: 'templates.kind.addedToOrganization',
  password_reset: 'templates.kind.passwordReset',
  sign_in_paused: 'templates.kind.signInPaused',
  renewal_requested: 'templates.kind.renewalRequested',
};

const v = (name: string, description: MessageId, example: string | boolean | null): VariableDoc => ({
  name,
  description,
  example,
});

const ORG = v('organization.name', 'templates.variable.organizationName', 'Acme Training');
/** An organization's look (Settings → Branding); every kind sent for an organization has them. */
const LOOK = [
  v('organization.accent_color', 'templates.variable.organizationAccentColor', '#2563eb'),
  v('organization.accent_text_color', 'templates.variable.organizationAccentTextColor', '#ffffff'),
  v('organization.logo.url', 'templates.variable.organizationLogoUrl', null),
  v('organization.logo.width', 'templates.variable.organizationLogoWidth', null),
  v('organization.logo.height', 'templates.variable.organizationLogoHeight', null),
];
const LINK = v('link', 'templates.variable.link', 'https://beckon.example.com/invite/…');
const RECIPIENT_EMAIL = v('recipient.email', 'templates.variable.recipientEmail', 'sam@example.com');
const INVITATION_VARS = [
  ORG,
  v('inviter.name', 'templates.variable.inviterName', 'Olivia Owner'),
  RECIPIENT_EMAIL,
  v('invitation.role', 'templates.variable.invitationRole', 'learner'),
  v('invitation.role_name', 'templates.variable.invitationRoleName', 'Learner'),
  v('invitation.groups', 'templates.variable.invitationGroups', 'Safety, Onboarding'),
  v('invitation.trainings', 'templates.variable.invitationTrainings', 'Fire safety, Welcome course'),
  v('invitation.expires_at', 'templates.variable.invitationExpiresAt', '29 November 2026 at 10:00 UTC'),
  v('invitation.expires_at_iso', 'templates.variable.invitationExpiresAtIso', '2026-11-29T10:00:00.000Z'),
  v('message', 'templates.variable.message', 'Welcome aboard!'),
  v('decline_link', 'templates.variable.declineLink', 'https://beckon.example.com/invite/…?decline=1'),
  ...LOOK,
  LINK,
];

export const VARIABLES: Record<EmailKind, VariableDoc[]> = {
  invitation: INVITATION_VARS,
  reminder: INVITATION_VARS,
  join_verification: [
    ORG,
    ...LOOK,
    RECIPIENT_EMAIL,
    v('link_expires_at', 'templates.variable.linkExpiresAt', '22 November 2026 at 11:00 UTC'),
    LINK,
  ],
  account_ready: [
    ORG,
    ...LOOK,
    RECIPIENT_EMAIL,
    v('recipient.name', 'templates.variable.recipientNameMember', 'Sam Lee'),
    v('inviter.name', 'templates.variable.inviterNameSent', 'Olivia Owner'),
    v('password_change_required', 'templates.variable.passwordChangeRequired', true),
    LINK,
  ],
  added_to_organization: [
    ORG,
    ...LOOK,
    RECIPIENT_EMAIL,
    v('recipient.name', 'templates.variable.recipientNameMember', 'Sam Lee'),
    v('inviter.name', 'templates.variable.inviterNameAdded', 'Olivia Owner'),
    LINK,
  ],
  password_reset: [
    v('organization.name', 'templates.variable.organizationNamePasswordReset', 'Beckon'),
    RECIPIENT_EMAIL,
    v('recipient.name', 'templates.variable.recipientNameAccountHolder', 'Sam Lee'),
    v('link_expires_at', 'templates.variable.linkExpiresAtPasswordReset', '22 November 2026 at 11:00 UTC'),
    LINK,
  ],
  sign_in_paused: [
    v('organization.name', 'templates.variable.organizationNameSignIn', 'Beckon'),
    RECIPIENT_EMAIL,
    v('recipient.name', 'templates.variable.recipientNameAccountHolder', 'Sam Lee'),
    v('paused_until', 'templates.variable.pausedUntil', '22 November 2026 at 11:00 UTC'),
    v('link', 'templates.variable.linkPasswordReset', 'https://beckon.example.com/forgot-password'),
  ],
  renewal_requested: [
    ORG,
    ...LOOK,
    RECIPIENT_EMAIL,
    v('invitee.email', 'templates.variable.inviteeEmail', 'sam@example.com'),
    v('link', 'templates.variable.linkRenewal', 'https://beckon.example.com/o/…/invitations/…'),
  ],
};

/** A kind's name in a language; English is what the audit log and error messages keep. */
export function kindLabel(kind: EmailKind, locale: Locale = 'en'): string {
  return translate(locale, KIND_LABELS[kind]);
}

/** A kind's variables with their descriptions written in the reader's language. */
export function describedVariables(kind: EmailKind, locale: Locale) {
  return VARIABLES[kind].map((x) => ({ ...x, description: translate(locale, x.description) }));
}
