import type { EmailWords } from './layout.ts';

// French puts a no-break space before ":", "?" and ";" and inside « ».
const GROUPS =
  '{% if invitation.groups.size == 1 %}, dans le groupe {{ invitation.groups.first }}{% elsif invitation.groups.size > 1 %}, dans les groupes {{ invitation.groups | join: ", " }}{% endif %}';

export const fr: EmailWords = {
  locale: 'fr',
  signature: '— Beckon',
  pasteLinkHtml: 'Ou collez ce lien dans votre navigateur\u00a0: <a href="{{ link }}">{{ link }}</a>',
  subjects: {
    invitation:
      '{% if inviter.name %}{{ inviter.name }} vous invite à rejoindre {{ organization.name }}{% else %}Invitation à rejoindre {{ organization.name }}{% endif %}',
    reminder:
      'Rappel\u00a0: votre invitation à rejoindre {{ organization.name }}{% if invitation.expires_at %} expire le {{ invitation.expires_at }}{% endif %}',
    join_verification: 'Confirmez votre adresse e-mail pour rejoindre {{ organization.name }}',
    account_ready: 'Votre compte {{ organization.name }} est prêt',
    added_to_organization: 'Votre compte a été ajouté à {{ organization.name }}',
    password_reset: 'Réinitialisez votre mot de passe Beckon',
    sign_in_paused: 'Échecs de connexion à votre compte Beckon',
    renewal_requested:
      '{{ invitee.email }} demande une nouvelle invitation à rejoindre {{ organization.name }}',
  },
  roleNames: {
    owner: 'Propriétaire',
    admin: 'Administrateur',
    hr: 'RH',
    curator: 'Curateur',
    manager: 'Responsable',
    learner: 'Apprenant',
  },
  invitation: {
    intro:
      '{% if inviter.name %}{{ inviter.name }} vous invite à rejoindre {{ organization.name }} sur Beckon.{% else %}Une invitation vous attend pour rejoindre {{ organization.name }} sur Beckon.{% endif %}',
    reminderIntro:
      'Petit rappel\u00a0: {% if inviter.name %}{{ inviter.name }} vous a envoyé une invitation{% else %}une invitation vous a été envoyée{% endif %} pour rejoindre {{ organization.name }}.',
    offerHtml: `Vous rejoindrez l'organisation avec le rôle <strong>{{ invitation.role_name }}</strong>${GROUPS}.`,
    offerText: `Vous rejoindrez l'organisation avec le rôle {{ invitation.role_name }}${GROUPS}.`,
    trainingsHeading: 'Formations qui vous attendent\u00a0:',
    trainingsText: 'Formations qui vous attendent\u00a0: {{ invitation.trainings | join: ", " }}.',
    messageFrom: 'Message de {{ inviter.name | default: organization.name }}\u00a0:',
    accept: "Accepter l'invitation",
    acceptLine: "Accepter l'invitation\u00a0: {{ link }}",
    expires: 'Ce lien expire le {{ invitation.expires_at }}.',
    declineHtml: 'Cela ne vous intéresse pas\u00a0? <a href="{{ decline_link }}">Refuser l\'invitation</a>.',
    declineText: "Cela ne vous intéresse pas\u00a0? Refuser l'invitation\u00a0: {{ decline_link }}",
    why: "Vous recevez cet e-mail parce que {% if inviter.name %}{{ inviter.name }}{% else %}une personne de {{ organization.name }}{% endif %} a invité cette adresse à rejoindre {{ organization.name }} sur Beckon. Si vous ne vous y attendiez pas, vous pouvez l'ignorer ou refuser l'invitation.",
    reminderWhy:
      "Vous n'avez pas encore répondu\u00a0: ce rappel vous est envoyé avant l'expiration du lien.",
  },
  joinVerification: {
    asked: "Quelqu'un (vous, espérons-le) a demandé à rejoindre {{ organization.name }} avec cette adresse.",
    notYou: "Si ce n'était pas vous, ignorez cet e-mail.",
    action: 'Confirmer et rejoindre',
    actionLine: 'Confirmer et rejoindre\u00a0: {{ link }}',
  },
  linkExpires: 'Ce lien expire le {{ link_expires_at }}.',
  accountReady: {
    created:
      'Un administrateur a créé votre compte dans {{ organization.name }} pour {{ recipient.email }}. Connectez-vous pour commencer.',
    newPassword:
      'Vous choisirez un nouveau mot de passe lors de votre connexion. Si vous ne connaissez pas votre mot de passe actuel, utilisez «\u00a0Mot de passe oublié\u00a0» sur la page de connexion.',
  },
  addedToOrganization: {
    added:
      "{% if inviter.name %}{{ inviter.name }}{% else %}Un administrateur{% endif %} a ajouté {{ recipient.email }} à {{ organization.name }}. Vous avez déjà un compte Beckon\u00a0: connectez-vous avec votre mot de passe habituel. Rien n'a changé dans votre compte.",
  },
  signIn: { action: 'Se connecter', actionLine: 'Se connecter\u00a0: {{ link }}' },
  passwordReset: {
    asked:
      "Quelqu'un a demandé la réinitialisation du mot de passe de cette adresse. Si ce n'était pas vous, ignorez cet e-mail.",
  },
  newPassword: {
    action: 'Choisir un nouveau mot de passe',
    actionLine: 'Choisir un nouveau mot de passe\u00a0: {{ link }}',
  },
  signInPaused: {
    what: "Quelqu'un a tenté plusieurs fois de se connecter à votre compte Beckon ({{ recipient.email }}) avec un mot de passe erroné. Pour le protéger, la connexion avec cette adresse est suspendue{% if paused_until %} jusqu'au {{ paused_until }}{% endif %}, puis reprendra d'elle-même.",
    advice:
      "Si c'était vous, patientez puis réessayez, ou choisissez un nouveau mot de passe\u00a0: la suspension sera levée immédiatement. Si ce n'était pas vous, votre compte reste protégé tant que personne d'autre ne connaît votre mot de passe\u00a0; en choisir un nouveau vous en assure.",
  },
  renewalRequested: {
    asked:
      "{{ invitee.email }} a ouvert son invitation à rejoindre {{ organization.name }} après son expiration et en a demandé une nouvelle. Si cette personne doit toujours rejoindre l'organisation, ouvrez l'invitation et choisissez «\u00a0Envoyer une nouvelle invitation\u00a0»\u00a0: elle recevra un nouveau lien.",
    action: "Ouvrir l'invitation",
    actionLine: "Ouvrir l'invitation\u00a0: {{ link }}",
    why: 'Vous recevez cet e-mail parce que vous avez invité {{ invitee.email }}. Rien ne lui a été envoyé\u00a0; on lui a indiqué que sa demande vous a été transmise.',
  },
};
