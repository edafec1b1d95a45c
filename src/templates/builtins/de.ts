import type { EmailWords } from './layout.ts';

const GROUPS =
  '{% if invitation.groups.size == 1 %} in der Gruppe {{ invitation.groups.first }}{% elsif invitation.groups.size > 1 %} in den Gruppen {{ invitation.groups | join: ", " }}{% endif %}';

export const de: EmailWords = {
  locale: 'de',
  signature: '— Beckon',
  pasteLinkHtml: 'Oder fügen Sie diesen Link in Ihren Browser ein: <a href="{{ link }}">{{ link }}</a>',
  subjects: {
    invitation:
      '{% if inviter.name %}{{ inviter.name }} hat Sie zu {{ organization.name }} eingeladen{% else %}Einladung zu {{ organization.name }}{% endif %}',
    reminder:
      'Erinnerung: Ihre Einladung zu {{ organization.name }}{% if invitation.expires_at %} läuft am {{ invitation.expires_at }} ab{% endif %}',
    join_verification: 'Bestätigen Sie Ihre E-Mail-Adresse, um {{ organization.name }} beizutreten',
    account_ready: 'Ihr Konto bei {{ organization.name }} ist bereit',
    added_to_organization: 'Sie wurden zu {{ organization.name }} hinzugefügt',
    password_reset: 'Ihr Beckon-Passwort zurücksetzen',
    sign_in_paused: 'Fehlgeschlagene Anmeldungen bei Ihrem Beckon-Konto',
    renewal_requested: '{{ invitee.email }} bittet um eine neue Einladung zu {{ organization.name }}',
  },
  roleNames: {
    owner: 'Inhaber',
    admin: 'Administrator',
    hr: 'Personalabteilung',
    curator: 'Kurator',
    manager: 'Manager',
    learner: 'Lernende Person',
  },
  invitation: {
    intro:
      '{% if inviter.name %}{{ inviter.name }} hat Sie eingeladen, {{ organization.name }} auf Beckon beizutreten.{% else %}Sie sind eingeladen, {{ organization.name }} auf Beckon beizutreten.{% endif %}',
    reminderIntro:
      'Zur Erinnerung: {% if inviter.name %}{{ inviter.name }} hat{% else %}Jemand hat{% endif %} Sie eingeladen, {{ organization.name }} beizutreten.',
    offerHtml: `Sie treten mit der Rolle <strong>{{ invitation.role_name }}</strong> bei${GROUPS}.`,
    offerText: `Sie treten mit der Rolle {{ invitation.role_name }} bei${GROUPS}.`,
    trainingsHeading: 'Diese Schulungen warten auf Sie:',
    trainingsText: 'Diese Schulungen warten auf Sie: {{ invitation.trainings | join: ", " }}.',
    messageFrom: 'Nachricht von {{ inviter.name | default: organization.name }}:',
    accept: 'Einladung annehmen',
    acceptLine: 'Einladung annehmen: {{ link }}',
    expires: 'Dieser Link läuft am {{ invitation.expires_at }} ab.',
    declineHtml: 'Kein Interesse? <a href="{{ decline_link }}">Einladung ablehnen</a>.',
    declineText: 'Kein Interesse? Einladung ablehnen: {{ decline_link }}',
    why: 'Sie erhalten diese E-Mail, weil {% if inviter.name %}{{ inviter.name }}{% else %}jemand bei {{ organization.name }}{% endif %} diese Adresse eingeladen hat, {{ organization.name }} auf Beckon beizutreten. Wenn Sie damit nicht gerechnet haben, können Sie die E-Mail ignorieren oder die Einladung ablehnen.',
    reminderWhy: 'Sie haben noch nicht geantwortet; deshalb erinnern wir Sie, bevor der Link abläuft.',
  },
  joinVerification: {
    asked: 'Jemand (hoffentlich Sie) möchte mit dieser Adresse {{ organization.name }} beitreten.',
    notYou: 'Wenn Sie das nicht waren, ignorieren Sie diese E-Mail.',
    action: 'Bestätigen und beitreten',
    actionLine: 'Bestätigen und beitreten: {{ link }}',
  },
  linkExpires: 'Dieser Link läuft am {{ link_expires_at }} ab.',
  accountReady: {
    created:
      'Ein Administrator hat für {{ recipient.email }} ein Konto bei {{ organization.name }} angelegt. Melden Sie sich an, um loszulegen.',
    newPassword:
      'Bei der Anmeldung wählen Sie ein neues Passwort. Wenn Sie Ihr aktuelles Passwort nicht kennen, verwenden Sie auf der Anmeldeseite „Passwort vergessen“.',
  },
  addedToOrganization: {
    added:
      '{% if inviter.name %}{{ inviter.name }}{% else %}Ein Administrator{% endif %} hat {{ recipient.email }} zu {{ organization.name }} hinzugefügt. Sie haben bereits ein Beckon-Konto: Melden Sie sich mit Ihrem gewohnten Passwort an. An Ihrem Konto hat sich nichts geändert.',
  },
  signIn: { action: 'Anmelden', actionLine: 'Anmelden: {{ link }}' },
  passwordReset: {
    asked:
      'Jemand hat angefordert, das Passwort für diese Adresse zurückzusetzen. Wenn Sie das nicht waren, ignorieren Sie diese E-Mail.',
  },
  newPassword: { action: 'Neues Passwort wählen', actionLine: 'Neues Passwort wählen: {{ link }}' },
  signInPaused: {
    what: 'Jemand hat mehrmals versucht, sich mit einem falschen Passwort bei Ihrem Beckon-Konto ({{ recipient.email }}) anzumelden. Zu seinem Schutz ist die Anmeldung mit dieser Adresse {% if paused_until %}bis {{ paused_until }} {% endif %}pausiert; danach ist sie automatisch wieder möglich.',
    advice:
      'Wenn Sie das waren, warten Sie und versuchen Sie es erneut, oder wählen Sie ein neues Passwort: Damit endet die Pause sofort. Wenn Sie es nicht waren, ist Ihr Konto sicher, solange niemand sonst Ihr Passwort kennt; mit einem neuen Passwort gehen Sie auf Nummer sicher.',
  },
  renewalRequested: {
    asked:
      '{{ invitee.email }} hat die Einladung zu {{ organization.name }} nach ihrem Ablauf geöffnet und um eine neue gebeten. Wenn die Person weiterhin beitreten soll, öffnen Sie die Einladung und wählen Sie „Neue Einladung senden“: Sie erhält dann einen neuen Link.',
    action: 'Einladung öffnen',
    actionLine: 'Einladung öffnen: {{ link }}',
    why: 'Sie erhalten diese E-Mail, weil Sie {{ invitee.email }} eingeladen haben. An die Person wurde nichts gesendet; ihr wurde mitgeteilt, dass Sie benachrichtigt wurden.',
  },
};
