import type { EmailWords } from './layout.ts';

export const en: EmailWords = {
  locale: 'en',
  signature: '— Beckon',
  pasteLinkHtml: 'Or paste this link into your browser: <a href="{{ link }}">{{ link }}</a>',
  subjects: {
    invitation:
      '{% if inviter.name %}{{ inviter.name }} invited you to join {{ organization.name }}{% else %}You are invited to join {{ organization.name }}{% endif %}',
    reminder:
      'Reminder: your invitation to {{ organization.name }}{% if invitation.expires_at %} expires {{ invitation.expires_at }}{% endif %}',
    join_verification: 'Confirm your email address to join {{ organization.name }}',
    account_ready: 'Your {{ organization.name }} account is ready',
    added_to_organization: 'You were added to {{ organization.name }}',
    password_reset: 'Reset your Beckon password',
    sign_in_paused: 'Failed sign-ins to your Beckon account',
    renewal_requested: '{{ invitee.email }} asked for a new invitation to {{ organization.name }}',
  },
  roleNames: {
    owner: 'Owner',
    admin: 'Admin',
    hr: 'HR',
    curator: 'Curator',
    manager: 'Manager',
    learner: 'Learner',
  },
  invitation: {
    intro:
      '{% if inviter.name %}{{ inviter.name }} invited you{% else %}You are invited{% endif %} to join {{ organization.name }} on Beckon.',
    reminderIntro:
      'This is a reminder that {% if inviter.name %}{{ inviter.name }}{% else %}someone{% endif %} invited you to join {{ organization.name }}.',
    offerHtml:
      'You will join as <strong>{{ invitation.role_name }}</strong>{% if invitation.groups.size > 0 %} in {{ invitation.groups | join: ", " }}{% endif %}.',
    offerText:
      'You will join as {{ invitation.role_name }}{% if invitation.groups.size > 0 %} in {{ invitation.groups | join: ", " }}{% endif %}.',
    trainingsHeading: 'Trainings waiting for you:',
    trainingsText: 'Trainings waiting for you: {{ invitation.trainings | join: ", " }}.',
    messageFrom: 'Message from {{ inviter.name | default: organization.name }}:',
    accept: 'Accept the invitation',
    acceptLine: 'Accept the invitation: {{ link }}',
    expires: 'This link expires on {{ invitation.expires_at }}.',
    declineHtml: 'Not interested? <a href="{{ decline_link }}">Decline the invitation</a>.',
    declineText: 'Not interested? Decline the invitation: {{ decline_link }}',
    why: 'You received this email because {% if inviter.name %}{{ inviter.name }}{% else %}someone at {{ organization.name }}{% endif %} invited this address to join {{ organization.name }} on Beckon. If you did not expect it, you can ignore it or decline.',
    reminderWhy: 'You have not answered yet, so this is a reminder before the link expires.',
  },
  joinVerification: {
    asked: 'Someone (hopefully you) asked to join {{ organization.name }} with this address.',
    notYou: 'If it was not you, ignore this email.',
    action: 'Confirm and join',
    actionLine: 'Confirm and join: {{ link }}',
  },
  linkExpires: 'This link expires on {{ link_expires_at }}.',
  accountReady: {
    created:
      'An administrator created your account in {{ organization.name }} for {{ recipient.email }}. Sign in to get started.',
    newPassword:
      'You will choose a new password when you sign in. If you do not know your current password, use "Forgot password" on the sign-in page.',
  },
  addedToOrganization: {
    added:
      '{% if inviter.name %}{{ inviter.name }}{% else %}An administrator{% endif %} added {{ recipient.email }} to {{ organization.name }}. You already have a Beckon account: sign in with your usual password. Nothing about your account changed.',
  },
  signIn: { action: 'Sign in', actionLine: 'Sign in: {{ link }}' },
  passwordReset: {
    asked: 'Someone asked to reset the password for this address. If it was not you, ignore this email.',
  },
  newPassword: { action: 'Choose a new password', actionLine: 'Choose a new password: {{ link }}' },
  signInPaused: {
    what: 'Someone tried several times to sign in to your Beckon account ({{ recipient.email }}) with a wrong password. To protect it, sign-in with this address is paused{% if paused_until %} until {{ paused_until }}{% endif %}, then resumes by itself.',
    advice:
      'If it was you, wait and try again, or choose a new password: that lifts the pause at once. If it was not you, your account is safe as long as nobody else knows your password; choosing a new one makes sure.',
  },
  renewalRequested: {
    asked:
      '{{ invitee.email }} opened their invitation to {{ organization.name }} after it expired and asked for a new one. If they should still join, open the invitation and choose “Send new invitation”: they get a fresh link.',
    action: 'Open the invitation',
    actionLine: 'Open the invitation: {{ link }}',
    why: 'You received this email because you invited {{ invitee.email }}. Nothing was sent to them; they are told that you were asked.',
  },
};
