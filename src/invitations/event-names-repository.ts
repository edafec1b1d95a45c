import type { Executor } from '../db/types.ts';

/** Names a timeline shows instead of ids: templates and imported files of one organization. */
export const eventNamesRepository = {
  async templateNames(db: Executor, orgId: string, ids: string[]): Promise<Map<string, string>> {
    if (ids.length === 0) return new Map();
    const rows = await db
      .selectFrom('email_templates')
      .select(['id', 'name'])
      .where('org_id', '=', orgId)
      .where('id', 'in', ids)
      .execute();
    return new Map(rows.map((r) => [r.id, r.name]));
  },

  async importFileNames(db: Executor, orgId: string, ids: string[]): Promise<Map<string, string | null>> {
    if (ids.length === 0) return new Map();
    const rows = await db
      .selectFrom('imports')
      .select(['id', 'file_name'])
      .where('org_id', '=', orgId)
      .where('id', 'in', ids)
      .execute();
    return new Map(rows.map((r) => [r.id, r.file_name]));
  },
};
