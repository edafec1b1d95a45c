import { auditEntry } from '../audit/changes.ts';
import { auditRepository as audit } from '../audit/repository.ts';
import type { Actor } from '../auth/permissions.ts';
import { canGrantRole, cannotInviteAs, roleNotGrantable } from '../auth/permissions.ts';
import { localeOfReader } from '../auth/reader-locale.ts';
import { reserveCredits } from '../credits/service.ts';
import type { Executor, Organization, Role } from '../db/types.ts';
import { translate } from '../i18n/intl.ts';
import type { Locale } from '../i18n/locales.ts';
import { landingRepository } from '../invitations/landing-repository.ts';
import { invitationRepository } from '../invitations/repository.ts';
import type { SendBatchJob } from '../invitations/send-batches.ts';
import { actorOf, type TransitionContext } from '../invitations/transitions/context.ts';
import { createImportedInvitations } from '../invitations/transitions/create.ts';
import type { Outbox } from '../mail/outbox.ts';
import { organizationRepository } from '../organizations/repository.ts';
import { decodeCursor, pageLimit, splitPage } from '../shared/cursor.ts';
import type { Deps } from '../shared/deps.ts';
import { badRequest, conflict, forbidden, notFound } from '../shared/errors.ts';
import { isUuid } from '../shared/ids.ts';
import { futureSendAt, laterSendAt } from '../shared/send-time.ts';
import { uuid7 } from '../shared/uuid7.ts';
import { type Column, parseSpreadsheet } from './parse.ts';
import { csvLine, templateCsv, templateXlsx } from './presenter.ts';
import { problemGroups } from './problem-groups.ts';
import { type RowResult, importRepository as repo } from './repository.ts';
import { RowValidator } from './row-validator.ts';
import type { ImportRecord } from './tables.ts';

const HOUR = 3_600_000;
/** Rows per job transaction: invitations, events, their send job and outcomes of one chunk commit together. */
export const IMPORT_CHUNK = 2000;
/** Chunk transactions in flight at once on PostgreSQL (see RunOptions.lanes). */
export const IMPORT_LANES = 2;
/** The preview answer lists this many problems; results.csv has every row. */
export const MAX_PROBLEMS_IN_ANSWER = 1000;

export interface Problem {
  row: number;
  column: Column;
  code: string;
  message: string;
}

export interface PreviewInput {
  source: AsyncIterable<Buffer | string>;
  fileName?: string | null;
  hint?: 'csv' | 'xlsx';
  /** The importer's browser's languages: problems are written in the importer's language. */
  acceptLanguage?: string;
}

export interface RunOptions {
  chunkSize?: number;
  /**
   * Chunks in flight at once, each in its own transaction (PostgreSQL works one statement per
   * connection on one core; two lanes use a second core). PGlite runs one query at a time: 1.
   */
  lanes?: number;
  /** Stop after this many chunks (tests simulate a crash between chunks). */
  maxChunks?: number;
  /** Called after each committed chunk (tests and the crash fixture slow the job down here). */
  afterChunk?: (processed: number) => Promise<void> | void;
}

const iso = (d: Date | null) => (d ? d.toISOString() : null);

const RESULT_HEADERS = [
  'import.results.row',
  'import.results.email',
  'import.results.outcome',
  'import.results.code',
  'import.results.reason',
  'import.results.invitationId',
  'import.results.metadata',
] as const;

/** A problems page's cursor: the last row number of the previous page. */
function rowCursor(cursor: string): number {
  if (!/^\d{1,9}$/.test(cursor))
    throw badRequest('invalid_cursor', 'The cursor is not valid; start again from the first page.', {
      field: 'cursor',
    });
  return Number(cursor);
}

/** A preview never confirmed expires a day after its upload (held at read time, like invitations). */
export const PREVIEW_LIFETIME_MS = 24 * HOUR;

const previewExpiry = (r: ImportRecord) =>
  r.status === 'preview' ? new Date(r.created_at.getTime() + PREVIEW_LIFETIME_MS) : null;

