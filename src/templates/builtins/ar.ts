import type { EmailWords } from './layout.ts';

/** Addresses stay left to right inside Arabic sentences: Unicode isolates, in HTML and text alike. */
const ltr = (liquid: string) => `\u2068${liquid}\u2069`;
const RECIPIENT = ltr('{{ recipient.email }}');
const INVITEE = ltr('{{ invitee.email }}');
/**
 * A link in the plain text goes on a line of its own, nothing invisible next to it: mail programs
 * that turn text into links would take a direction mark after it as part of the address.
 */
const onItsOwnLine = (liquid: string) => `\n${liquid}`;
const LINK = onItsOwnLine('{{ link }}');

export const ar: EmailWords = {
  locale: 'ar',
  signature: '— Beckon',
  pasteLinkHtml: 'أو الصق هذا الرابط في متصفحك: <a href="{{ link }}" dir="ltr">{{ link }}</a>',
  subjects: {
    invitation:
      '{% if inviter.name %}دعاك {{ inviter.name }} إلى الانضمام إلى {{ organization.name }}{% else %}دعوة للانضمام إلى {{ organization.name }}{% endif %}',
    reminder:
      'تذكير: دعوتك إلى {{ organization.name }}{% if invitation.expires_at %} تنتهي صلاحيتها في {{ invitation.expires_at }}{% endif %}',
    join_verification: 'أكّد عنوان بريدك الإلكتروني للانضمام إلى {{ organization.name }}',
    account_ready: 'حسابك في {{ organization.name }} جاهز',
    added_to_organization: 'تمت إضافتك إلى {{ organization.name }}',
    password_reset: 'إعادة تعيين كلمة المرور في Beckon',
    sign_in_paused: 'محاولات فاشلة لتسجيل الدخول إلى حسابك في Beckon',
    renewal_requested: `طلب ${INVITEE} دعوة جديدة إلى {{ organization.name }}`,
  },
  roleNames: {
    owner: 'المالك',
    admin: 'المسؤول',
    hr: 'الموارد البشرية',
    curator: 'المنسق',
    manager: 'المدير',
    learner: 'المتعلم',
  },
  invitation: {
    intro:
      '{% if inviter.name %}دعاك {{ inviter.name }} إلى الانضمام إلى {{ organization.name }} على Beckon.{% else %}تلقيت دعوة للانضمام إلى {{ organization.name }} على Beckon.{% endif %}',
    reminderIntro:
      'نذكّرك بأن {% if inviter.name %}{{ inviter.name }}{% else %}أحد أعضاء {{ organization.name }}{% endif %} دعاك إلى الانضمام إلى {{ organization.name }}.',
    offerHtml:
      'ستنضم بدور <strong>{{ invitation.role_name }}</strong>{% if invitation.groups.size > 0 %} في {{ invitation.groups | join: "، " }}{% endif %}.',
    offerText:
      'ستنضم بدور {{ invitation.role_name }}{% if invitation.groups.size > 0 %} في {{ invitation.groups | join: "، " }}{% endif %}.',
    trainingsHeading: 'التدريبات التي تنتظرك:',
    trainingsText: 'التدريبات التي تنتظرك: {{ invitation.trainings | join: "، " }}.',
    messageFrom: 'رسالة من {{ inviter.name | default: organization.name }}:',
    accept: 'قبول الدعوة',
    acceptLine: `قبول الدعوة:${LINK}`,
    expires: 'تنتهي صلاحية هذا الرابط في {{ invitation.expires_at }}.',
    declineHtml: 'غير مهتم؟ <a href="{{ decline_link }}">رفض الدعوة</a>.',
    declineText: `غير مهتم؟ رفض الدعوة:${onItsOwnLine('{{ decline_link }}')}`,
    why: 'تلقيت هذه الرسالة لأن {% if inviter.name %}{{ inviter.name }}{% else %}أحد أعضاء {{ organization.name }}{% endif %} دعا هذا العنوان إلى الانضمام إلى {{ organization.name }} على Beckon. إذا لم تكن تتوقعها، يمكنك تجاهلها أو رفض الدعوة.',
    reminderWhy: 'لم تردّ بعد، لذا نرسل إليك هذا التذكير قبل انتهاء صلاحية الرابط.',
  },
  joinVerification: {
    asked: 'طلب أحدهم (نأمل أن تكون أنت) الانضمام إلى {{ organization.name }} بهذا العنوان.',
    notYou: 'إذا لم تكن أنت، فتجاهل هذه الرسالة.',
    action: 'التأكيد والانضمام',
    actionLine: `التأكيد والانضمام:${LINK}`,
  },
  linkExpires: 'تنتهي صلاحية هذا الرابط في {{ link_expires_at }}.',
  accountReady: {
    created: `أنشأ أحد المسؤولين حسابك في {{ organization.name }} للعنوان ${RECIPIENT}. سجّل الدخول للبدء.`,
    newPassword:
      'ستختار كلمة مرور جديدة عند تسجيل الدخول. إذا كنت لا تعرف كلمة المرور الحالية، فاستخدم «نسيت كلمة المرور» في صفحة تسجيل الدخول.',
  },
  addedToOrganization: {
    added: `{% if inviter.name %}أضاف {{ inviter.name }}{% else %}أضاف أحد المسؤولين{% endif %} العنوان ${RECIPIENT} إلى {{ organization.name }}. لديك حساب في Beckon بالفعل: سجّل الدخول بكلمة المرور المعتادة. لم يتغير شيء في حسابك.`,
  },
  signIn: { action: 'تسجيل الدخول', actionLine: `تسجيل الدخول:${LINK}` },
  passwordReset: {
    asked: 'طلب أحدهم إعادة تعيين كلمة المرور لهذا العنوان. إذا لم تكن أنت، فتجاهل هذه الرسالة.',
  },
  newPassword: { action: 'اختيار كلمة مرور جديدة', actionLine: `اختيار كلمة مرور جديدة:${LINK}` },
  signInPaused: {
    what: `حاول أحدهم عدة مرات تسجيل الدخول إلى حسابك في Beckon (${RECIPIENT}) بكلمة مرور خاطئة. لحمايته، أُوقف تسجيل الدخول بهذا العنوان مؤقتًا{% if paused_until %} حتى {{ paused_until }}{% endif %}، ثم يُستأنف تلقائيًا.`,
    advice:
      'إذا كنت أنت، فانتظر ثم حاول مرة أخرى، أو اختر كلمة مرور جديدة: فذلك يرفع الإيقاف فورًا. وإذا لم تكن أنت، فحسابك آمن ما دام لا أحد غيرك يعرف كلمة المرور؛ واختيار كلمة جديدة يضمن ذلك.',
  },
  renewalRequested: {
    asked: `فتح ${INVITEE} دعوته إلى {{ organization.name }} بعد انتهاء صلاحيتها وطلب دعوة جديدة. إذا كان ينبغي أن ينضم، فافتح الدعوة واختر «إرسال دعوة جديدة»: سيتلقى رابطًا جديدًا.`,
    action: 'فتح الدعوة',
    actionLine: `فتح الدعوة:${LINK}`,
    why: `تلقيت هذه الرسالة لأنك دعوت ${INVITEE}. لم يُرسل إليه أي شيء، وقد أُبلغ بأنه تم إخطارك.`,
  },
};
