import type { EmailWords } from './layout.ts';

export const ja: EmailWords = {
  locale: 'ja',
  signature: '— Beckon',
  pasteLinkHtml:
    'ボタンが使えない場合は、このリンクをブラウザに貼り付けてください: <a href="{{ link }}">{{ link }}</a>',
  subjects: {
    invitation:
      '{% if inviter.name %}{{ inviter.name }}さんから{{ organization.name }}への招待が届いています{% else %}{{ organization.name }}への招待が届いています{% endif %}',
    reminder:
      '【リマインダー】{{ organization.name }}への招待{% if invitation.expires_at %}（有効期限: {{ invitation.expires_at }}）{% endif %}',
    join_verification: '{{ organization.name }}に参加するため、メールアドレスを確認してください',
    account_ready: '{{ organization.name }}のアカウントの準備ができました',
    added_to_organization: '{{ organization.name }}に追加されました',
    password_reset: 'Beckon のパスワードの再設定',
    sign_in_paused: 'Beckon アカウントへのサインイン失敗のお知らせ',
    renewal_requested: '{{ invitee.email }} さんが{{ organization.name }}への新しい招待を求めています',
  },
  roleNames: {
    owner: 'オーナー',
    admin: '管理者',
    hr: '人事',
    curator: 'キュレーター',
    manager: 'マネージャー',
    learner: '受講者',
  },
  invitation: {
    intro:
      '{% if inviter.name %}{{ inviter.name }}さんから、Beckon で{{ organization.name }}への招待が届きました。{% else %}Beckon で{{ organization.name }}に招待されました。{% endif %}',
    reminderIntro:
      '{% if inviter.name %}{{ inviter.name }}さん{% else %}{{ organization.name }}の担当者{% endif %}から届いている{{ organization.name }}への招待について、改めてお知らせします。',
    offerHtml:
      '{% if invitation.groups.size > 0 %}{{ invitation.groups | join: "、" }}のグループに{% endif %}<strong>{{ invitation.role_name }}</strong>として参加します。',
    offerText:
      '{% if invitation.groups.size > 0 %}{{ invitation.groups | join: "、" }}のグループに{% endif %}{{ invitation.role_name }}として参加します。',
    trainingsHeading: '受講予定の研修:',
    trainingsText: '受講予定の研修: {{ invitation.trainings | join: "、" }}',
    messageFrom: '{{ inviter.name | default: organization.name }}からのメッセージ:',
    accept: '招待を承諾する',
    acceptLine: '招待を承諾する: {{ link }}',
    expires: 'このリンクの有効期限は{{ invitation.expires_at }}です。',
    declineHtml: '参加しない場合は、<a href="{{ decline_link }}">招待を辞退する</a>こともできます。',
    declineText: '参加しない場合は、こちらから招待を辞退できます: {{ decline_link }}',
    why: 'このメールは、{% if inviter.name %}{{ inviter.name }}さん{% else %}{{ organization.name }}の担当者{% endif %}がこのメールアドレスを Beckon で{{ organization.name }}に招待したため送信されました。心当たりがない場合は、このメールを無視するか、招待を辞退してください。',
    reminderWhy: 'まだご回答いただいていないため、リンクの有効期限が切れる前にお知らせしています。',
  },
  joinVerification: {
    asked: 'このメールアドレスで{{ organization.name }}への参加が申請されました。',
    notYou: 'お心当たりがない場合は、このメールを無視してください。',
    action: '確認して参加する',
    actionLine: '確認して参加する: {{ link }}',
  },
  linkExpires: 'このリンクの有効期限は{{ link_expires_at }}です。',
  accountReady: {
    created:
      '管理者が{{ organization.name }}に {{ recipient.email }} のアカウントを作成しました。サインインしてご利用を開始してください。',
    newPassword:
      'サインイン時に新しいパスワードを設定していただきます。現在のパスワードがわからない場合は、サインインページの「パスワードをお忘れの場合」をご利用ください。',
  },
  addedToOrganization: {
    added:
      '{% if inviter.name %}{{ inviter.name }}さん{% else %}管理者{% endif %}が {{ recipient.email }} を{{ organization.name }}に追加しました。Beckon のアカウントはすでにお持ちですので、いつものパスワードでサインインしてください。アカウントの設定は何も変更されていません。',
  },
  signIn: { action: 'サインイン', actionLine: 'サインイン: {{ link }}' },
  passwordReset: {
    asked:
      'このメールアドレスのパスワードの再設定が申請されました。お心当たりがない場合は、このメールを無視してください。',
  },
  newPassword: { action: '新しいパスワードを設定する', actionLine: '新しいパスワードを設定する: {{ link }}' },
  signInPaused: {
    what: 'Beckon アカウント（{{ recipient.email }}）に、誤ったパスワードで何度もサインインが試みられました。アカウントを保護するため、このメールアドレスでのサインインを{% if paused_until %}{{ paused_until }}まで{% endif %}一時停止しています。停止は自動的に解除されます。',
    advice:
      'ご本人による操作の場合は、しばらく待ってから再度お試しいただくか、新しいパスワードを設定してください。新しいパスワードを設定すると、停止はすぐに解除されます。お心当たりがない場合も、パスワードが他の人に知られていなければアカウントは安全です。念のため、新しいパスワードの設定をおすすめします。',
  },
  renewalRequested: {
    asked:
      '{{ invitee.email }} さんが、有効期限の切れた{{ organization.name }}への招待を開き、新しい招待を求めています。引き続き参加していただく場合は、招待を開いて「新しい招待を送信」を選んでください。新しいリンクが送られます。',
    action: '招待を開く',
    actionLine: '招待を開く: {{ link }}',
    why: 'このメールは、あなたが {{ invitee.email }} さんを招待したため送信されました。相手には何も送信されておらず、あなたに連絡したことだけが伝えられています。',
  },
};
