import { type Static, Type } from 'typebox';
import { Nullable, Timestamp } from '../http/schemas.ts';
import { MemberDto } from './schemas.ts';

export const MemberProfileDto = Type.Object({
  member: MemberDto,
  invitations: Type.Array(Type.Ref('Invitation'), {
    description: "Every invitation to the person's address, newest first (a manager: into their groups)",
  }),
  history: Type.Union(
    [
      Type.Array(
        Type.Object({
          at: Timestamp,
          actor: Type.Object({ type: Type.String(), name: Type.String() }),
          action: Type.String({
            description: 'member.role_changed, member.permissions_changed, member.deactivated …',
          }),
          changes: Nullable(Type.Record(Type.String(), Type.Unknown())),
        }),
      ),
      Type.Null(),
    ],
    {
      description:
        'Changes to the membership (role, permissions, status) from the audit log, oldest first; null for someone who may not read the audit log',
    },
  ),
  actions: Type.Array(Type.String(), {
    description:
      'What the caller may do to the member now: change_role, change_permissions, deactivate, reactivate, send_account_email (never signed in)',
  }),
});
export type MemberProfileDto = Static<typeof MemberProfileDto>;
