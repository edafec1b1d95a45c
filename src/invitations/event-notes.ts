import type { Executor } from '../db/types.ts';
import { isUuid } from '../shared/ids.ts';
import { eventNamesRepository as repo } from './event-names-repository.ts';

/** What some events mean whatever their detail. */
const FIXED: Record<string, string> = {
  viewed: 'Opened in a browser: the invitation page was shown to the invitee.',
  link_checked: 'Link checked by a mail scanner or link preview, not opened by a person.',
};

const TIME = new Intl.DateTimeFormat('en-GB', { dateStyle: 'medium', timeStyle: 'short', timeZone: 'UTC' });
const when = (iso: unknown) => {
  const d = new Date(String(iso));
  return Number.isNaN(d.getTime()) ? null : `${TIME.format(d)} UTC`;
};
const text = (x: unknown) => (typeof x === 'string' && x.trim() ? x.trim() : null);

interface Names {
  templates: Map<string, string>;
  imports: Map<string, string | null>;
}

/**
 * A sentence for people about an event's detail: names, not ids, and never a `key: value` dump.
 * Null when the type says it all.
 */
export function describeEvent(
  type: string,
  detail: Record<string, unknown> | null,
  names: Names,
): string | null {
  if (FIXED[type]) return FIXED[type]!;
  if (!detail) return null;
  const templateId = text(detail.templateId);
  const template = templateId ? names.templates.get(templateId) : undefined;
  const importId = text(detail.importId);
  switch (type) {
    case 'created':
      if (importId) {
        const file = names.imports.get(importId);
        return file ? `Imported from ${file}.` : 'Imported from a spreadsheet.';
      }
      return detail.sendAt ? `To be sent ${when(detail.sendAt) ?? 'later'}.` : null;
    case 'rescheduled':
      return detail.sendAt ? `Now sent ${when(detail.sendAt) ?? 'later'}.` : null;
    case 'resent':
    case 'renewed':
      if (!detail.bulk) return null;
      if (template) return `Bulk resend with the template “${template}”.`;
      return templateId ? 'Bulk resend with a template since deleted.' : 'Bulk resend.';
    case 'delivery_failed':
      return text(detail.response) ? `The mail server answered: ${text(detail.response)}` : null;
    case 'bounced':
      return [
        detail.type === 'soft' ? 'Soft bounce (the mailbox may work later)' : 'Bounced',
        text(detail.recipient) ? ` for ${text(detail.recipient)}` : '',
        text(detail.reason) ? `: ${text(detail.reason)}` : '.',
      ].join('');
    case 'password_set':
      return detail.account === 'existing'
        ? 'The address already had an account: it was added, its password left alone.'
        : 'An administrator set the password and created the account.';
    case 'renewal_requested': {
      const notified = Array.isArray(detail.notified) ? detail.notified.map(String) : [];
      return notified.length
        ? `The invitee asked for a new invitation; ${notified.join(', ')} ${notified.length === 1 ? 'was' : 'were'} emailed.`
        : 'The invitee asked for a new invitation.';
    }
    default:
      return null;
  }
}

/** The names an invitation's timeline needs, read once for all its events. */
export async function namesFor(
  db: Executor,
  orgId: string,
  details: Array<Record<string, unknown> | null>,
): Promise<Names> {
  const ids = (key: string) => [
    ...new Set(details.map((d) => text(d?.[key])).filter((x): x is string => x !== null && isUuid(x))),
  ];
  return {
    templates: await repo.templateNames(db, orgId, ids('templateId')),
    imports: await repo.importFileNames(db, orgId, ids('importId')),
  };
}
