import type { Executor } from '../db/types.ts';
import { andList, formatTag, type MessageId, type MessageValues, translate } from '../i18n/intl.ts';
import { DEFAULT_LOCALE, type Locale } from '../i18n/locales.ts';
import { isUuid } from '../shared/ids.ts';
import { eventNamesRepository as repo } from './event-names-repository.ts';

/** What some events mean whatever their detail. */
const FIXED: Record<string, MessageId> = {
  viewed: 'timeline.viewed',
  link_checked: 'timeline.linkChecked',
};

// One formatter per language, made on first use: a history has many notes.
const timeFormats = new Map<Locale, Intl.DateTimeFormat>();
function timeFormat(locale: Locale): Intl.DateTimeFormat {
  let format = timeFormats.get(locale);
  if (!format) {
    format = new Intl.DateTimeFormat(formatTag(locale), {
      dateStyle: 'medium',
      timeStyle: 'short',
      timeZone: 'UTC',
    });
    timeFormats.set(locale, format);
  }
  return format;
}

const text = (x: unknown) => (typeof x === 'string' && x.trim() ? x.trim() : null);

interface Names {
  templates: Map<string, string>;
  imports: Map<string, string | null>;
}

/**
 * A sentence for people about an event's detail, in the reader's language: names, not ids, and
 * never a `key: value` dump. Null when the type says it all.
 */
export function describeEvent(
  type: string,
  detail: Record<string, unknown> | null,
  names: Names,
  locale: Locale = DEFAULT_LOCALE,
): string | null {
  const say = (id: MessageId, values?: MessageValues) => translate(locale, id, values);
  const fixed = FIXED[type];
  if (fixed) return say(fixed);
  if (!detail) return null;
  const when = (iso: unknown) => {
    const d = new Date(String(iso));
    return Number.isNaN(d.getTime()) ? null : `${timeFormat(locale).format(d)} UTC`;
  };
  const templateId = text(detail.templateId);
  const template = templateId ? names.templates.get(templateId) : undefined;
  const importId = text(detail.importId);
  switch (type) {
    case 'created': {
      if (importId) {
        const file = names.imports.get(importId);
        return file ? say('timeline.importedFrom', { file }) : say('timeline.imported');
      }
      const time = detail.sendAt ? when(detail.sendAt) : null;
      return time ? say('timeline.toBeSent', { time }) : null;
    }
    case 'rescheduled': {
      const time = detail.sendAt ? when(detail.sendAt) : null;
      return time ? say('timeline.nowSent', { time }) : null;
    }
    case 'resent':
    case 'renewed':
      if (!detail.bulk) return null;
      if (template) return say('timeline.bulkWithTemplate', { template });
      return say(templateId ? 'timeline.bulkDeletedTemplate' : 'timeline.bulk');
    case 'delivery_failed': {
      const response = text(detail.response);
      return response ? say('timeline.mailServerAnswered', { response }) : null;
    }
    case 'bounced': {
      const recipient = text(detail.recipient);
      const reason = text(detail.reason);
      return say('timeline.bounced', {
        soft: detail.type === 'soft' ? 'yes' : 'no',
        hasRecipient: recipient ? 'yes' : 'no',
        recipient: recipient ?? '',
        hasReason: reason ? 'yes' : 'no',
        reason: reason ?? '',
      });
    }
    case 'password_set':
      return say(
        detail.account === 'existing' ? 'timeline.passwordSetExisting' : 'timeline.passwordSetCreated',
      );
    case 'renewal_requested': {
      const notified = Array.isArray(detail.notified) ? detail.notified.map(String) : [];
      return notified.length
        ? say('timeline.renewalRequestedNotified', {
            count: notified.length,
            names: andList(locale, notified),
          })
        : say('timeline.renewalRequested');
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
