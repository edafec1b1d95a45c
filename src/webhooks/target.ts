import { isIP } from 'node:net';
import type { AllowedWebhookHost } from '../config/config.ts';
import type { HostLookup, ResolvedAddress } from '../shared/host-lookup.ts';
import { isForbiddenAddress, isInternalName } from './address-policy.ts';

/** The host without IPv6 brackets: "[::1]" → "::1". */
const bareHost = (url: URL) => url.hostname.replace(/^\[(.*)\]$/, '$1');

const effectivePort = (url: URL) => Number(url.port || (url.protocol === 'https:' ? 443 : 80));

/** Whether the operator allows this URL's host (and port) even if it is internal. */
export function isAllowListed(url: URL, allowed: AllowedWebhookHost[]): boolean {
  return allowed.some((a) => a.host === url.hostname && (a.port === null || a.port === effectivePort(url)));
}

/**
 * Whether a URL's host is internal as written: an IP literal in a forbidden range (the URL
 * parser has already turned 127.1, 2130706433 or 0x7f.1 into 127.0.0.1) or an internal name.
 * A name that merely resolves inside is caught at delivery.
 */
export function isInternalHost(url: URL): boolean {
  const host = bareHost(url);
  return isIP(host) ? isForbiddenAddress(host) : isInternalName(host);
}

/** A delivery this policy does not make: the reason is for the server log, never the administrator. */
export class RefusedTarget extends Error {}

/**
 * The address a delivery connects to, resolved now and then used as is (no second lookup, so a
 * name cannot resolve to a public address for the check and an internal one for the connection).
 * Every address a name resolves to must be public, unless the operator allows the host.
 */
export async function resolveTarget(
  url: URL,
  allowed: AllowedWebhookHost[],
  hostLookup: HostLookup,
): Promise<ResolvedAddress> {
  const host = bareHost(url);
  const allowListed = isAllowListed(url, allowed);
  if (isIP(host)) {
    if (!allowListed && isForbiddenAddress(host)) throw new RefusedTarget(`${host} is an internal address`);
    return { address: host, family: isIP(host) };
  }
  if (!allowListed && isInternalName(host)) throw new RefusedTarget(`${host} is an internal name`);
  const addresses = await hostLookup(host);
  const first = addresses[0];
  if (!first) throw new RefusedTarget(`${host} resolves to no address`);
  const internal = addresses.find((a) => isForbiddenAddress(a.address));
  if (!allowListed && internal) throw new RefusedTarget(`${host} resolves to ${internal.address}`);
  return first;
}
