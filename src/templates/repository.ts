import type { Insertable, Updateable } from 'kysely';
import type { Executor } from '../db/types.ts';
import type { EmailTemplatesTable } from './tables.ts';

type SendingContent = { subject: string; html: string; text: string };
const sendingMemo = new WeakMap<Executor, Map<string, SendingContent | null>>();

export const templateRepository = {
  list(db: Executor, orgId: string) {
    return db
      .selectFrom('email_templates')
      .selectAll()
      .where('org_id', '=', orgId)
      .orderBy('kind')
      .orderBy('name')
      .execute();
  },

  findById(db: Executor, orgId: string, id: string) {
    return db
      .selectFrom('email_templates')
      .selectAll()
      .where('org_id', '=', orgId)
      .where('id', '=', id)
      .executeTakeFirst();
  },

  /**
   * The template an email of `kind` uses: the one named by id (if of this kind), else the default.
   * Remembered for the length of a transaction: a bulk send of 100,000 emails asks once.
   */
  async findForSending(db: Executor, orgId: string, kind: string, templateId: string | null) {
    if (!db.isTransaction) return this.loadForSending(db, orgId, kind, templateId);
    let memo = sendingMemo.get(db);
    if (!memo) {
      memo = new Map();
      sendingMemo.set(db, memo);
    }
    const key = `${orgId}:${kind}:${templateId ?? ''}`;
    if (!memo.has(key)) memo.set(key, (await this.loadForSending(db, orgId, kind, templateId)) ?? null);
    return memo.get(key) ?? undefined;
  },

  async loadForSending(db: Executor, orgId: string, kind: string, templateId: string | null) {
    if (templateId) {
      const chosen = await db
        .selectFrom('email_templates')
        .select(['subject', 'html', 'text'])
        .where('org_id', '=', orgId)
        .where('id', '=', templateId)
        .where('kind', '=', kind)
        .executeTakeFirst();
      if (chosen) return chosen;
    }
    return db
      .selectFrom('email_templates')
      .select(['subject', 'html', 'text'])
      .where('org_id', '=', orgId)
      .where('kind', '=', kind)
      .where('is_default', '=', true)
      .executeTakeFirst();
  },

  findByName(db: Executor, orgId: string, kind: string, name: string) {
    return db
      .selectFrom('email_templates')
      .select('id')
      .where('org_id', '=', orgId)
      .where('kind', '=', kind)
      .where('name', '=', name)
      .executeTakeFirst();
  },

  insert(db: Executor, row: Insertable<EmailTemplatesTable>) {
    return db.insertInto('email_templates').values(row).returningAll().executeTakeFirstOrThrow();
  },

  update(db: Executor, orgId: string, id: string, patch: Updateable<EmailTemplatesTable>) {
    return db
      .updateTable('email_templates')
      .set(patch)
      .where('org_id', '=', orgId)
      .where('id', '=', id)
      .returningAll()
      .executeTakeFirst();
  },

  /** Clears the default of a kind (before another becomes it). */
  clearDefault(db: Executor, orgId: string, kind: string, now: Date) {
    return db
      .updateTable('email_templates')
      .set({ is_default: false, updated_at: now })
      .where('org_id', '=', orgId)
      .where('kind', '=', kind)
      .where('is_default', '=', true)
      .execute();
  },

  delete(db: Executor, orgId: string, id: string) {
    return db
      .deleteFrom('email_templates')
      .where('org_id', '=', orgId)
      .where('id', '=', id)
      .returning('id')
      .executeTakeFirst();
  },

  userNames(db: Executor, ids: string[]) {
    if (ids.length === 0) return Promise.resolve([]);
    return db.selectFrom('users').select(['id', 'name']).where('id', 'in', ids).execute();
  },
};
