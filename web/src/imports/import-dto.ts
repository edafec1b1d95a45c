import { msg } from '../i18n/use-t.tsx';
import type { ProblemGroup } from './problem-groups.tsx';

export interface ImportDto {
  id: string;
  status: 'preview' | 'running' | 'done' | 'failed' | 'cancelled';
  fileName: string | null;
  fileType: string;
  total: number;
  valid: number;
  processed: number;
  created: number;
  skipped: number;
  failed: number;
  unknownColumns: string[];
  sendAt: string | null;
  createdAt: string;
  createdBy: { id: string | null; name: string | null };
  finishedAt: string | null;
  error: string | null;
  /** A preview: when it stops being confirmable; it is then `expired`. */
  expiresAt: string | null;
  expired: boolean;
}

export interface Preview extends ImportDto {
  problems: Array<{ row: number; column: string; code: string; message: string }>;
  problemCount: number;
  problemsTruncated: boolean;
  problemGroups: ProblemGroup[];
  typos: number;
  columns: string[];
  rowLimit: number;
}

/** The status for people (a message id): a preview left for a day says it expired. */
export const statusText = (i: ImportDto) =>
  i.status === 'preview' && i.expired ? msg('imports.status.expired') : STATUS_TEXT[i.status];

export const STATUS_TEXT: Record<ImportDto['status'], string> = {
  preview: msg('imports.status.preview'),
  running: msg('imports.status.running'),
  done: msg('imports.status.done'),
  failed: msg('imports.status.failed'),
  cancelled: msg('imports.status.cancelled'),
};

/** Confirmed with a send time still to come: its invitations wait (and it can be moved). */
export const waiting = (i: ImportDto) =>
  (i.status === 'running' || i.status === 'done') && !!i.sendAt && new Date(i.sendAt) > new Date();
