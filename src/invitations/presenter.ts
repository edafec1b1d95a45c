import { type Actor, canGrantRole, roleNotGrantable } from '../auth/permissions.ts';
import type { Executor, Invitation } from '../db/types.ts';
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
  sendAt: string | null;
  sentCount: number;
  lastSentAt: string | null;
  lastEvent: { type: string; at: string };
  delivery: { status: string; detail: string | null };
  user: { id: string; name: string } | null;
  invitedBy: string | null;
  actions: string[];
  statusReason: string;
}

const iso = (d: Date | null) => (d ? d.toISOString() : null);

/**
 * Turns rows into answers, looking up group and user names in two queries for the whole page.
 * With a viewer, `actions` lists only what that viewer may do: none on an invitation for a role
 * they could not grant.
 */
export async function presentInvitations(
  db: Executor,
  rows: Invitation[],
  now: Date,
  viewer?: Pick<Actor, 'role'>,
): Promise<InvitationDto[]> {
  if (rows.length === 0) return [];
  const orgId = rows[0]!.org_id;
  const groupIds = [...new Set(rows.flatMap((r) => r.group_ids))];
  const userIds = [...new Set(rows.map((r) => r.accepted_user_id).filter((id): id is string => Boolean(id)))];
  // Sequential: inside a transaction the connection runs one query at a time.
  const groups = await repo.groupNames(db, orgId, groupIds);
  const users = await repo.acceptedUsers(db, userIds);
  const groupName = new Map(groups.map((g) => [g.id, g.name]));
  const userName = new Map(users.map((u) => [u.id, u.name]));
  return rows.map((r) => {
    const status = effectiveStatus(r, now);
    const mayAct = !viewer || canGrantRole(viewer, r.role);
    // Expiry observed at read time is also the last thing that happened.
    const lastEvent =
      status === 'expired' && r.status === 'pending'
        ? { type: 'expired', at: r.expires_at!.toISOString() }
        : { type: r.last_event_type, at: r.last_event_at.toISOString() };
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
