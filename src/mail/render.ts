import type { Executor } from '../db/types.ts';
import { textDirection } from '../i18n/locales.ts';
import { builtIn } from '../templates/builtins/index.ts';
import { type EmailLanguage, ENGLISH_UTC } from '../templates/dates.ts';
import { renderTemplate } from '../templates/engine.ts';
import { type SendingContent, templateRepository } from '../templates/repository.ts';

export type EmailKind =
  | 'invitation'
  | 'reminder'
  | 'join_verification'
  | 'account_ready'
  | 'added_to_organization'
  | 'password_reset'
  | 'sign_in_paused'
  | 'renewal_requested';

export interface EmailVars {
  organizationName?: string;
  inviterName?: string | null;
  recipientEmail?: string;
  recipientName?: string | null;
  message?: string | null;
  expiresAt?: Date | null;
  link?: string;
  /** Invitation emails: the names of its groups, and of the trainings waiting in them. */
  groups?: string[];
  trainings?: string[];
  /** Set by the outbox from the organization's branding. */
  accentColor?: string;
  accentTextColor?: string;
  logo?: { url: string; width: number; height: number } | null;
  [key: string]: unknown;
}

export interface RenderedEmail {
  subject: string;
  html: string;
  text: string;
}

export interface RenderOptions {
  /**
   * A named template of the organization to use instead of its default (bulk resend); ignored
   * unless it is of this kind and this language.
   */
  templateId?: string | null;
  /** The email's language and the zone its times are told in (default English, UTC). */
  language?: EmailLanguage;
  /**
   * The organization's default template for this kind and language, when the caller read it with
   * its own statement (null: it has none, so the built-in): not read again.
   */
  template?: SendingContent | null;
}

/** How far into an HTML body its root tag is looked for (after a doctype and comments). */
const ROOT_WITHIN = 4096;

/**
 * An organization's HTML without a language on its root gets the email's, so mail readers pick
 * the right fonts, hyphenation and reading direction. Only the start is searched: a bulk send
 * renders the same body many times.
 */
function withLanguage(html: string, language: EmailLanguage): string {
  const head = html.slice(0, ROOT_WITHIN);
  const withRoot = head.replace(/<html\b([^>]*)>/i, (tag, attributes: string) =>
    /\slang\s*=/i.test(attributes)
      ? tag
      : `<html lang="${language.locale}"${/\sdir\s*=/i.test(attributes) ? '' : ` dir="${textDirection(language.locale)}"`}${attributes}>`,
  );
  return withRoot === head ? html : withRoot + html.slice(ROOT_WITHIN);
}

/**
 * Renders an email in its language: the template chosen by id, else the organization's default
 * template for the kind and language, else Beckon's built-in one in that language
 * (src/templates/builtins/). All are Liquid (src/templates/engine.ts):
 * HTML output is escaped, subjects are single-line (no header injection through names).
 * Runs inside the caller's transaction: only the given executor is used.
 */
export async function renderEmail(
  db: Executor,
  orgId: string | null,
  kind: EmailKind,
  vars: EmailVars,
  options: RenderOptions = {},
): Promise<RenderedEmail> {
  const language = options.language ?? ENGLISH_UTC;
  if (orgId) {
    const custom =
      options.template !== undefined && !options.templateId
        ? options.template
        : await templateRepository.findForSending(
            db,
            orgId,
            kind,
            language.locale,
            options.templateId ?? null,
          );
    if (custom) {
      try {
        const rendered = await renderTemplate(kind, custom, vars, language);
        return { ...rendered, html: withLanguage(rendered.html, language) };
      } catch {
        // Validated on save, so this is a render limit hit by unusual data: the built-in still gets the email out.
      }
    }
  }
  return renderTemplate(kind, builtIn(kind, language.locale), vars, language);
}
