import type { Role } from '../../db/types.ts';
import { type Locale, textDirection } from '../../i18n/locales.ts';
import type { EmailKind } from '../../mail/render.ts';

export interface TemplateContent {
  subject: string;
  html: string;
  text: string;
}

/**
 * Everything a built-in email says, in one language. Each entry is a whole sentence (or a whole
 * line) written in that language with the Liquid variables where its grammar puts them; the
 * layout only arranges these sentences into paragraphs, buttons and footers, never joins pieces
 * of one sentence. Literal text must be HTML-safe (no `&` or `<`): the same sentences serve the
 * HTML and the text body. `*Html` entries hold markup; their `*Text` twins are plain.
 */
export interface EmailWords {
  locale: Locale;
  /** Closing line of every email ("— Beckon"). */
  signature: string;
  /** Under the button: the link spelled out, `{{ link }}` inside an anchor. */
  pasteLinkHtml: string;
  subjects: Record<EmailKind, string>;
  /** What `invitation.role_name` says for each role. */
  roleNames: Record<Role, string>;
  invitation: {
    intro: string;
    reminderIntro: string;
    /** The role (`<strong>` in HTML) and the groups it comes with. */
    offerHtml: string;
    offerText: string;
    trainingsHeading: string;
    trainingsText: string;
    messageFrom: string;
    accept: string;
    acceptLine: string;
    expires: string;
    declineHtml: string;
    declineText: string;
    why: string;
    reminderWhy: string;
  };
  joinVerification: { asked: string; notYou: string; action: string; actionLine: string };
  linkExpires: string;
  accountReady: { created: string; newPassword: string };
  addedToOrganization: { added: string };
  signIn: { action: string; actionLine: string };
  passwordReset: { asked: string };
  newPassword: { action: string; actionLine: string };
  signInPaused: { what: string; advice: string };
  renewalRequested: { asked: string; action: string; actionLine: string; why: string };
}

/** The logo at a given size (Outlook ignores CSS sizes), with the name as its text for readers who block images. */
const LOGO = `{% if organization.logo %}<p><img src="{{ organization.logo.url }}" width="{{ organization.logo.width }}" height="{{ organization.logo.height }}" alt="{{ organization.name }}" style="display:block;border:0;height:auto"></p>
{% endif %}`;
const BUTTON =
  'display:inline-block;background:{{ organization.accent_color }};color:{{ organization.accent_text_color }};padding:10px 16px;border-radius:6px;text-decoration:none';
/** Beckon's own emails (password, sign-in) belong to no organization: Beckon's blue, no logo. */
const BECKON_BUTTON =
  'display:inline-block;background:#2563eb;color:#fff;padding:10px 16px;border-radius:6px;text-decoration:none';
const SMALL = 'font-size:13px;color:#52606d';
/** A paragraph holding a whole link: the link wraps on a phone instead of running past the edge. */
const LINK_PARAGRAPH = `${SMALL};overflow-wrap:anywhere;word-break:break-word`;
/** The quote's rule on the side text starts from; mail programs do not all know logical CSS properties. */
const quote = (locale: Locale) => {
  const side = textDirection(locale) === 'rtl' ? 'right' : 'left';
  return `border-${side}:3px solid #cbd2d9;margin:0;padding-${side}:12px`;
};
const RULE = 'border:0;border-top:1px solid #e4e7eb;margin:24px 0 12px';

/** An HTML email: the language and direction on the root, so mail readers lay out and read it right. */
function page(w: EmailWords, paragraphs: string, action: string, footer = '', own = false): string {
  return `<!doctype html><html lang="${w.locale}" dir="${textDirection(w.locale)}"><body style="font-family:system-ui,sans-serif;line-height:1.5;color:#1f2933">
${own ? '' : LOGO}${paragraphs}
<p><a href="{{ link }}" style="${own ? BECKON_BUTTON : BUTTON}">${action}</a></p>
<p style="${LINK_PARAGRAPH}">${w.pasteLinkHtml}</p>
${footer}</body></html>
`;
}

const when = (condition: string, body: string) => `{% if ${condition} %}${body}{% endif %}`;

