import type { Actor } from '../auth/permissions.ts';
import type { Invitation } from '../db/types.ts';
import { effectiveStatus } from '../invitations/lifecycle.ts';
import { invitationRepository } from '../invitations/repository.ts';
import type { InvitationListQuery, InvitationService } from '../invitations/service.ts';
import { memberRepository } from '../members/repository.ts';
import type { MemberListQuery } from '../members/schemas.ts';
import type { MemberService } from '../members/service.ts';
import type { Deps } from '../shared/deps.ts';
import type { ExportTable } from '../shared/table-export.ts';

/** Rows per database read: enough to amortise a round trip, small in memory (one page held). */
export const EXPORT_PAGE = 5000;

const iso = (d: Date | null) => (d ? new Date(d).toISOString() : '');

export const INVITATION_COLUMNS = [
  'email',
  'status',
  'role',
  'groups',
  'invited_by',
  'created_at',
  'send_at',
  'last_sent_at',
  'expires_at',
  'delivery',
  'delivery_detail',
  'last_event',
  'last_event_at',
];

export const MEMBER_COLUMNS = [
  'email',
  'name',
  'role',
  'status',
  'groups',
  'trainings',
  'joined_at',
  'first_sign_in_at',
  'last_sign_in_at',
];

/**
 * The People lists as downloadable tables: the same filter, search and reach as the lists (a
 * manager gets the groups they manage), every matching row, read newest first by keyset pages.
 */
export function createPeopleExportService(
  deps: Pick<Deps, 'db' | 'clock'>,
  lists: { invitations: Pick<InvitationService, 'listFilter'>; members: Pick<MemberService, 'listFilter'> },
) {
  const { db, clock } = deps;

  async function* invitationPages(
    filter: Awaited<ReturnType<InvitationService['listFilter']>>,
  ): AsyncGenerator<string[][]> {
    let cursor: { createdAt: Date; id: string } | undefined;
    // A short search term has no trigram to look up: every row is checked, as one long scan.
    for (;;) {
      const rows: Invitation[] = await invitationRepository.list(db, {
        ...filter,
        limit: EXPORT_PAGE - 1,
        cursor,
      });
      if (rows.length === 0) return;
      const ids = [...new Set(rows.flatMap((r) => r.group_ids))];
      const names = new Map(
        (await invitationRepository.groupNames(db, filter.orgId, ids)).map((g) => [g.id, g.name]),
      );
      yield rows.map((r) => [
        r.email,
        effectiveStatus(r, filter.now),
        r.role,
        r.group_ids
          .map((g) => names.get(g))
          .filter(Boolean)
          .join('; '),
        r.created_by_name ?? '',
        iso(r.created_at),
        iso(r.send_at),
        iso(r.last_sent_at),
        iso(r.expires_at),
        r.delivery_status,
        r.delivery_detail ?? '',
        r.last_event_type,
        iso(r.last_event_at),
      ]);
      if (rows.length < EXPORT_PAGE) return;
      const last = rows.at(-1)!;
      cursor = { createdAt: last.created_at, id: last.id };
    }
  }

  async function* memberPages(
    orgId: string,
    filter: ReturnType<MemberService['listFilter']>,
  ): AsyncGenerator<string[][]> {
    let after: { createdAt: Date; id: string } | undefined;
    for (;;) {
      const rows = await memberRepository.list(db, orgId, { ...filter, limit: EXPORT_PAGE, after });
      if (rows.length === 0) return;
      const ids = rows.map((r) => r.id);
      const byMember = (list: { member_id: string; name: string }[]) => {
        const out = new Map<string, string[]>();
        for (const x of list)
          (out.get(x.member_id) ?? out.set(x.member_id, []).get(x.member_id)!).push(x.name);
        return out;
      };
      const groups = byMember(await memberRepository.groupsOf(db, ids));
      const trainings = byMember(await memberRepository.trainingsOf(db, ids));
      yield rows.map((r) => [
        r.email,
        r.name,
        r.role,
        r.status,
        (groups.get(r.id) ?? []).join('; '),
        (trainings.get(r.id) ?? []).join('; '),
        iso(r.created_at),
        iso(r.first_sign_in_at),
        iso(r.last_sign_in_at),
      ]);
      if (rows.length < EXPORT_PAGE) return;
      const last = rows.at(-1)!;
      after = { createdAt: new Date(last.created_at), id: last.id };
    }
  }

  return {
    /** Filters are checked (and a search planned) before the first byte: a bad one is still a 400. */
    async invitations(actor: Actor, query: InvitationListQuery): Promise<ExportTable> {
      const filter = await lists.invitations.listFilter(actor, query, clock.now());
      return { sheetName: 'Invitations', columns: INVITATION_COLUMNS, pages: invitationPages(filter) };
    },

    members(actor: Actor, query: Pick<MemberListQuery, 'status' | 'q' | 'groupId'>): ExportTable {
      const filter = lists.members.listFilter(actor, query);
      return { sheetName: 'Members', columns: MEMBER_COLUMNS, pages: memberPages(actor.orgId, filter) };
    },
  };
}

export type PeopleExportService = ReturnType<typeof createPeopleExportService>;
