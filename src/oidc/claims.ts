import type { Person } from './access.ts';

/** Scopes Beckon answers and the claims each one releases (documented in docs/connect-apps.md). */
export const SCOPE_CLAIMS = {
  openid: ['sub'],
  email: ['email', 'email_verified'],
  profile: ['name'],
  organization: ['organization'],
};

/**
 * The claims of a person for an app; the provider keeps those the granted scopes release.
 * `organization`: the app's organization, the person's role there, their groups and trainings.
 */
export function claimsFor(person: Person) {
  return {
    sub: person.user_id,
    email: person.email,
    // True once a link sent to the address was used; an account an administrator made with
    // "set password" is unverified until then.
    email_verified: person.email_verified,
    name: person.name,
    organization: {
      id: person.org_id,
      name: person.org_name,
      role: person.role,
      groups: person.groups,
      trainings: person.trainings,
    },
  };
}
