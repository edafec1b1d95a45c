import { sql } from 'kysely';
import type { Actor } from '../auth/permissions.ts';
import { canGrantRole, roleNotGrantable } from '../auth/permissions.ts';
import { holdCredits, reserveCredits } from '../credits/service.ts';
import type { Executor, Organization, Role } from '../db/types.ts';
import { isUuid } from '../http/authenticate.ts';
import { decodeCursor, pageLimit, splitPage } from '../http/cursor.ts';
import { conflict, forbidden, notFound } from '../http/errors.ts';
import { type EventInput, invitationRepository } from '../invitations/repository.ts';
import type { SendBatchJob } from '../invitations/send-batches.ts';
import { actorOf } from '../invitations/service.ts';
import { organizationRepository } from '../organizations/repository.ts';
import type { Deps } from '../shared/deps.ts';
import { futureSendAt, laterSendAt } from '../shared/send-time.ts';
import { uuid7 } from '../shared/uuid7.ts';
import { type Column, parseSpreadsheet } from './parse.ts';
import { csvLine, templateCsv, templateXlsx } from './presenter.ts';
import { importBulkRepository as bulk, type RowResult, importRepository as repo } from './repository.ts';
import { RowValidator } from './row-validator.ts';
import type { ImportRecord } from './tables.ts';

const DAY = 86_400_000;
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

export function presentImport(r: ImportRecord) {
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
  };
}
export type ImportDto = ReturnType<typeof presentImport>;