export function presentImport(r: ImportRecord, now: Date) {
  const expiresAt = previewExpiry(r);
  return {
    id: r.id,
    status: r.status,
    fileName: r.file_name,
    fileType: r.file_type,
    total: r.total,
    valid: r.valid,
    processed: r.processed,
    created: r.created,
    skipped: r.skipped,
    failed: r.failed,
    unknownColumns: r.unknown_columns,
    sendAt: iso(r.send_at),
    createdAt: r.created_at.toISOString(),
    createdBy: { id: r.created_by_user_id, name: r.created_by_name },
    confirmedAt: iso(r.confirmed_at),
    confirmedBy: r.confirmed_by_name,
    finishedAt: iso(r.finished_at),
    error: r.error,
    expiresAt: iso(expiresAt),
    expired: expiresAt !== null && expiresAt <= now,
  };
}
export type ImportDto = ReturnType<typeof presentImport>;

export function createImportService(deps: Deps, outbox: Outbox) {
  const { db, clock } = deps;
  const transitions: TransitionContext = { outbox, queue: deps.queue, config: deps.config };

  async function loadOrg(executor: Executor, orgId: string): Promise<Organization> {
    const org = await organizationRepository.findById(executor, orgId);
    if (!org) throw notFound('Organization');
    return org;
  }

  /**
   * The language problems and results are written in for a person: the one they chose, else their
   * browser's, else the organization's default. An import's job writes for whoever uploaded it.
   */
  async function localeOf(
    executor: Executor,
    userId: string | null,
    org: Pick<Organization, 'default_locale'> | string,
    acceptLanguage?: string,
  ): Promise<Locale> {
    const fallback = typeof org === 'string' ? org : org.default_locale;
    return localeOfReader(executor, userId, acceptLanguage, fallback);
  }

  async function orgDefaultLocale(orgId: string): Promise<string> {
    return (await loadOrg(db, orgId)).default_locale;
  }

  /** Managers reach only the imports they uploaded. */
  async function loadForActor(executor: Executor, actor: Actor, id: string): Promise<ImportRecord> {
    if (!isUuid(id)) throw notFound('Import');
    const row = await repo.find(executor, actor.orgId, id);
    if (!row || (actor.role === 'manager' && row.created_by_user_id !== actor.userId))
      throw notFound('Import');
    return row;
  }

  /** Cancelling or moving an import acts on its invitations: only for roles the actor may grant. */
  async function requireGrantableRoles(trx: Executor, actor: Actor, importId: string) {
    for (const role of await repo.rolesOf(trx, importId)) {
      if (!canGrantRole(actor, role as Role)) throw forbidden(roleNotGrantable(role as Role));
    }
  }

  /** One event per invitation an administrator changed in bulk (statements of IMPORT_CHUNK). */
  async function recordEvents(
    trx: Executor,
    changed: { id: string; org_id: string }[],
    type: string,
    actor: Actor,
    at: Date,
    detail: Record<string, unknown>,
  ) {
    const who = actorOf(actor);
    for (let i = 0; i < changed.length; i += IMPORT_CHUNK) {
      await invitationRepository.insertEvents(
        trx,
        changed
          .slice(i, i + IMPORT_CHUNK)
          .map((c) => ({ orgId: c.org_id, invitationId: c.id, type, actor: who, at, detail })),
      );
    }
  }

  /**
   * One chunk of a running import in ONE transaction: invitations, their events, their emails and
   * jobs, the rows' outcomes and the counters commit together. A crash between chunks loses
   * nothing and a retry doubles nothing: it continues with the rows that still have no outcome.
   */
  async function runImportChunk(
    importId: string,
    chunkSize = IMPORT_CHUNK,
    afterRow = 0,
  ): Promise<{ done: boolean; processed: number; lastRow: number }> {
    return db.transaction().execute(async (trx) => {
      // A key-share lock: chunks of other lanes run alongside, a cancel (FOR UPDATE) waits for them.
      const imp = await repo.lockForChunk(trx, importId);
      if (imp?.status !== 'running') return { done: true, processed: 0, lastRow: afterRow };
      await repo.tuneChunkTransaction(trx);
      const now = clock.now();
      // Locked, skipping rows another lane (or a redelivered job) holds: each row is done once.
      // PGlite runs one transaction at a time, so there the locks would only cost writes.
      const rows = await repo.nextRows(trx, importId, chunkSize, afterRow, deps.dbKind === 'postgres');
      if (rows.length === 0) {
        // Past the end: look once more from the start (a lane that rolled back left rows behind).
        if (afterRow > 0) return { done: false, processed: 0, lastRow: 0 };
        // Rows still without an outcome belong to a chunk in flight; its lane finishes the import.
        if (!(await repo.hasUnprocessedRows(trx, importId)))
          await repo.update(trx, importId, { status: 'done', finished_at: now });
        return { done: true, processed: 0, lastRow: 0 };
      }
      const org = await loadOrg(trx, imp.org_id);
      const locale = await localeOf(trx, imp.created_by_user_id, org);
      const groupIds = new Set((await repo.groups(trx, org.id)).map((g) => g.id));
      // Anyone who became a member after the preview (with an hour's margin for the preview's own run).
      const members = await repo.membersAddedSince(trx, org.id, new Date(imp.created_at.getTime() - HOUR));
      const results = new Map<number, RowResult>();
      const toCreate: typeof rows = [];
      const groupsOf = (r: (typeof rows)[number]) => (r.group_list ? r.group_list.split(',') : []);
      for (const r of rows) {
        if (members.has(r.email.toLowerCase())) {
          results.set(r.row_number, {
            row: r.row_number,
            outcome: 'skipped',
            reasonCode: 'already_member',
            reason: translate(locale, 'import.outcome.alreadyMember'),
            invitationId: null,
          });
        } else if (groupsOf(r).some((g) => !groupIds.has(g))) {
          results.set(r.row_number, {
            row: r.row_number,
            outcome: 'failed',
            reasonCode: 'unknown_group',
            reason: translate(locale, 'import.outcome.groupDeleted'),
            invitationId: null,
          });
        } else toCreate.push(r);
      }
      // With credits on, each created invitation holds one; rows past the balance fail with a reason.
      const credits = await reserveCredits(trx, org.id, toCreate.length);
      for (const r of toCreate.splice(credits.allowed)) {
        results.set(r.row_number, {
          row: r.row_number,
          outcome: 'failed',
          reasonCode: 'no_credits',
          reason: translate(locale, 'import.outcome.noCredits'),
          invitationId: null,
        });
      }
      const planned = toCreate.map((r) => ({
        id: uuid7(now.getTime()),
        row: r.row_number,
        email: r.email,
        role: r.role,
        groupIds: groupsOf(r),
      }));
      // Invitations, their events, their rows' `created` outcomes and their first-send job.
      const inserted = await createImportedInvitations(
        transitions,
        trx,
        org,
        imp,
        planned,
        credits.enabled,
        now,
      );
      const created = new Set(inserted.map((i) => i.id));
      let createdCount = 0;
      for (const r of planned) {
        if (created.has(r.id)) createdCount++;
        else {
          // Invited by someone else since the preview: the open-invitation index kept it single.
          results.set(r.row, {
            row: r.row,
            outcome: 'skipped',
            reasonCode: 'already_invited',
            reason: translate(locale, 'import.outcome.alreadyInvited'),
            invitationId: null,
          });
        }
      }
      // The rows not created (their outcomes were not written with the invitations).
      const others = [...results.values()];
      await repo.setOutcomes(trx, importId, others);
      const count = (o: string) => others.filter((x) => x.outcome === o).length;
      await repo.bump(trx, importId, {
        processed: others.length + createdCount,
        created: createdCount,
        skipped: count('skipped'),
        failed: count('failed'),
      });
      return { done: false, processed: rows.length, lastRow: rows[rows.length - 1]!.row_number };
    });
  }

  async function runImport(importId: string, options: RunOptions = {}): Promise<void> {
    // Fresh statistics for the rows the preview just stored: without them (PGlite has no
    // autovacuum) every chunk's "next rows" sorted the whole file instead of walking the key.
    await repo.analyzeRows(db);
    let created = 0;
    let chunks = 0;
    let failure: { error: unknown } | undefined;
    const lane = async () => {
      let lastRow = 0;
      while (!failure && (options.maxChunks === undefined || chunks < options.maxChunks)) {
        try {
          const r = await runImportChunk(importId, options.chunkSize, lastRow);
          lastRow = r.lastRow;
          created += r.processed;
          if (r.done) return;
          if (r.processed === 0) continue;
          chunks++;
          await options.afterChunk?.(r.processed);
        } catch (error) {
          // The other lanes stop too; the job's retry continues where the rows say.
          failure ??= { error };
          return;
        }
      }
    };
    const lanes = options.lanes ?? (deps.dbKind === 'postgres' ? IMPORT_LANES : 1);
    await Promise.all(Array.from({ length: lanes }, lane));
    if (failure) throw failure.error;
    // Merge the deferred GIN entries now, in bulk, rather than in some later single insert.
    if (created >= 5000) {
      await repo.mergeDeferredIndexEntries(db).catch(() => {});
    }
  }

  return {
    runImportChunk,
    runImport,

    /** The job gave up after its last retry: the import shows as failed, with what is done kept. */
    async failImport(importId: string, error: string) {
      await repo.markFailed(db, importId, error, clock.now());
    },

    async preview(actor: Actor, input: PreviewInput) {
      const org = await loadOrg(db, actor.orgId);
      const locale = await localeOf(db, actor.userId, org, input.acceptLanguage);
      const validator = new RowValidator(
        actor,
        org,
        await repo.groups(db, org.id),
        await landingRepository.appsOfOrg(db, org.id),
        locale,
      );
      const sheet = await parseSpreadsheet(input.source, {
        maxBytes: deps.config.importMaxBytes,
        maxUncompressedBytes: deps.config.importMaxUncompressedBytes,
        tmpDir: deps.config.importTmpDir,
        maxRows: org.import_row_limit,
        hint: input.hint,
        onRow: (row) => validator.add(row),
      });
      // Sequential on purpose: PGlite runs one query at a time.
      const addresses = validator.addressesToLookUp();
      const members = await repo.memberEmails(db, org.id, addresses);
      const open = await repo.openInvitationEmails(db, org.id, addresses);
      const rows = validator.finish(members, open);
      const now = clock.now();
      const fileName = input.fileName ? input.fileName.replace(/\p{Cc}/gu, '').slice(0, 200) : null;
      const record = await db.transaction().execute(async (trx) => {
        const rec = await repo.insert(trx, {
          org_id: org.id,
          status: 'preview',
          file_name: fileName,
          file_type: sheet.fileType,
          encoding: sheet.encoding,
          total: rows.count,
          valid: rows.valid,
          unknown_columns: sheet.unknownColumns,
          created_by_user_id: actor.userId,
          // Who, for the history: a person's name or 'API key "…"'.
          created_by_name: actor.name,
          created_at: now,
        });
        await repo.insertRows(trx, rec.id, rows);
        return rec;
      });
      const problems: Problem[] = [];
      let problemCount = 0;
      let typos = 0;
      const rowsByCode = new Map<string, number>();
      for (const i of rows.problemIndexes()) {
        const list = rows.problems.get(i)!;
        if (list.length === 1 && list[0]!.code === 'possible_typo') typos++;
        for (const code of new Set(list.map((p) => p.code)))
          rowsByCode.set(code, (rowsByCode.get(code) ?? 0) + 1);
        for (const p of list) {
          problemCount++;
          if (problems.length < MAX_PROBLEMS_IN_ANSWER)
            problems.push({ row: rows.rowNumbers[i]!, column: p.column, code: p.code, message: p.message });
        }
      }
      return {
        ...presentImport(record, now),
        status: 'preview' as const,
        problems,
        problemCount,
        problemsTruncated: problemCount > problems.length,
        problemGroups: problemGroups(rowsByCode, locale),
        typos,
        columns: sheet.columns,
        encoding: sheet.encoding,
        delimiter: sheet.delimiter,
        rowLimit: org.import_row_limit,
      };
    },

    async confirm(actor: Actor, id: string, input: { sendAt?: string | null; allowTypos?: boolean }) {
      await loadForActor(db, actor, id);
      const sendAt = laterSendAt(input.sendAt, clock.now());
      return db.transaction().execute(async (trx) => {
        const imp = await repo.lock(trx, id);
        if (!imp || imp.org_id !== actor.orgId) throw notFound('Import');
        if (imp.status !== 'preview')
          throw conflict('invalid_status', `This import is ${imp.status}: only a preview can be confirmed.`, {
            status: imp.status,
          });
        if (previewExpiry(imp)! <= clock.now())
          throw conflict(
            'preview_expired',
            'This preview expired a day after its upload: upload the file again to check it against today’s people.',
          );
        const allowTypos = input.allowTypos ?? false;
        const settled = await repo.settleProblemRows(trx, id, allowTypos);
        // Whoever confirms must be allowed every role and group still to be created.
        const pending = await repo.pendingRolesAndGroups(trx, id);
        for (const role of pending.roles) {
          if (!canGrantRole(actor, role as Role)) throw forbidden(cannotInviteAs(actor, role));
        }
        if (actor.role === 'manager' && pending.groupIds.some((g) => !actor.managedGroupIds.includes(g))) {
          throw forbidden('Managers can invite only into groups they manage.');
        }
        const now = clock.now();
        await repo.update(trx, id, {
          status: 'running',
          send_at: sendAt,
          allow_typos: allowTypos,
          confirmed_at: now,
          confirmed_by_name: actor.name,
          processed: settled.skipped + settled.failed,
          skipped: settled.skipped,
          failed: settled.failed,
        });
        await deps.queue.enqueue(trx, 'import.run', { importId: id });
        // One entry for the run; each invitation it creates has its own history.
        await audit.record(trx, [
          auditEntry(
            actor,
            now,
            'import.confirmed',
            { type: 'import', id, label: imp.file_name ?? `import ${id.slice(0, 8)}` },
            { rows: imp.total, valid: imp.valid, sendAt: iso(sendAt), allowTypos },
          ),
        ]);
        return { id, status: 'running' as const, sendAt: iso(sendAt) };
      });
    },

    async get(actor: Actor, id: string) {
      return presentImport(await loadForActor(db, actor, id), clock.now());
    },

    /** Rows by outcome and reason: what a finished import created, skipped and refused, and why. */
    async outcomes(actor: Actor, id: string) {
      const imp = await loadForActor(db, actor, id);
      const rows = await repo.outcomeCounts(db, imp.id);
      const byKey = new Map<
        string,
        { outcome: string; code: string | null; message: string | null; count: number }
      >();
      for (const r of rows) {
        const key = `${r.outcome}:${r.reason_code ?? ''}`;
        const seen = byKey.get(key);
        if (seen) seen.count += Number(r.n);
        else
          byKey.set(key, {
            outcome: r.outcome!,
            code: r.reason_code,
            message: r.reason,
            count: Number(r.n),
          });
      }
      return { items: [...byKey.values()].sort((a, b) => b.count - a.count) };
    },

    /**
     * The problems of a preview again, in file order, a page of rows at a time; with `code`, only
     * the rows with a problem of that kind (the rows behind one group of the summary).
     */
    async problems(actor: Actor, id: string, query: { code?: string; cursor?: string; limit?: number }) {
      const imp = await loadForActor(db, actor, id);
      const limit = pageLimit(query.limit, MAX_PROBLEMS_IN_ANSWER, MAX_PROBLEMS_IN_ANSWER);
      const afterRow = query.cursor === undefined ? 0 : rowCursor(query.cursor);
      const rows = await repo.problemRows(db, imp.id, { limit: limit + 1, afterRow, code: query.code });
      const page = rows.slice(0, limit);
      const items: (Problem & { email: string })[] = [];
      for (const r of page) {
        const list = (typeof r.problems === 'string' ? JSON.parse(r.problems) : r.problems) as Omit<
          Problem,
          'row'
        >[];
        for (const p of list ?? [])
          if (!query.code || p.code === query.code) items.push({ row: r.row_number, email: r.email, ...p });
      }
      return {
        items,
        nextCursor: rows.length > limit ? String(page.at(-1)!.row_number) : null,
      };
    },

    /** The summary of a preview's problems by kind, with counts (the console after a reload). */
    async problemGroups(actor: Actor, id: string, acceptLanguage?: string) {
      const imp = await loadForActor(db, actor, id);
      const locale = await localeOf(db, actor.userId, await orgDefaultLocale(actor.orgId), acceptLanguage);
      return { items: problemGroups(await repo.problemCounts(db, imp.id), locale) };
    },

    async list(actor: Actor, query: { limit?: number; cursor?: string }) {
      const limit = pageLimit(query.limit, 20, 100);
      const cursor = query.cursor ? decodeCursor(query.cursor) : undefined;
      const rows = await repo.list(db, actor.orgId, {
        limit,
        cursor,
        createdBy: actor.role === 'manager' ? (actor.userId ?? undefined) : undefined,
      });
      const { page, nextCursor } = splitPage(rows, limit);
      const now = clock.now();
      return { items: page.map((r) => presentImport(r, now)), nextCursor };
    },

    /**
     * A preview: cancelled, nothing created. Running: the rows not yet processed are skipped (the
     * chunk in flight finishes first). Done with a send time still ahead: its scheduled
     * invitations are cancelled before they go.
     */
    async cancel(actor: Actor, id: string, acceptLanguage?: string) {
      await loadForActor(db, actor, id);
      const locale = await localeOf(db, actor.userId, await orgDefaultLocale(actor.orgId), acceptLanguage);
      return db.transaction().execute(async (trx) => {
        const imp = await repo.lock(trx, id);
        if (!imp || imp.org_id !== actor.orgId) throw notFound('Import');
        const now = clock.now();
        let cancelledInvitations = 0;
        if (imp.status === 'preview') {
          await repo.update(trx, id, { status: 'cancelled', finished_at: now });
        } else if (imp.status === 'running' || (imp.status === 'done' && imp.send_at && imp.send_at > now)) {
          await requireGrantableRoles(trx, actor, id);
          const skipped = await repo.skipRemaining(trx, id, translate(locale, 'import.outcome.cancelled'));
          await repo.bump(trx, id, { processed: skipped, created: 0, skipped, failed: 0 });
          const cancelled = await repo.changeWaitingInvitations(trx, id, { cancelled: true }, now);
          await recordEvents(trx, cancelled, 'cancelled', actor, now, { importId: id });
          cancelledInvitations = cancelled.length;
          await repo.update(trx, id, { status: 'cancelled', finished_at: now });
        } else {
          throw conflict('invalid_status', `This import is ${imp.status}: there is nothing left to cancel.`, {
            status: imp.status,
          });
        }
        await audit.record(trx, [
          auditEntry(
            actor,
            now,
            'import.cancelled',
            { type: 'import', id, label: imp.file_name ?? `import ${id.slice(0, 8)}` },
            { status: { from: imp.status, to: 'cancelled' }, cancelledInvitations },
          ),
        ]);
        const updated = await repo.find(trx, actor.orgId, id);
        return { ...presentImport(updated!, now), cancelledInvitations };
      });
    },

    /**
     * Moves a scheduled import to another send time: its invitations still waiting, and the rows
     * a running import has not created yet, go at the new time. Send jobs are enqueued for it;
     * those for the old time find nothing due.
     */
    async move(actor: Actor, id: string, sendAtRaw: string) {
      await loadForActor(db, actor, id);
      const sendAt = futureSendAt(sendAtRaw, clock.now());
      return db.transaction().execute(async (trx) => {
        const imp = await repo.lock(trx, id);
        if (!imp || imp.org_id !== actor.orgId) throw notFound('Import');
        const now = clock.now();
        const waiting =
          (imp.status === 'running' || imp.status === 'done') && imp.send_at && imp.send_at > now;
        if (!waiting) {
          throw conflict(
            'invalid_status',
            imp.status === 'preview'
              ? 'This import is a preview: give the send time when you confirm it.'
              : `This import is ${imp.status} and not waiting for a send time: there is nothing to move.`,
            { status: imp.status },
          );
        }
        await requireGrantableRoles(trx, actor, id);
        await repo.update(trx, id, { send_at: sendAt });
        const moved = await repo.changeWaitingInvitations(trx, id, { sendAt }, now);
        await recordEvents(trx, moved, 'rescheduled', actor, now, {
          sendAt: sendAt.toISOString(),
          importId: id,
        });
        for (let i = 0; i < moved.length; i += IMPORT_CHUNK) {
          const job: SendBatchJob = { invitationIds: moved.slice(i, i + IMPORT_CHUNK).map((m) => m.id) };
          await deps.queue.enqueue(trx, 'invitation.send-batch', job, { startAfter: sendAt });
        }
        await audit.record(trx, [
          auditEntry(
            actor,
            now,
            'import.rescheduled',
            { type: 'import', id, label: imp.file_name ?? `import ${id.slice(0, 8)}` },
            { sendAt: { from: iso(imp.send_at), to: iso(sendAt) }, movedInvitations: moved.length },
          ),
        ]);
        const updated = await repo.find(trx, actor.orgId, id);
        return { ...presentImport(updated!, now), movedInvitations: moved.length };
      });
    },

    /**
     * results.csv, streamed a page at a time: one line per row with its outcome. Its headers are in
     * the reader's language; outcomes and codes stay as the API names them.
     */
    async resultsCsv(
      actor: Actor,
      id: string,
      acceptLanguage?: string,
    ): Promise<{ fileName: string; lines: AsyncGenerator<string> }> {
      const imp = await loadForActor(db, actor, id);
      const locale = await localeOf(db, actor.userId, await orgDefaultLocale(actor.orgId), acceptLanguage);
      const headers = RESULT_HEADERS.map((h) => translate(locale, h));
      async function* lines(): AsyncGenerator<string> {
        yield `\uFEFF${csvLine(headers)}`;
        let after = 0;
        for (;;) {
          const page = await repo.resultsPage(db, imp.id, after, 5000);
          if (page.length === 0) return;
          let out = '';
          for (const r of page) {
            const code = r.outcome ? r.reason_code : r.problem_code;
            const reason = r.outcome ? r.reason : r.problem_message;
            out += csvLine([
              String(r.row_number),
              r.email,
              r.outcome ?? (imp.status === 'preview' ? '' : 'pending'),
              code ?? '',
              reason ?? '',
              r.invitation_id ?? '',
              r.metadata ? JSON.stringify(r.metadata) : '',
            ]);
          }
          yield out;
          after = page.at(-1)!.row_number;
        }
      }
      const base =
        (imp.file_name ?? 'import')
          .replace(/\.(csv|xlsx)$/i, '')
          .replace(/[^\w.-]+/g, '_')
          .slice(0, 80) || 'import';
      return { fileName: `${base}-results.csv`, lines: lines() };
    },

    async template(actor: Actor, kind: 'csv' | 'xlsx', acceptLanguage?: string) {
      const groups = await repo.groups(db, actor.orgId);
      const example =
        groups
          .slice(0, 2)
          .map((g) => g.name)
          .join(';') || 'Sales;New starters';
      return kind === 'csv'
        ? templateCsv(example)
        : templateXlsx(
            example,
            groups.map((g) => g.name),
            await localeOf(db, actor.userId, await orgDefaultLocale(actor.orgId), acceptLanguage),
          );
    },
  };
}

export type ImportService = ReturnType<typeof createImportService>;
