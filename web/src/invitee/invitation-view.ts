import type { OrgLook } from './org-look.ts';
import type { PageLanguages } from './page-language.tsx';

export interface InvitationView extends PageLanguages {
  status: string;
  organization: { name: string } & OrgLook;
  /** Names of the groups the invitee joins and of the trainings waiting in them. */
  groups: string[];
  trainings: string[];
  email: string;
  expiresAt: string;
  accountExists: boolean;
  inviterName: string | null;
  role: string;
  message?: string | null;
}

/** What a dead link's answer says besides its code (an expired one: who invited, and the organization). */
export interface DeadLinkInfo {
  code: string;
  org?: string;
  /** The organization's id, for an accepted link: where a member signed in goes next. */
  orgId?: string;
  look?: ({ name: string } & Partial<OrgLook>) | null;
  inviterName?: string | null;
  canRequestNew?: boolean;
}
