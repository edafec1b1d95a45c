import type { Actor } from '../../auth/permissions.ts';
import type { Executor, Invitation } from '../../db/types.ts';
import type { Locale } from '../../i18n/locales.ts';
import { type AppError, badRequest, conflict, tooManyRequests } from '../../shared/errors.ts';
import { checkEmail } from '../../shared/validation.ts';
import { effectiveStatus, requireTransition } from '../lifecycle.ts';
import { invitationRepository as repo } from '../repository.ts';
import { withdraw } from './cancel.ts';
import { actorOf, type TransitionContext } from './context.ts';
import { createInvitations, RECIPIENT_HOURLY_LIMIT, type Rejection } from './create.ts';

export interface AddressCorrection {
  /** The old invitation, now cancelled: its link is dead. */
  replaced: Invitation;
  /** The new invitation to the corrected address. */
  created: Invitation;
}

/**
 * Correct the address of an open invitation the caller has locked (a bounce, or a typo noticed
 * before the person answered): the old one is cancelled — its link dies at once, its unsent
 * emails are dropped and its credit comes back — and a new invitation to the corrected address
 * carries the same role, groups, message, metadata, app, return path and expiry period. A
 * scheduled one stays scheduled for its send time; any other is sent now. The new address passes
 * every check a fresh invite does (members, open invitations, the hourly limit per recipient,
 * credits, suspected typos); when it fails one, nothing changes. Each invitation's history names
 * the other.
 */
export async function correctAddress(
  ctx: TransitionContext,
  trx: Executor,
  row: Invitation,
  actor: Actor,
  input: { email: string; allowTypos: boolean },
  now: Date,
): Promise<AddressCorrection> {
  requireTransition(effectiveStatus(row, now), 'correct_address');
  const checked = checkEmail(input.email);
  if (!checked.ok) throw badRequest(checked.code, checked.message, { field: 'email' });
  if (checked.email.toLowerCase() === row.email.toLowerCase()) {
    throw badRequest('same_address', 'That is the address already invited: resend the invitation instead.', {
      field: 'email',
    });
  }
  const who = actorOf(actor);
  // Cancelled first, so the credit it held pays for the new one.
  const replaced = await withdraw(ctx, trx, row, who, now);
  const { inserted, rejected } = await createInvitations(
    ctx,
    trx,
    {
      actor,
      emails: [checked.email],
      role: row.role,
      groupIds: row.group_ids,
      message: row.message,
      sendAt: row.status === 'scheduled' && row.send_at && row.send_at > now ? row.send_at : null,
      allowTypos: input.allowTypos,
      metadata: row.metadata ? JSON.stringify(row.metadata) : null,
      landing: { app_id: row.app_id, return_path: row.return_path },
      expiryDays: row.expiry_days,
      // The person reads the same language at the corrected address.
      locale: row.locale as Locale | null,
      keepLocale: true,
      createdDetail: { correctionOf: { invitationId: row.id, email: row.email } },
      auditDetail: { correctionOf: row.id },
    },
    now,
  );
  const created = inserted[0];
  if (!created) throw refusal(rejected[0]);
  await repo.insertEvents(trx, [
    {
      orgId: row.org_id,
      invitationId: row.id,
      type: 'cancelled',
      actor: who,
      at: now,
      detail: {
        reason: 'address_corrected',
        correctedTo: { invitationId: created.id, email: created.email },
      },
    },
  ]);
  return { replaced, created };
}

/** Why the corrected address was refused, with the status a fresh invite's refusal would mean. */
function refusal(r: Rejection | undefined): AppError {
  if (!r) return conflict('already_invited', 'Already invited.');
  const details = { field: 'email', ...(r.suggestion ? { suggestion: r.suggestion } : {}) };
  switch (r.code) {
    case 'possible_typo':
      return badRequest(r.code, `${r.message} Confirm the address as typed to use it anyway.`, details);
    case 'rate_limited':
      return tooManyRequests(r.message, 3600 / RECIPIENT_HOURLY_LIMIT);
    case 'already_member':
    case 'already_invited':
    case 'no_credits':
      return conflict(r.code, r.message, details);
    default:
      return badRequest(r.code, r.message, details);
  }
}
