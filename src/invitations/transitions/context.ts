import type { Actor } from '../../auth/permissions.ts';
import type { Organization } from '../../db/types.ts';
import type { Outbox } from '../../mail/outbox.ts';
import type { Deps } from '../../shared/deps.ts';
import { SYSTEM_ACTORS } from '../../shared/system-actors.ts';
import type { EventInput } from '../repository.ts';

/** What a transition needs besides its transaction: where emails and jobs go, and the settings. */
export interface TransitionContext {
  outbox: Outbox;
  queue: Deps['queue'];
  config: Deps['config'];
}

/** Who a transition's event names: a person, an API key, the invitee or Beckon itself. */
export type EventActor = EventInput['actor'];

export const SYSTEM: EventActor = { type: 'system', id: null, name: SYSTEM_ACTORS.beckon };

export function actorOf(actor: Actor): EventActor {
  return { type: actor.type, id: actor.id, name: actor.name };
}

const DAY = 86_400_000;

/**
 * A link works for the invitation's own expiry period, or the organization's when it has none,
 * counted from the moment its email is sent. The organization's period is also the ceiling: an
 * invitation given more days than the organization now allows expires at the organization's limit.
 */
export function expiryFrom(
  org: Pick<Organization, 'invite_expiry_days'>,
  sentAt: Date,
  expiryDays?: number | null,
): Date {
  const days = expiryDays ? Math.min(expiryDays, org.invite_expiry_days) : org.invite_expiry_days;
  return new Date(sentAt.getTime() + days * DAY);
}

/**
 * The 400 answer, naming the field, when an inviter asks for more days than the organization
 * allows (or fewer than one); null when the period is acceptable.
 */
export function expiryDaysProblem(
  org: Pick<Organization, 'invite_expiry_days'>,
  expiryDays: number,
): string | null {
  if (!Number.isInteger(expiryDays) || expiryDays < 1 || expiryDays > org.invite_expiry_days)
    return `Choose between 1 and ${org.invite_expiry_days} days (this organization's longest expiry).`;
  return null;
}
