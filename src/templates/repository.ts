import type { Insertable, Updateable } from 'kysely';
import type { Executor } from '../db/types.ts';
import type { EmailTemplatesTable } from './tables.ts';

/** What an email is rendered from: a template's subject, HTML and text. */
export type SendingContent = { subject: string; html: string; text: string };
const sendingMemo = new WeakMap<Executor, Map<string, SendingContent | null>>();

export const templateRepository = {
  /** The organization's templates, of one language when given. */
  list(db: Executor, orgId: string, locale?: string) {
    let query = db.selectFrom('email_templates').selectAll().where('org_id', '=', orgId);
    if (locale) query = query.where('locale', '=', locale);
    return query.orderBy('kind').orderBy('locale').orderBy('name').execute();
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
   * The template an email of `kind` in `locale` uses: the one named by id (if of this kind and
   * language), else the default for the kind and language. Remembered for the length of a
   * transaction: a bulk send of 100,000 emails asks once per language.
   */
  async findForSending(db: Executor, orgId: string, kind: string, locale: string, templateId: string | null) {
    if (!db.isTransaction) return this.loadForSending(db, orgId, kind, locale, templateId);
    let memo = sendingMemo.get(db);
    if (!memo) {
      memo = new Map();
      sendingMemo.set(db, memo);
    }
    const key = `${orgId}:${kind}:${locale}:${templateId ?? ''}`;
    if (!memo.has(key))
      memo.set(key, (await this.loadForSending(db, orgId, kind, locale, templateId)) ?? null);
    return memo.get(key) ?? undefined;
  },

  async loadForSending(db: Executor, orgId: string, kind: string, locale: string, templateId: string | null) {
    if (templateId) {
      const chosen = await db
        .selectFrom('email_templates')
        .select(['subject', 'html', 'text'])
        .where('org_id', '=', orgId)
        .where('id', '=', templateId)
        .where('kind', '=', kind)
        .where('locale', '=', locale)
        .executeTakeFirst();
      if (chosen) return chosen;
    }
    return db
      .selectFrom('email_templates')
      .select(['subject', 'html', 'text'])
      .where('org_id', '=', orgId)
      .where('kind', '=', kind)
      .where('locale', '=', locale)
      .where('is_default', '=', true)
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

  /** Clears the default of a kind in a language (before another becomes it). */
  clearDefault(db: Executor, orgId: string, kind: string, locale: string, now: Date) {
    return db
      .updateTable('email_templates')
      .set({ is_default: false, updated_at: now })
      .where('org_id', '=', orgId)
      .where('kind', '=', kind)
      .where('locale', '=', locale)
      .where('is_default', '=', true)
      .execute();
  },

  /** The language an organization's templates are in when the caller names none. */
  async defaultLocale(db: Executor, orgId: string): Promise<string> {
    const org = await db
      .selectFrom('organizations')
      .select('default_locale')
      .where('id', '=', orgId)
      .executeTakeFirst();
    return org?.default_locale ?? 'en';
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

  /** The organization's name and a few of its groups: the preview's sample reads like its own email. */
  async previewSample(db: Executor, orgId: string) {
    const org = await db
      .selectFrom('organizations')
      .select(['name', 'time_zone'])
      .where('id', '=', orgId)
      .executeTakeFirst();
    const groups = await db
      .selectFrom('groups')
      .select('name')
      .where('org_id', '=', orgId)
      .orderBy('created_at')
      .limit(2)
      .execute();
    return {
      organizationName: org?.name ?? null,
      timeZone: org?.time_zone ?? 'UTC',
      groupNames: groups.map((g) => String(g.name)),
    };
  },
};
