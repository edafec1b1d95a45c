import type { EmailWords } from './layout.ts';

const GROUPS =
  '{% if invitation.groups.size == 1 %} en el grupo {{ invitation.groups.first }}{% elsif invitation.groups.size > 1 %} en los grupos {{ invitation.groups | join: ", " }}{% endif %}';

export const es: EmailWords = {
  locale: 'es',
  signature: '— Beckon',
  pasteLinkHtml: 'O pegue este enlace en su navegador: <a href="{{ link }}">{{ link }}</a>',
  subjects: {
    invitation:
      '{% if inviter.name %}{{ inviter.name }} le invita a unirse a {{ organization.name }}{% else %}Invitación para unirse a {{ organization.name }}{% endif %}',
    reminder:
      'Recordatorio: su invitación a {{ organization.name }}{% if invitation.expires_at %} caduca el {{ invitation.expires_at }}{% endif %}',
    join_verification: 'Confirme su dirección de correo electrónico para unirse a {{ organization.name }}',
    account_ready: 'Su cuenta de {{ organization.name }} está lista',
    added_to_organization: 'Se le ha añadido a {{ organization.name }}',
    password_reset: 'Restablecer la contraseña de Beckon',
    sign_in_paused: 'Intentos fallidos de inicio de sesión en su cuenta de Beckon',
    renewal_requested: '{{ invitee.email }} ha pedido una nueva invitación a {{ organization.name }}',
  },
  roleNames: {
    owner: 'Propietario',
    admin: 'Administrador',
    hr: 'RR. HH.',
    curator: 'Curador',
    manager: 'Responsable',
    learner: 'Estudiante',
  },
  invitation: {
    intro:
      '{% if inviter.name %}{{ inviter.name }} le invita a unirse a {{ organization.name }} en Beckon.{% else %}Ha recibido una invitación para unirse a {{ organization.name }} en Beckon.{% endif %}',
    reminderIntro:
      'Le recordamos que {% if inviter.name %}{{ inviter.name }} le ha invitado{% else %}ha recibido una invitación{% endif %} a unirse a {{ organization.name }}.',
    offerHtml: `Se unirá con el rol <strong>{{ invitation.role_name }}</strong>${GROUPS}.`,
    offerText: `Se unirá con el rol {{ invitation.role_name }}${GROUPS}.`,
    trainingsHeading: 'Formaciones que le esperan:',
    trainingsText: 'Formaciones que le esperan: {{ invitation.trainings | join: ", " }}.',
    messageFrom: 'Mensaje de {{ inviter.name | default: organization.name }}:',
    accept: 'Aceptar la invitación',
    acceptLine: 'Aceptar la invitación: {{ link }}',
    expires: 'Este enlace caduca el {{ invitation.expires_at }}.',
    declineHtml: '¿No le interesa? <a href="{{ decline_link }}">Rechazar la invitación</a>.',
    declineText: '¿No le interesa? Rechazar la invitación: {{ decline_link }}',
    why: 'Ha recibido este correo porque {% if inviter.name %}{{ inviter.name }}{% else %}alguien de {{ organization.name }}{% endif %} invitó a esta dirección a unirse a {{ organization.name }} en Beckon. Si no lo esperaba, puede ignorarlo o rechazar la invitación.',
    reminderWhy:
      'Aún no ha respondido; por eso le enviamos este recordatorio antes de que caduque el enlace.',
  },
  joinVerification: {
    asked: 'Alguien (esperamos que usted) ha solicitado unirse a {{ organization.name }} con esta dirección.',
    notYou: 'Si no fue usted, ignore este correo.',
    action: 'Confirmar y unirse',
    actionLine: 'Confirmar y unirse: {{ link }}',
  },
  linkExpires: 'Este enlace caduca el {{ link_expires_at }}.',
  accountReady: {
    created:
      'Un administrador ha creado su cuenta en {{ organization.name }} para {{ recipient.email }}. Inicie sesión para empezar.',
    newPassword:
      'Al iniciar sesión elegirá una nueva contraseña. Si no conoce su contraseña actual, use «He olvidado mi contraseña» en la página de inicio de sesión.',
  },
  addedToOrganization: {
    added:
      '{% if inviter.name %}{{ inviter.name }}{% else %}Un administrador{% endif %} ha añadido {{ recipient.email }} a {{ organization.name }}. Ya tiene una cuenta de Beckon: inicie sesión con su contraseña habitual. No ha cambiado nada en su cuenta.',
  },
  signIn: { action: 'Iniciar sesión', actionLine: 'Iniciar sesión: {{ link }}' },
  passwordReset: {
    asked:
      'Alguien ha solicitado restablecer la contraseña de esta dirección. Si no fue usted, ignore este correo.',
  },
  newPassword: {
    action: 'Elegir una nueva contraseña',
    actionLine: 'Elegir una nueva contraseña: {{ link }}',
  },
  signInPaused: {
    what: 'Alguien ha intentado varias veces iniciar sesión en su cuenta de Beckon ({{ recipient.email }}) con una contraseña incorrecta. Para protegerla, el inicio de sesión con esta dirección está en pausa{% if paused_until %} hasta el {{ paused_until }}{% endif %} y se reanudará automáticamente.',
    advice:
      'Si fue usted, espere y vuelva a intentarlo, o elija una nueva contraseña: así la pausa termina al instante. Si no fue usted, su cuenta está segura mientras nadie más conozca su contraseña; elegir una nueva lo garantiza.',
  },
  renewalRequested: {
    asked:
      '{{ invitee.email }} abrió su invitación a {{ organization.name }} después de que caducara y ha pedido una nueva. Si esa persona debe unirse, abra la invitación y elija «Enviar una nueva invitación»: recibirá un enlace nuevo.',
    action: 'Abrir la invitación',
    actionLine: 'Abrir la invitación: {{ link }}',
    why: 'Ha recibido este correo porque invitó a {{ invitee.email }}. No se ha enviado nada a esa persona; se le ha informado de que usted recibió el aviso.',
  },
};
