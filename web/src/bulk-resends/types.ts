import type { Static } from 'typebox';
import type {
  BulkResendResponse,
  BulkResendRunDetail,
} from '../../../src/invitations/bulk-resend-schemas.ts';
import type { TemplateSchema } from '../../../src/templates/schemas.ts';

export interface BulkTarget {
  ids?: string[];
  memberIds?: string[];
  filter?: { status?: Array<'pending' | 'expired'>; neverSignedIn?: boolean; q?: string };
  /** What the dialog says it is about, e.g. "3 selected invitations". */
  label: string;
}

/** The answer to a bulk resend or its dry run, as the server presents it. */
export type BulkAnswer = Static<typeof BulkResendResponse>;

/** What the dialog shows of a run by the background job (GET …/invitations/bulk-resends/:id). */
export type BulkRun = Pick<
  Static<typeof BulkResendRunDetail>,
  'id' | 'status' | 'total' | 'processed' | 'sent' | 'refused' | 'error' | 'refusals' | 'refusalsTruncated'
>;

/** An email template, as GET …/templates lists it. */
export type TemplateItem = Static<typeof TemplateSchema>;
