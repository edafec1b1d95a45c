import type { ColumnType } from 'kysely';

type Timestamp = ColumnType<Date, Date | string, Date | string>;

export type LogoContentType = 'image/png' | 'image/jpeg';

export interface OrganizationLogosTable {
  org_id: string;
  content_type: LogoContentType;
  content: Buffer;
  width: number;
  height: number;
  sha256: string;
  updated_at: Timestamp;
}
