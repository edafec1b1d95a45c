import type { Executor } from '../db/types.ts';
import type { LogoContentType } from './tables.ts';

export interface LogoRow {
  org_id: string;
  content_type: LogoContentType;
  content: Buffer;
  width: number;
  height: number;
  sha256: string;
  updated_at: Date;
}

/** What an organization's emails and invitee pages show of it. */
export interface OrganizationBranding {
  id: string;
  name: string;
  accent_color: string | null;
  reply_to_inviter: boolean;
  logo_sha256: string | null;
  logo_width: number | null;
  logo_height: number | null;
}

export type LogoMeta = Omit<LogoRow, 'content'> & { bytes: number };

/** Every SQL statement of branding: the organization's accent, Reply-To choice and logo. */
export const brandingRepository = {
  logoMeta(db: Executor, orgId: string): Promise<LogoMeta | undefined> {
    return db
      .selectFrom('organization_logos')
      .select(['org_id', 'content_type', 'width', 'height', 'sha256', 'updated_at'])
      .select((eb) => eb.fn<number>('octet_length', ['content']).as('bytes'))
      .where('org_id', '=', orgId)
      .executeTakeFirst();
  },

  async logo(db: Executor, orgId: string): Promise<LogoRow | undefined> {
    const row = await db
      .selectFrom('organization_logos')
      .selectAll()
      .where('org_id', '=', orgId)
      .executeTakeFirst();
    // PGlite answers bytea as a Uint8Array, node-postgres as a Buffer.
    return row && { ...row, content: Buffer.from(row.content) };
  },

  /** Which of these organizations have a logo, and which version (cheap: no image bytes). */
  logoVersions(
    db: Executor,
    orgIds: string[],
  ): Promise<Array<{ org_id: string; sha256: string; width: number; height: number }>> {
    if (orgIds.length === 0) return Promise.resolve([]);
    return db
      .selectFrom('organization_logos')
      .select(['org_id', 'sha256', 'width', 'height'])
      .where('org_id', 'in', orgIds)
      .execute();
  },

  async saveLogo(db: Executor, row: LogoRow): Promise<void> {
    await db
      .insertInto('organization_logos')
      .values(row)
      .onConflict((oc) =>
        oc.column('org_id').doUpdateSet({
          content_type: row.content_type,
          content: row.content,
          width: row.width,
          height: row.height,
          sha256: row.sha256,
          updated_at: row.updated_at,
        }),
      )
      .execute();
  },

  async deleteLogo(db: Executor, orgId: string): Promise<boolean> {
    const r = await db.deleteFrom('organization_logos').where('org_id', '=', orgId).executeTakeFirst();
    return Number(r.numDeletedRows) > 0;
  },

  /** What emails and invitee pages show of these organizations. */
  forOrganizations(db: Executor, orgIds: string[]): Promise<OrganizationBranding[]> {
    if (orgIds.length === 0) return Promise.resolve([]);
    return db
      .selectFrom('organizations as o')
      .leftJoin('organization_logos as l', 'l.org_id', 'o.id')
      .select([
        'o.id',
        'o.name',
        'o.accent_color',
        'o.reply_to_inviter',
        'l.sha256 as logo_sha256',
        'l.width as logo_width',
        'l.height as logo_height',
      ])
      .where('o.id', 'in', orgIds)
      .execute();
  },

  settingsForUpdate(db: Executor, orgId: string) {
    return db
      .selectFrom('organizations')
      .select(['id', 'name', 'accent_color', 'reply_to_inviter'])
      .where('id', '=', orgId)
      .forUpdate()
      .executeTakeFirst();
  },

  updateSettings(
    db: Executor,
    orgId: string,
    patch: { accent_color?: string | null; reply_to_inviter?: boolean; updated_at: Date },
  ) {
    return db
      .updateTable('organizations')
      .set(patch)
      .where('id', '=', orgId)
      .returning(['id', 'name', 'accent_color', 'reply_to_inviter'])
      .executeTakeFirstOrThrow();
  },
};
