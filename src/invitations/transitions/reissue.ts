import type { Executor, Invitation, InvitationStatus, Organization } from '../../db/types.ts';
import { secondsText } from '../../shared/durations.ts';
import { tooManyRequests } from '../../shared/errors.ts';
import { invitationEmails } from '../emails.ts';
import { effectiveStatus, reissueKind, requireTransition } from '../lifecycle.ts';
import { type EventInput, invitationRepository as repo } from '../repository.ts';
import { type EventActor, expiryFrom, type TransitionContext } from './context.ts';

/** Seconds left in the resend cooldown of a pending invitation (0 when it may be resent). */
export function resendCooldownLeft(
  row: Pick<Invitation, 'last_sent_at'>,
  status: InvitationStatus,
  now: Date,
  cooldownSeconds: number,
): number {
  if (status !== 'pending' || !row.last_sent_at) return 0;
  const left = row.last_sent_at.getTime() + cooldownSeconds * 1000 - now.getTime();
  return left > 0 ? left / 1000 : 0;
}

export interface ReissueOptions {
  templateId?: string;
  detail?: Record<string, unknown>;
}

/**
 * Resend (pending) or renew (expired) one invitation the caller has locked: checks the status
 * and the resend cooldown, then reissues it.
 */
export async function reissue(
  ctx: TransitionContext,
  trx: Executor,
  org: Organization,
  row: Invitation,
  actor: EventActor,
  now: Date,
): Promise<Invitation> {
  const status = effectiveStatus(row, now);
  requireTransition(status, reissueKind(status));
  const wait = resendCooldownLeft(row, status, now, ctx.config.resendCooldownSeconds);
  if (wait > 0)
    throw tooManyRequests(
      `This invitation was sent moments ago. Try again in ${secondsText(Math.ceil(wait))}.`,
      wait,
    );
  const [updated] = await reissueMany(
    ctx,
    trx,
    org,
    [{ row, status: status as 'pending' | 'expired' }],
    actor,
    now,
  );
  return updated!;
}

/**
 * Resend or renew many locked rows whose status and cooldown the caller has judged (bulk resend
 * batches of 1,000), in a few statements: a fresh link whose version kills every earlier one, a
 * new expiry, unsent emails of the old link cancelled, the email queued and the event recorded.
 */
export async function reissueMany(
  ctx: TransitionContext,
  trx: Executor,
  org: Organization,
  rows: Array<{ row: Invitation; status: 'pending' | 'expired' }>,
  actor: EventActor,
  now: Date,
  options: ReissueOptions = {},
): Promise<Invitation[]> {
  if (rows.length === 0) return [];
  const updated: Invitation[] = [];
  const events: EventInput[] = [];
  // One update per status and expiry period: each invitation keeps the period it was given.
  const batches = new Map<
    string,
    { status: 'pending' | 'expired'; expiryDays: number | null; ids: string[] }
  >();
  for (const { row, status } of rows) {
    const key = `${status}:${row.expiry_days ?? ''}`;
    const batch = batches.get(key);
    if (batch) batch.ids.push(row.id);
    else batches.set(key, { status, expiryDays: row.expiry_days, ids: [row.id] });
  }
  for (const { status, expiryDays, ids } of batches.values()) {
    const type = status === 'expired' ? 'renewed' : 'resent';
    const changed = await repo.reissueLinks(trx, org.id, ids, {
      status: 'pending',
      expires_at: expiryFrom(org, now, expiryDays),
      last_sent_at: now,
      delivery_status: 'queued',
      delivery_detail: null,
      last_event_type: type,
      last_event_at: now,
      updated_at: now,
    });
    updated.push(...changed);
    for (const inv of changed)
      events.push({ orgId: org.id, invitationId: inv.id, type, actor, at: now, detail: options.detail });
  }
  await ctx.outbox.cancelUnsentMany(
    trx,
    updated.map((u) => u.id),
  );
  await ctx.outbox.queueMany(
    trx,
    await invitationEmails(trx, org, updated, 'invitation', { templateId: options.templateId }),
  );
  await repo.insertEvents(trx, events);
  return updated;
}
