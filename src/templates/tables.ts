import type { ColumnType, Generated } from 'kysely';

type Timestamp = ColumnType<Date, Date | string, Date | string>;

/** migrations/0005_templates.sql, 0043_template_languages.sql */
export interface EmailTemplatesTable {
  id: Generated<string>;
  org_id: string;
  kind: string;
  /** The language the template is written in (one of the seven). */
  locale: ColumnType<string, string | undefined, string>;
  name: string;
  subject: string;
  html: string;
  text: string;
  is_default: ColumnType<boolean, boolean | undefined, boolean>;
  created_at: Timestamp;
  updated_at: Timestamp;
  updated_by: string | null;
}