/** The eight built-in emails of one language, arranged from its sentences. */
export function builtInsFrom(w: EmailWords): Record<EmailKind, TemplateContent> {
  const inv = w.invitation;
  const messageHtml = when(
    'message',
    `<blockquote style="${quote(w.locale)}">{{ message | text_to_html }}</blockquote>`,
  );
  const messageText = when('message', `${inv.messageFrom}\n{{ message }}\n\n`);
  const expiryHtml = when('invitation.expires_at', `<p style="${SMALL}">${inv.expires}</p>\n`);
  const expiryText = when('invitation.expires_at', `\n${inv.expires}\n`);
  const offerHtml = `<p>${inv.offerHtml}</p>
${when('invitation.trainings.size > 0', `<p>${inv.trainingsHeading}</p>\n<ul>{% for training in invitation.trainings %}<li>{{ training }}</li>{% endfor %}</ul>\n`)}`;
  const offerText = `${inv.offerText}
${when('invitation.trainings.size > 0', `${inv.trainingsText}\n`)}`;
  const invitationFooter = `${expiryHtml}<p style="${SMALL}">${inv.declineHtml}</p>
<hr style="${RULE}"><p style="${SMALL}">${inv.why}</p>
`;
  const linkExpiryHtml = when('link_expires_at', `<p style="${SMALL}">${w.linkExpires}</p>\n`);
  const linkExpiryText = when('link_expires_at', `\n${w.linkExpires}\n`);
  const invitationText = (intro: string, why: string) => `${intro}
${offerText}
${messageText}${inv.acceptLine}
${expiryText}
${inv.declineText}

${why}
${w.signature}
`;
  return {
    invitation: {
      subject: w.subjects.invitation,
      html: page(w, `<p>${inv.intro}</p>\n${offerHtml}${messageHtml}`, inv.accept, invitationFooter),
      text: invitationText(inv.intro, inv.why),
    },
    reminder: {
      subject: w.subjects.reminder,
      html: page(w, `<p>${inv.reminderIntro}</p>\n${offerHtml}${messageHtml}`, inv.accept, invitationFooter),
      text: invitationText(inv.reminderIntro, `${inv.why}\n${inv.reminderWhy}`),
    },
    join_verification: {
      subject: w.subjects.join_verification,
      html: page(
        w,
        `<p>${w.joinVerification.asked}</p>\n<p>${w.joinVerification.notYou}</p>`,
        w.joinVerification.action,
        linkExpiryHtml,
      ),
      text: `${w.joinVerification.asked}
${w.joinVerification.notYou}

${w.joinVerification.actionLine}
${linkExpiryText}
${w.signature}
`,
    },
    account_ready: {
      subject: w.subjects.account_ready,
      html: page(
        w,
        `<p>${w.accountReady.created}</p>\n${when('password_change_required', `<p>${w.accountReady.newPassword}</p>`)}`,
        w.signIn.action,
      ),
      text: `${w.accountReady.created}
${when('password_change_required', `${w.accountReady.newPassword}\n`)}
${w.signIn.actionLine}

${w.signature}
`,
    },
    added_to_organization: {
      subject: w.subjects.added_to_organization,
      html: page(w, `<p>${w.addedToOrganization.added}</p>`, w.signIn.action),
      text: `${w.addedToOrganization.added}

${w.signIn.actionLine}

${w.signature}
`,
    },
    password_reset: {
      subject: w.subjects.password_reset,
      html: page(w, `<p>${w.passwordReset.asked}</p>`, w.newPassword.action, linkExpiryHtml, true),
      text: `${w.passwordReset.asked}

${w.newPassword.actionLine}
${linkExpiryText}
${w.signature}
`,
    },
    renewal_requested: {
      subject: w.subjects.renewal_requested,
      html: page(
        w,
        `<p>${w.renewalRequested.asked}</p>`,
        w.renewalRequested.action,
        `<p style="${SMALL}">${w.renewalRequested.why}</p>\n`,
      ),
      text: `${w.renewalRequested.asked}

${w.renewalRequested.actionLine}

${w.renewalRequested.why}
${w.signature}
`,
    },
    sign_in_paused: {
      subject: w.subjects.sign_in_paused,
      html: page(
        w,
        `<p>${w.signInPaused.what}</p>\n<p>${w.signInPaused.advice}</p>`,
        w.newPassword.action,
        '',
        true,
      ),
      text: `${w.signInPaused.what}

${w.signInPaused.advice}

${w.newPassword.actionLine}

${w.signature}
`,
    },
  };
}
