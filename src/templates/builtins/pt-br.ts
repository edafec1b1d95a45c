import type { EmailWords } from './layout.ts';

const GROUPS =
  '{% if invitation.groups.size == 1 %} no grupo {{ invitation.groups.first }}{% elsif invitation.groups.size > 1 %} nos grupos {{ invitation.groups | join: ", " }}{% endif %}';

export const ptBR: EmailWords = {
  locale: 'pt-BR',
  signature: '— Beckon',
  pasteLinkHtml: 'Ou cole este link no seu navegador: <a href="{{ link }}">{{ link }}</a>',
  subjects: {
    invitation:
      '{% if inviter.name %}{{ inviter.name }} convidou você para participar de {{ organization.name }}{% else %}Convite para participar de {{ organization.name }}{% endif %}',
    reminder:
      'Lembrete: seu convite para {{ organization.name }}{% if invitation.expires_at %} expira em {{ invitation.expires_at }}{% endif %}',
    join_verification: 'Confirme seu endereço de e-mail para participar de {{ organization.name }}',
    account_ready: 'Sua conta em {{ organization.name }} está pronta',
    added_to_organization: 'Sua conta foi adicionada a {{ organization.name }}',
    password_reset: 'Redefina sua senha do Beckon',
    sign_in_paused: 'Tentativas de entrada malsucedidas na sua conta do Beckon',
    renewal_requested: '{{ invitee.email }} pediu um novo convite para {{ organization.name }}',
  },
  roleNames: {
    owner: 'Proprietário',
    admin: 'Administrador',
    hr: 'RH',
    curator: 'Curador',
    manager: 'Gestor',
    learner: 'Aluno',
  },
  invitation: {
    intro:
      '{% if inviter.name %}{{ inviter.name }} convidou você para participar de {{ organization.name }} no Beckon.{% else %}Você recebeu um convite para participar de {{ organization.name }} no Beckon.{% endif %}',
    reminderIntro:
      'Este é um lembrete de que {% if inviter.name %}{{ inviter.name }} convidou você{% else %}você recebeu um convite{% endif %} para participar de {{ organization.name }}.',
    offerHtml: `Você entrará com a função <strong>{{ invitation.role_name }}</strong>${GROUPS}.`,
    offerText: `Você entrará com a função {{ invitation.role_name }}${GROUPS}.`,
    trainingsHeading: 'Treinamentos esperando por você:',
    trainingsText: 'Treinamentos esperando por você: {{ invitation.trainings | join: ", " }}.',
    messageFrom: 'Mensagem de {{ inviter.name | default: organization.name }}:',
    accept: 'Aceitar o convite',
    acceptLine: 'Aceitar o convite: {{ link }}',
    expires: 'Este link expira em {{ invitation.expires_at }}.',
    declineHtml: 'Não tem interesse? <a href="{{ decline_link }}">Recusar o convite</a>.',
    declineText: 'Não tem interesse? Recusar o convite: {{ decline_link }}',
    why: 'Você recebeu este e-mail porque {% if inviter.name %}{{ inviter.name }}{% else %}alguém de {{ organization.name }}{% endif %} convidou este endereço para participar de {{ organization.name }} no Beckon. Se você não esperava por isso, pode ignorá-lo ou recusar o convite.',
    reminderWhy: 'Você ainda não respondeu; por isso enviamos este lembrete antes que o link expire.',
  },
  joinVerification: {
    asked: 'Alguém (esperamos que você) pediu para participar de {{ organization.name }} com este endereço.',
    notYou: 'Se não foi você, ignore este e-mail.',
    action: 'Confirmar e participar',
    actionLine: 'Confirmar e participar: {{ link }}',
  },
  linkExpires: 'Este link expira em {{ link_expires_at }}.',
  accountReady: {
    created:
      'Um administrador criou sua conta em {{ organization.name }} para {{ recipient.email }}. Entre para começar.',
    newPassword:
      'Você escolherá uma nova senha ao entrar. Se não souber sua senha atual, use "Esqueci minha senha" na página de entrada.',
  },
  addedToOrganization: {
    added:
      '{% if inviter.name %}{{ inviter.name }}{% else %}Um administrador{% endif %} adicionou {{ recipient.email }} a {{ organization.name }}. Você já tem uma conta no Beckon: entre com sua senha de sempre. Nada mudou na sua conta.',
  },
  signIn: { action: 'Entrar', actionLine: 'Entrar: {{ link }}' },
  passwordReset: {
    asked: 'Alguém pediu para redefinir a senha deste endereço. Se não foi você, ignore este e-mail.',
  },
  newPassword: { action: 'Escolher uma nova senha', actionLine: 'Escolher uma nova senha: {{ link }}' },
  signInPaused: {
    what: 'Alguém tentou várias vezes entrar na sua conta do Beckon ({{ recipient.email }}) com uma senha incorreta. Para protegê-la, a entrada com este endereço está pausada{% if paused_until %} até {{ paused_until }}{% endif %} e será retomada automaticamente.',
    advice:
      'Se foi você, aguarde e tente novamente, ou escolha uma nova senha: isso encerra a pausa na hora. Se não foi você, sua conta está segura enquanto ninguém mais souber sua senha; escolher uma nova garante isso.',
  },
  renewalRequested: {
    asked:
      '{{ invitee.email }} abriu o convite para {{ organization.name }} depois que ele expirou e pediu um novo. Se essa pessoa ainda deve participar, abra o convite e escolha “Enviar novo convite”: ela receberá um novo link.',
    action: 'Abrir o convite',
    actionLine: 'Abrir o convite: {{ link }}',
    why: 'Você recebeu este e-mail porque convidou {{ invitee.email }}. Nada foi enviado a essa pessoa; ela foi informada de que você recebeu o pedido.',
  },
};
