import type { Executor } from '../../db/types.ts';
import { invitationRepository as repo } from '../repository.ts';
import { SYSTEM } from './context.ts';

/**
 * Records expiry for up to `batch` pending invitations past their date (expiry already holds at
 * read time; this makes it a stored status and an event). The event is dated when the invitation
 * expired, not when this pass came by (later, after a restart). Returns how many.
 */
export async function expireDue(trx: Executor, now: Date, batch: number): Promise<number> {
  const expired = await repo.expireDue(trx, now, batch);
  await repo.insertEvents(
    trx,
    expired.map((e) => ({
      orgId: e.org_id,
      invitationId: e.id,
      type: 'expired',
      actor: SYSTEM,
      at: e.expires_at ?? now,
    })),
  );
  return expired.length;
}
