import type { Actor } from '../auth/permissions.ts';
import { CSV_BOM } from '../shared/csv.ts';
import { decodeCursor, encodeCursor, pageLimit } from '../shared/cursor.ts';
import type { Deps } from '../shared/deps.ts';
import { badRequest } from '../shared/errors.ts';
import { isUuid } from '../shared/ids.ts';
import {
  AUDIT_CSV_HEADER,
  type AuditEventDto,
  auditCsvLine,
  auditNdjsonLine,
  presentAuditEvent,
} from './presenter.ts';
import { type AuditExportRow, type AuditFilter, auditRepository as repo } from './repository.ts';

export interface AuditQuery {
  actor?: string;
  type?: string;
  from?: string;
  to?: string;
  cursor?: string;
  limit?: number;
}

/** Rows per database read while exporting: enough to amortise a round trip, small in memory. */
const EXPORT_PAGE = 5000;
const PURGE_BATCH = 10_000;
const TYPE_PATTERN = /^[a-z_]+(\.[a-z_]+)*$/;

export function createAuditService(deps: Pick<Deps, 'db' | 'clock'>) {
  function filterOf(actor: Actor, query: AuditQuery): AuditFilter {
    if (query.actor !== undefined && !isUuid(query.actor))
      throw badRequest('invalid_actor', '"actor" must be the id of a person or an API key.', {
        field: 'actor',
      });
    if (query.type !== undefined && !TYPE_PATTERN.test(query.type))
      throw badRequest(
        'invalid_type',
        '"type" must be an action or its prefix, e.g. "member" or "member.role_changed".',
        {
          field: 'type',
        },
      );
    const date = (value: string | undefined, field: string) => {
      if (value === undefined) return undefined;
      const d = new Date(value);
      if (Number.isNaN(d.getTime()))
        throw badRequest('invalid_date', `"${field}" must be a date-time.`, { field });
      return d;
    };
    const from = date(query.from, 'from');
    const to = date(query.to, 'to');
    if (from && to && from >= to)
      throw badRequest('invalid_range', '"from" must be before "to".', { field: 'from' });
    return { orgId: actor.orgId, actorId: query.actor, type: query.type, from, to };
  }

  /** Every matching row, newest first, read page by page: memory stays flat whatever the count. */
  async function* rows(filter: AuditFilter): AsyncGenerator<AuditExportRow[]> {
    // The next page is read while this one is formatted and sent: the database and the process
    // work at the same time, and at most two pages are held.
    let next: Promise<AuditExportRow[]> | null = repo.exportPage(deps.db, filter, EXPORT_PAGE);
    try {
      while (next) {
        const page: AuditExportRow[] = await next;
        const last = page.at(-1);
        next =
          page.length === EXPORT_PAGE && last
            ? repo.exportPage(deps.db, filter, EXPORT_PAGE, { atText: last.at_text, id: last.id })
            : null;
        if (page.length) yield page;
      }
    } finally {
      // A client that went away leaves at most one read in flight; its outcome is of no use.
      next?.catch(() => {});
    }
  }

  return {
    async list(
      actor: Actor,
      query: AuditQuery,
    ): Promise<{ items: AuditEventDto[]; nextCursor: string | null }> {
      const filter = filterOf(actor, query);
      const limit = pageLimit(query.limit, 50, 200);
      const cursor = query.cursor ? decodeCursor(query.cursor) : undefined;
      const found = await repo.page(
        deps.db,
        filter,
        limit + 1,
        cursor ? { at: cursor.createdAt, id: cursor.id } : undefined,
      );
      const page = found.slice(0, limit);
      const last = page.at(-1);
      return {
        items: page.map(presentAuditEvent),
        nextCursor:
          found.length > limit && last ? encodeCursor({ created_at: new Date(last.at), id: last.id }) : null,
      };
    },

    /**
     * The filtered log as CSV or NDJSON text chunks, one chunk per database page. Filters are
     * checked before the first chunk, so a bad one is still a 400.
     */
    export(actor: Actor, query: AuditQuery, format: 'csv' | 'ndjson'): AsyncIterable<string> {
      const filter = filterOf(actor, query);
      const line = format === 'csv' ? auditCsvLine : auditNdjsonLine;
      return (async function* () {
        if (format === 'csv') yield CSV_BOM + AUDIT_CSV_HEADER;
        for await (const page of rows(filter)) {
          let chunk = '';
          for (const r of page) chunk += line(r);
          yield chunk;
        }
      })();
    },

    /** Job: deletes every organization's events older than its retention; answers how many. */
    async purgeExpired(): Promise<number> {
      const now = deps.clock.now();
      let total = 0;
      for (;;) {
        const n = await repo.purgeExpired(deps.db, now, PURGE_BATCH);
        total += n;
        if (n < PURGE_BATCH) return total;
      }
    },
  };
}

export type AuditService = ReturnType<typeof createAuditService>;
