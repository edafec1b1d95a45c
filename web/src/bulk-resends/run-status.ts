import type { Static } from 'typebox';
import type { BulkResendRunSchema } from '../../../src/invitations/bulk-resend-schemas.ts';
import { msg } from '../i18n/use-t.tsx';
import { fullTime } from '../ui/time.tsx';

/** A background bulk resend as GET …/invitations/bulk-resends lists it. */
export type BulkResendRun = Static<typeof BulkResendRunSchema>;

/** Each status's name, as a message id. */
export const STATUS_TEXT: Record<BulkResendRun['status'], string> = {
  scheduled: msg('bulk-resends.status.scheduled'),
  running: msg('bulk-resends.status.running'),
  done: msg('bulk-resends.status.done'),
  failed: msg('bulk-resends.status.failed'),
  cancelled: msg('bulk-resends.status.cancelled'),
};

export const STATUS_CLASS: Record<BulkResendRun['status'], string> = {
  scheduled: 'status-scheduled',
  running: 'status-pending',
  done: 'status-accepted',
  failed: 'status-problem',
  cancelled: 'status-cancelled',
};

export const PAGE = 10;
export const HOUR = 3_600_000;

/** Waiting for the job: running, or scheduled with its time come. */
export const due = (r: BulkResendRun) =>
  r.status === 'running' ||
  (r.status === 'scheduled' && !!r.sendAt && new Date(r.sendAt).getTime() <= Date.now());

/** A line under the status, in the reader's language (`t` from useT). */
export function statusDetail(r: BulkResendRun, t: Translate): string | null {
  switch (r.status) {
    case 'scheduled':
      return r.sendAt ? t('bulk-resends.detail.for', { time: fullTime(r.sendAt) }) : null;
    case 'running':
      return t('bulk-resends.detail.processed', { processed: r.processed, total: r.total });
    case 'done':
      return r.finishedAt ? t('bulk-resends.detail.finished', { time: fullTime(r.finishedAt) }) : null;
    case 'cancelled':
      if (r.cancelledBy && r.finishedAt)
        return t('bulk-resends.detail.cancelledByAt', { name: r.cancelledBy, time: fullTime(r.finishedAt) });
      if (r.cancelledBy) return t('bulk-resends.detail.cancelledBy', { name: r.cancelledBy });
      return r.finishedAt ? fullTime(r.finishedAt) : '';
    case 'failed':
      return r.error;
  }
}

type Translate = (id: string, values?: Record<string, string | number>) => string;
