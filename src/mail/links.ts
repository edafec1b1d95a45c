import type { Config } from '../config/config.ts';
import { type InvitationLinkSigner, ottToken } from '../security/tokens.ts';
import { LINK_PLACEHOLDER } from './outbox.ts';

/**
 * Links in emails are never stored. Stored bodies carry LINK_PLACEHOLDER; what replaces it is
 * recomputed from the row whenever the email is sent (or shown in the outbox-mode mailbox):
 *
 * - invitation and reminder emails (invitation_id + link_version):
 *   APP_URL/invite/<id ‖ HMAC(secret, id:link_version)>. A resend bumps link_version, so an email
 *   still queued for an older version is cancelled rather than sent with a dead link.
 * - one-time-token emails (password reset, join verification): link_path + ottToken(secret,
 *   link_ott_id), an HMAC over the one_time_tokens row id; that row keeps only the token's hash.
 * - other emails with a link_path (e.g. account ready): APP_URL + link_path.
 *
 * Job data carries only the email id, so nothing secret rests in the queue either.
 */
export interface LinkSource {
  invitation_id: string | null;
  link_version: number | null;
  link_path: string | null;
  link_ott_id: string | null;
}

export function isInvitationLinked(email: Pick<LinkSource, 'invitation_id' | 'link_version'>): boolean {
  return email.invitation_id !== null && email.link_version !== null;
}

export function linkFor(deps: { config: Config; links: InvitationLinkSigner }, email: LinkSource): string {
  const base = deps.config.appUrl;
  if (isInvitationLinked(email)) {
    const path = email.link_path ?? '/invite/';
    return `${base}${path}${deps.links.sign(email.invitation_id!, email.link_version!)}`;
  }
  if (email.link_path) {
    return `${base}${email.link_path}${email.link_ott_id ? ottToken(deps.config.secretKey, email.link_ott_id) : ''}`;
  }
  return base;
}

export function fillLink(body: string, link: string): string {
  return body.split(LINK_PLACEHOLDER).join(link);
}

/** What the outbox shows instead of a link: a label, never a token. */
export function redactLink(body: string, email: Pick<LinkSource, 'invitation_id' | 'link_version'>): string {
  return fillLink(body, isInvitationLinked(email) ? '[invitation link]' : '[link]');
}