export function createImportService(deps: Deps) {
  const { db, clock } = deps;

  async function loadOrg(executor: Executor, orgId: string): Promise<Organization> {
    const org = await organizationRepository.findById(executor, orgId);
    if (!org) throw notFound('Organization');
    return org;
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
      // The trigram index on invitations.email takes most of a bulk insert's time when every row
      // goes straight into the GIN tree; a larger pending list defers it to one bulk merge
      // (gin_clean_pending_list when the import ends, or autovacuum).
      await sql`SET LOCAL gin_pending_list_limit = '64MB'`.execute(trx);
      // No wait for the disk at each chunk's commit: if the server crashed before flushing it,
      // the chunk is simply redone by the job's retry (its rows still lack an outcome). The job
      // is only marked complete by a later, synchronous commit, which flushes every chunk first.
      await sql`SET LOCAL synchronous_commit = off`.execute(trx);
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
            reason: 'Already a member of this organization.',
            invitationId: null,
          });
        } else if (groupsOf(r).some((g) => !groupIds.has(g))) {
          results.set(r.row_number, {
            row: r.row_number,
            outcome: 'failed',
            reasonCode: 'unknown_group',
            reason: 'A group of this row was deleted after the preview.',
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
          reason: 'No credits left: add credits, then import the remaining rows again.',
          invitationId: null,
        });
      }
      const inviter = imp.created_by_user_id ? imp.created_by_name : org.name;
      const sendAt = imp.send_at && imp.send_at > now ? imp.send_at : null;
      const scheduled = sendAt !== null;
      const who: EventInput['actor'] = {
        type: imp.created_by_user_id ? 'user' : 'api_key',
        id: imp.created_by_user_id,
        name: imp.created_by_name,
      };
      const events = [{ type: 'created', detail: JSON.stringify({ importId: imp.id }) }];
      if (scheduled)
        events.push({ type: 'scheduled', detail: JSON.stringify({ sendAt: sendAt!.toISOString() }) });
      const planned = toCreate.map((r) => ({
        id: uuid7(now.getTime()),
        row: r.row_number,
        email: r.email,
        role: r.role,
        groupIds: groupsOf(r),
      }));
      // Invitations, their events and their rows' `created` outcomes.
      const inserted = await bulk.createInvitations(trx, {
        orgId: org.id,
        importId: imp.id,
        status: scheduled ? 'scheduled' : 'pending',
        sendAt,
        // Provisional for pending rows: the send job counts expiry from the actual send.
        expiresAt: scheduled ? null : new Date(now.getTime() + org.invite_expiry_days * DAY),
        createdByUserId: imp.created_by_user_id,
        // As invitations.create: an API key invites in the organization's name.
        createdByName: inviter,
        now,
        actor: who,
        events,
        rows: planned,
      });
      if (credits.enabled) await holdCredits(trx, org.id, inserted, imp.created_by_name, now);
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
            reason: 'Already invited.',
            invitationId: null,
          });
        }
      }
      // Their emails: one send-batch job for the chunk (now, or at the send time), written with
      // them. The job fills the outbox a slice at a time and records each `sent` event.
      if (inserted.length > 0) {
        const job: SendBatchJob = {
          invitationIds: inserted.map((i) => i.id),
          actor: scheduled ? undefined : who,
        };
        await deps.queue.enqueue(trx, 'invitation.send-batch', job, scheduled ? { startAfter: sendAt! } : {});
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
      await sql`SELECT gin_clean_pending_list(c.oid) FROM pg_class c WHERE c.relname = 'invitations_email_trgm_idx'`
        .execute(db)
        .catch(() => {});
    }
  }

  return {
    runImportChunk,
    runImport,

    /** The job gave up after its last retry: the import shows as failed, with what is done kept. */
    async failImport(importId: string, error: string) {
      await db
        .updateTable('imports')
        .set({ status: 'failed', error: error.slice(0, 500), finished_at: clock.now() })
        .where('id', '=', importId)
        .where('status', '=', 'running')
        .execute();
    },

    async preview(actor: Actor, input: PreviewInput) {
      const org = await loadOrg(db, actor.orgId);
      const validator = new RowValidator(actor, org, await repo.groups(db, org.id));
      const sheet = await parseSpreadsheet(input.source, {
        maxBytes: deps.config.importMaxBytes,
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
      for (const i of rows.problemIndexes()) {
        const list = rows.problems.get(i)!;
        if (list.length === 1 && list[0]!.code === 'possible_typo') typos++;
        for (const p of list) {
          problemCount++;
          if (problems.length < MAX_PROBLEMS_IN_ANSWER)
            problems.push({ row: rows.rowNumbers[i]!, column: p.column, code: p.code, message: p.message });
        }
      }
      return {
        ...presentImport(record),
        status: 'preview' as const,
        problems,
        problemCount,
        problemsTruncated: problemCount > problems.length,
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
        const allowTypos = input.allowTypos ?? false;
        const settled = await repo.settleProblemRows(trx, id, allowTypos);
        // Whoever confirms must be allowed every role and group still to be created.
        const pending = await repo.pendingRolesAndGroups(trx, id);
        for (const role of pending.roles) {
          if (!canGrantRole(actor, role as Role)) throw forbidden(`You cannot invite people as ${role}.`);
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
        return { id, status: 'running' as const, sendAt: iso(sendAt) };
      });
    },

    async get(actor: Actor, id: string) {
      return presentImport(await loadForActor(db, actor, id));
    },

    /** The problems of a preview again (the console after a reload). */
    async problems(actor: Actor, id: string) {
      const imp = await loadForActor(db, actor, id);
      const rows = await repo.problemRows(db, imp.id, MAX_PROBLEMS_IN_ANSWER);
      const problems: Problem[] = [];
      for (const r of rows) {
        const list = (typeof r.problems === 'string' ? JSON.parse(r.problems) : r.problems) as Omit<
          Problem,
          'row'
        >[];
        for (const p of list ?? []) problems.push({ row: r.row_number, ...p });
      }
      return { items: problems.slice(0, MAX_PROBLEMS_IN_ANSWER) };
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
      return { items: page.map(presentImport), nextCursor };
    },

    /**
     * A preview: cancelled, nothing created. Running: the rows not yet processed are skipped (the
     * chunk in flight finishes first). Done with a send time still ahead: its scheduled
     * invitations are cancelled before they go.
     */
    async cancel(actor: Actor, id: string) {
      await loadForActor(db, actor, id);
      return db.transaction().execute(async (trx) => {
        const imp = await repo.lock(trx, id);
        if (!imp || imp.org_id !== actor.orgId) throw notFound('Import');
        const now = clock.now();
        let cancelledInvitations = 0;
        if (imp.status === 'preview') {
          await repo.update(trx, id, { status: 'cancelled', finished_at: now });
        } else if (imp.status === 'running' || (imp.status === 'done' && imp.send_at && imp.send_at > now)) {
          await requireGrantableRoles(trx, actor, id);
          const skipped = await repo.skipRemaining(
            trx,
            id,
            'The import was cancelled before this row was processed.',
          );
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
        const updated = await repo.find(trx, actor.orgId, id);
        return { ...presentImport(updated!), cancelledInvitations };
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
        const updated = await repo.find(trx, actor.orgId, id);
        return { ...presentImport(updated!), movedInvitations: moved.length };
      });
    },

    /** results.csv, streamed a page at a time: one line per row with its outcome. */
    async resultsCsv(actor: Actor, id: string): Promise<{ fileName: string; lines: AsyncGenerator<string> }> {
      const imp = await loadForActor(db, actor, id);
      async function* lines(): AsyncGenerator<string> {
        yield `\uFEFF${csvLine(['row', 'email', 'outcome', 'code', 'reason', 'invitation_id'])}`;
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

    async template(actor: Actor, kind: 'csv' | 'xlsx') {
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
          );
    },
  };
}

export type ImportService = ReturnType<typeof createImportService>;
