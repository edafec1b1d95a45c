import type { Static } from 'typebox';
import type { AuditEvent as AuditEventSchema } from '../../../src/audit/schemas.ts';
import { hasMessage, intl } from '../i18n/current.ts';
import { msg } from '../i18n/use-t.tsx';

/** One entry of the log as the server presents it: the type of its own response schema. */
export type AuditEvent = Static<typeof AuditEventSchema>;

/** The kinds of change the log records: the type filter matches an action's prefix. */
export const TYPES: Array<[string, string]> = [
  ['invitation', msg('audit.type.invitation')],
  ['bulk_resend', msg('audit.type.bulk_resend')],
  ['member', msg('audit.type.member')],
  ['group', msg('audit.type.group')],
  ['settings', msg('audit.type.settings')],
  ['credits', msg('audit.type.credits')],
  ['template', msg('audit.type.template')],
  ['api_key', msg('audit.type.api_key')],
  ['app', msg('audit.type.app')],
  ['webhook', msg('audit.type.webhook')],
  ['join_page', msg('audit.type.join_page')],
  ['import', msg('audit.type.import')],
];

export const PAGE = 50;

export interface Filters {
  actor: string;
  type: string;
  from: string;
  to: string;
}
export const NO_FILTERS: Filters = { actor: '', type: '', from: '', to: '' };

/** The query string of the list and the exports; dates are whole days in the browser's time zone. */
export function queryOf(f: Filters): string {
  const q = new URLSearchParams();
  if (f.actor) q.set('actor', f.actor);
  if (f.type) q.set('type', f.type);
  if (f.from) q.set('from', new Date(`${f.from}T00:00:00`).toISOString());
  if (f.to) {
    const end = new Date(`${f.to}T00:00:00`);
    end.setDate(end.getDate() + 1);
    q.set('to', end.toISOString());
  }
  return q.toString();
}

/**
 * "role: learner → curator" lines for the changes column. Field names and values are the
 * record's own (data), only the arrangement is a message.
 */
export function describeChanges(changes: AuditEvent['changes'], targetType?: string): string[] {
  if (!changes) return [];
  const f = intl();
  return Object.entries(changes).map(([field, value]) => {
    // A webhook's empty event list subscribes it to every event.
    const empty = () =>
      targetType === 'webhook' && field === 'events'
        ? f.formatMessage({ id: 'audit.change.everyEvent' })
        : f.formatMessage({ id: 'audit.change.none' });
    const show = (v: unknown) =>
      v === null || v === undefined
        ? '—'
        : Array.isArray(v)
          ? v.length
            ? f.formatList(v.map(String), { type: 'unit', style: 'short' })
            : empty()
          : String(v);
    if (value && typeof value === 'object' && !Array.isArray(value) && 'to' in value) {
      const { from, to } = value as { from: unknown; to: unknown };
      return from === null || from === undefined
        ? f.formatMessage({ id: 'audit.change.set' }, { field, value: show(to) })
        : f.formatMessage({ id: 'audit.change.fromTo' }, { field, from: show(from), to: show(to) });
    }
    return f.formatMessage({ id: 'audit.change.set' }, { field, value: show(value) });
  });
}

/**
 * Who acted, for the reader: a part of Beckon in the reader's language by its code, a person's or
 * API key's name as it is, the server's English name for a part the console does not know yet.
 */
export function actorName(actor: AuditEvent['actor']): string {
  const id = `audit.system.${actor.code}`;
  return actor.code && hasMessage(id) ? intl().formatMessage({ id }) : actor.name;
}
