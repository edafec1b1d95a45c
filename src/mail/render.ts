import type { Executor } from '../db/types.ts';
import { BUILT_IN } from '../templates/builtins.ts';
import { renderTemplate } from '../templates/engine.ts';
import { templateRepository } from '../templates/repository.ts';

export type EmailKind =
  | 'invitation'
  | 'reminder'
  | 'join_verification'
  | 'account_ready'
  | 'added_to_organization'
  | 'password_reset'
  | 'sign_in_paused';

export interface EmailVars {
  organizationName?: string;
  inviterName?: string | null;
  recipientEmail?: string;
  recipientName?: string | null;
  message?: string | null;
  expiresAt?: Date | null;
  link?: string;
  [key: string]: unknown;
}

export interface RenderedEmail {
  subject: string;
  html: string;
  text: string;
}

export interface RenderOptions {
  /** A named template of the organization to use instead of its default (bulk resend); ignored unless it is of this kind. */
  templateId?: string | null;
}

/**
 * Renders an email: the template chosen by id, else the organization's default template for the
 * kind, else Beckon's built-in one (src/templates/builtins.ts). All are Liquid (src/templates/engine.ts):
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
  if (orgId) {
    const custom = await templateRepository.findForSending(db, orgId, kind, options.templateId ?? null);
    if (custom) {
      try {
        return await renderTemplate(kind, custom, vars);
      } catch {
        // Validated on save, so this is a render limit hit by unusual data: the built-in still gets the email out.
      }
    }
  }
  return renderTemplate(kind, BUILT_IN[kind], vars);
}
