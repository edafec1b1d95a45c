import { ApiError } from '../api.ts';
import type { Locale } from '../i18n/locales.ts';
import { msg } from '../i18n/use-t.tsx';

export interface Template {
  id: string;
  kind: string;
  /** The language it is written in; set at creation. */
  locale: Locale;
  name: string;
  subject: string;
  html: string;
  text: string;
  isDefault: boolean;
  updatedAt: string;
  updatedBy: { id: string; name: string } | null;
}

export interface KindDefaults {
  kind: string;
  label: string;
  subject: string;
  html: string;
  text: string;
  variables: Array<{ name: string; description: string; example: string | boolean | null }>;
}

export type Draft = Pick<Template, 'kind' | 'locale' | 'name' | 'subject' | 'html' | 'text' | 'isDefault'> & {
  id?: string;
};

/** What each kind of email is called on screen (the server's labels are English). */
export const KIND_LABELS: Record<string, string> = {
  invitation: msg('templates.kind.invitation'),
  reminder: msg('templates.kind.reminder'),
  join_verification: msg('templates.kind.joinVerification'),
  account_ready: msg('templates.kind.accountReady'),
  added_to_organization: msg('templates.kind.addedToOrganization'),
  password_reset: msg('templates.kind.passwordReset'),
};

/** The message that names the part of the template a validation error is about ("HTML body: …"). */
export function fieldErrorId(e: unknown): string {
  const field = e instanceof ApiError ? e.field : undefined;
  return field === 'html'
    ? msg('templates.error.html')
    : field === 'text'
      ? msg('templates.error.text')
      : field === 'subject'
        ? msg('templates.error.subject')
        : msg('templates.error.other');
}
