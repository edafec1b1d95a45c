import type { EmailKind } from '../mail/render.ts';

/** Documented variables per kind: the only names a template may use (see docs/templates.md). */
export interface VariableDoc {
  name: string;
  description: string;
  example: string | boolean | null;
}

export interface TemplateContent {
  subject: string;
  html: string;
  text: string;
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

export const KIND_LABELS: Record<EmailKind, string> = {
  invitation: 'Invitation',
  reminder: 'Reminder before expiry',
  join_verification: 'Join page: email verification',
  account_ready: 'Account ready (members who never signed in)',
  added_to_organization: 'Added to the organization (a person who already had an account)',
  password_reset: 'Password reset',
  sign_in_paused: 'Sign-in paused after failed attempts',
};

const v = (name: string, description: string, example: string | boolean | null): VariableDoc => ({
  name,
  description,
  example,
});

const ORG = v('organization.name', 'Name of the organization', 'Acme Training');
const LINK = v(
  'link',
  'The link the email exists for (required). Filled in when the email is sent; never stored.',
  'https://beckon.example.com/invite/…',
);
const RECIPIENT_EMAIL = v('recipient.email', 'Address the email goes to', 'sam@example.com');
const INVITATION_VARS = [
  ORG,
  v(
    'inviter.name',
    'Who sent the invitation (empty when sent through an API key or the scheduler)',
    'Olivia Owner',
  ),
  RECIPIENT_EMAIL,
  v('invitation.role', 'Role the invitee gets: owner, admin, hr, curator, manager or learner', 'learner'),
  v(
    'invitation.expires_at',
    'When the invitation expires, formatted for people (UTC)',
    '29 November 2026 at 10:00 UTC',
  ),
  v(
    'invitation.expires_at_iso',
    'The same as an ISO 8601 date-time, for the `date` filter',
    '2026-11-29T10:00:00.000Z',
  ),
  v('message', 'Personal message from the inviter (may be empty)', 'Welcome aboard!'),
  LINK,
];

export const VARIABLES: Record<EmailKind, VariableDoc[]> = {
  invitation: INVITATION_VARS,
  reminder: INVITATION_VARS,
  join_verification: [
    ORG,
    RECIPIENT_EMAIL,
    v('link_expires_at', 'When the link expires (UTC)', '22 November 2026 at 11:00 UTC'),
    LINK,
  ],
  account_ready: [
    ORG,
    RECIPIENT_EMAIL,
    v('recipient.name', "The member's name", 'Sam Lee'),
    v('inviter.name', 'Administrator who sent the email (may be empty)', 'Olivia Owner'),
    v('password_change_required', 'true when the member must choose a new password at sign-in', true),
    LINK,
  ],
  added_to_organization: [
    ORG,
    RECIPIENT_EMAIL,
    v('recipient.name', "The member's name", 'Sam Lee'),
    v('inviter.name', 'Administrator who added them (may be empty)', 'Olivia Owner'),
    LINK,
  ],
  password_reset: [
    v('organization.name', 'Always "Beckon": password resets are not tied to one organization', 'Beckon'),
    RECIPIENT_EMAIL,
    v('recipient.name', "The account holder's name", 'Sam Lee'),
    v('link_expires_at', 'When the link expires (UTC)', '22 November 2026 at 11:00 UTC'),
    LINK,
  ],
  sign_in_paused: [
    v('organization.name', 'Always "Beckon": sign-in is not tied to one organization', 'Beckon'),
    RECIPIENT_EMAIL,
    v('recipient.name', "The account holder's name", 'Sam Lee'),
    v(
      'paused_until',
      'When sign-in with this address resumes by itself (UTC)',
      '22 November 2026 at 11:00 UTC',
    ),
    v('link', 'The page to ask for a password reset', 'https://beckon.example.com/forgot-password'),
  ],
};

const HTML_HEAD =
  '<!doctype html><html><body style="font-family:system-ui,sans-serif;line-height:1.5;color:#1f2933">';
const BUTTON =
  'display:inline-block;background:#2563eb;color:#fff;padding:10px 16px;border-radius:6px;text-decoration:none';
const SMALL = 'font-size:13px;color:#52606d';
const QUOTE = 'border-left:3px solid #cbd2d9;margin:0;padding-left:12px';

function html(paragraphs: string, action: string, footer = ''): string {
  return `${HTML_HEAD}
${paragraphs}
<p><a href="{{ link }}" style="${BUTTON}">${action}</a></p>
<p style="${SMALL}">Or paste this link into your browser: {{ link }}</p>
${footer}</body></html>
`;
}

const INVITED =
  '{% if inviter.name %}{{ inviter.name }} invited you{% else %}You are invited{% endif %} to join {{ organization.name }}';
const MESSAGE_HTML = `{% if message %}<blockquote style="${QUOTE}">{{ message | text_to_html }}</blockquote>{% endif %}`;
const MESSAGE_TEXT = `{% if message %}Message from {{ inviter.name | default: organization.name }}:
{{ message }}

{% endif %}`;
const EXPIRY_HTML = `{% if invitation.expires_at %}<p style="${SMALL}">This link expires on {{ invitation.expires_at }}.</p>
{% endif %}`;
const EXPIRY_TEXT = `{% if invitation.expires_at %}
This link expires on {{ invitation.expires_at }}.
{% endif %}`;
const LINK_EXPIRY_HTML = `{% if link_expires_at %}<p style="${SMALL}">This link expires on {{ link_expires_at }}.</p>
{% endif %}`;
const LINK_EXPIRY_TEXT = `{% if link_expires_at %}
This link expires on {{ link_expires_at }}.
{% endif %}`;

/** Beckon's own content per kind, used when an organization has no default template of its own. */
export const BUILT_IN: Record<EmailKind, TemplateContent> = {
  invitation: {
    subject:
      '{% if inviter.name %}{{ inviter.name }} invited you to join {{ organization.name }}{% else %}You are invited to join {{ organization.name }}{% endif %}',
    html: html(`<p>${INVITED} on Beckon.</p>\n${MESSAGE_HTML}`, 'Accept the invitation', EXPIRY_HTML),
    text: `${INVITED} on Beckon.

${MESSAGE_TEXT}Accept the invitation: {{ link }}
${EXPIRY_TEXT}
— Beckon
`,
  },
  reminder: {
    subject:
      'Reminder: your invitation to {{ organization.name }}{% if invitation.expires_at %} expires {{ invitation.expires_at }}{% endif %}',
    html: html(
      `<p>This is a reminder that {{ inviter.name | default: "someone" }} invited you to join {{ organization.name }}.</p>\n${MESSAGE_HTML}`,
      'Accept the invitation',
      EXPIRY_HTML,
    ),
    text: `This is a reminder that {{ inviter.name | default: "someone" }} invited you to join {{ organization.name }}.

${MESSAGE_TEXT}Accept the invitation: {{ link }}
${EXPIRY_TEXT}
— Beckon
`,
  },
  join_verification: {
    subject: 'Confirm your email address to join {{ organization.name }}',
    html: html(
      '<p>Someone (hopefully you) asked to join {{ organization.name }} with this address.</p>\n<p>If it was not you, ignore this email.</p>',
      'Confirm and join',
      LINK_EXPIRY_HTML,
    ),
    text: `Someone (hopefully you) asked to join {{ organization.name }} with this address.
If it was not you, ignore this email.

Confirm and join: {{ link }}
${LINK_EXPIRY_TEXT}
— Beckon
`,
  },
  account_ready: {
    subject: 'Your {{ organization.name }} account is ready',
    html: html(
      '<p>An administrator created your account in {{ organization.name }} for {{ recipient.email }}. Sign in to get started.</p>\n{% if password_change_required %}<p>You will choose a new password when you sign in. If you do not know your current password, use "Forgot password" on the sign-in page.</p>{% endif %}',
      'Sign in',
    ),
    text: `An administrator created your account in {{ organization.name }} for {{ recipient.email }}. Sign in to get started.
{% if password_change_required %}You will choose a new password when you sign in. If you do not know your current password, use "Forgot password" on the sign-in page.
{% endif %}
Sign in: {{ link }}

— Beckon
`,
  },
  added_to_organization: {
    subject: 'You were added to {{ organization.name }}',
    html: html(
      '<p>{% if inviter.name %}{{ inviter.name }}{% else %}An administrator{% endif %} added {{ recipient.email }} to {{ organization.name }}. You already have a Beckon account: sign in with your usual password. Nothing about your account changed.</p>',
      'Sign in',
    ),
    text: `{% if inviter.name %}{{ inviter.name }}{% else %}An administrator{% endif %} added {{ recipient.email }} to {{ organization.name }}. You already have a Beckon account: sign in with your usual password. Nothing about your account changed.

Sign in: {{ link }}

— Beckon
`,
  },
  password_reset: {
    subject: 'Reset your Beckon password',
    html: html(
      '<p>Someone asked to reset the password for this address. If it was not you, ignore this email.</p>',
      'Choose a new password',
      LINK_EXPIRY_HTML,
    ),
    text: `Someone asked to reset the password for this address. If it was not you, ignore this email.

Choose a new password: {{ link }}
${LINK_EXPIRY_TEXT}
— Beckon
`,
  },
  sign_in_paused: {
    subject: 'Failed sign-ins to your Beckon account',
    html: html(
      `<p>Someone tried several times to sign in to your Beckon account ({{ recipient.email }}) with a wrong password. To protect it, sign-in with this address is paused{% if paused_until %} until {{ paused_until }}{% endif %}, then resumes by itself.</p>
<p>If it was you, wait and try again, or choose a new password: that lifts the pause at once. If it was not you, your account is safe as long as nobody else knows your password; choosing a new one makes sure.</p>`,
      'Choose a new password',
    ),
    text: `Someone tried several times to sign in to your Beckon account ({{ recipient.email }}) with a wrong password. To protect it, sign-in with this address is paused{% if paused_until %} until {{ paused_until }}{% endif %}, then resumes by itself.

If it was you, wait and try again, or choose a new password: that lifts the pause at once. If it was not you, your account is safe as long as nobody else knows your password; choosing a new one makes sure.

Choose a new password: {{ link }}

— Beckon
`,
  },
};
