import { type Actor, canGrantRole, roleNotGrantable } from '../auth/permissions.ts';
import type { Executor, Invitation } from '../db/types.ts';
import type { Locale } from '../i18n/locales.ts';
import { systemActorCode } from '../shared/system-actors.ts';
import { appNames } from './landing-service.ts';
import { allowedActions, effectiveStatus, statusReason } from './lifecycle.ts';
import { invitationRepository as repo } from './repository.ts';

export interface InvitationDto {
  id: string;
  email: string;
  status: string;
  role: string;
  groups: { id: string; name: string }[];
  message: string | null;
  createdAt: string;
  updatedAt: string;
  expiresAt: string | null;
  expiresInDays: number | null;
  sendAt: string | null;
  sentCount: number;
  lastSentAt: string | null;
  lastEvent: { type: string; at: string; actor: { type: string; name: string | null; code?: string } | null };
  delivery: { status: string; detail: string | null };
  user: { id: string; name: string } | null;
  invitedBy: string | null;
  actions: string[];
  statusReason: string;
  statusReasonCode: string;
  /** The caller's JSON object; for administrators and API keys only, never on invitee pages. */
  metadata: Record<string, unknown> | null;
  app: { id: string; name: string } | null;
  returnPath: string | null;
  locale: Locale | null;
}

const iso = (d: Date | null) => (d ? d.toISOString() : null);

/**
 * What the caller already knows of rows it just wrote, so presenting them reads nothing again:
 * their groups (id and name) and who did each one's last event.
 */
export interface KnownContext {
  groups: Array<{ id: string; name: string }>;
  lastActor: (row: Invitation) => { type: string; name: string | null };
}

const prefixed = (a: { type: string; name: string | null }) => ({ actor_type: a.type, actor_name: a.name });

/**
 * Turns rows into answers, looking up group names, user names and who acted last in one query
 * each for the whole page.
 * With a viewer, `actions` lists only what that viewer may do: none on an invitation for a role
 * they could not grant.
 */
export async function presentInvitations(
  db: Executor,
  rows: Invitation[],
  now: Date,
  viewer?: Pick<Actor, 'role'>,
  known?: KnownContext,
): Promise<InvitationDto[]> {
  if (rows.length === 0) return [];
  const orgId = rows[0]!.org_id;
  const groupIds = [...new Set(rows.flatMap((r) => r.group_ids))];
  const userIds = [...new Set(rows.map((r) => r.accepted_user_id).filter((id): id is string => Boolean(id)))];
  // Sequential: inside a transaction the connection runs one query at a time.
  const groups = known ? known.groups : await repo.groupNames(db, orgId, groupIds);
  const users = await repo.acceptedUsers(db, userIds);
  const apps = await appNames(
    db,
    orgId,
    rows.map((r) => r.app_id),
  );
  const actors = known
    ? rows.map((r) => ({ invitation_id: r.id, ...prefixed(known.lastActor(r)) }))
    : await repo.latestActors(
        db,
        orgId,
        rows.map((r) => r.id),
      );
  const actorOf = new Map(
    actors.map((a) => [
      a.invitation_id,
      { type: a.actor_type, name: a.actor_name, ...systemActorCode(a.actor_type, a.actor_name) },
    ]),
  );
  const groupName = new Map(groups.map((g) => [g.id, g.name]));
  const userName = new Map(users.map((u) => [u.id, u.name]));
  return rows.map((r) => {
    const status = effectiveStatus(r, now);
    const mayAct = !viewer || canGrantRole(viewer, r.role);
    // Expiry observed at read time is also the last thing that happened.
    const lastEvent =
      status === 'expired' && r.status === 'pending'
        ? { type: 'expired', at: r.expires_at!.toISOString(), actor: null }
        : { type: r.last_event_type, at: r.last_event_at.toISOString(), actor: actorOf.get(r.id) ?? null };
    return {
      id: r.id,
      email: r.email,
      status,
      role: r.role,
      groups: r.group_ids.filter((id) => groupName.has(id)).map((id) => ({ id, name: groupName.get(id)! })),
      message: r.message,
      createdAt: r.created_at.toISOString(),
      updatedAt: r.updated_at.toISOString(),
      expiresAt: iso(r.expires_at),
      expiresInDays: r.expiry_days,
      sendAt: iso(r.send_at),
      sentCount: r.sent_count,
      lastSentAt: iso(r.last_sent_at),
      lastEvent,
      delivery: { status: r.delivery_status, detail: r.delivery_detail },
      // Names stay hidden until the invitation is accepted (seed 002).
      user:
        status === 'accepted' && r.accepted_user_id
          ? { id: r.accepted_user_id, name: userName.get(r.accepted_user_id) ?? '' }
          : null,
      invitedBy: r.created_by_name,
      actions: mayAct ? allowedActions(status) : [],
      statusReason:
        mayAct || allowedActions(status).length === 0 ? statusReason(status) : roleNotGrantable(r.role),
      statusReasonCode:
        mayAct || allowedActions(status).length === 0 ? `status_${status}` : 'role_not_grantable',
      metadata: r.metadata ?? null,
      app: (r.app_id && apps.get(r.app_id)) || null,
      returnPath: r.return_path,
      locale: r.locale as Locale | null,
    };
  });
}

export async function presentInvitation(
  db: Executor,
  row: Invitation,
  now: Date,
  viewer?: Pick<Actor, 'role'>,
): Promise<InvitationDto> {
  return (await presentInvitations(db, [row], now, viewer))[0]!;
}
