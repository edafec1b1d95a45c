import type { Static } from 'typebox';
import type { MemberProfileDto } from '../../../src/members/profile-schemas.ts';
import type { Invitation } from '../api.ts';

/** A person's page as the server presents it (invitations typed by their own schema). */
export type MemberProfile = Omit<Static<typeof MemberProfileDto>, 'invitations'> & {
  invitations: Invitation[];
};
export type MembershipChange = NonNullable<MemberProfile['history']>[number];
