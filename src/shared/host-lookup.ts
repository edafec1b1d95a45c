import { lookup } from 'node:dns/promises';

export interface ResolvedAddress {
  address: string;
  family: number;
}

/** Every address a host name resolves to. Passed in (Deps) so tests decide what a name resolves to. */
export type HostLookup = (hostname: string) => Promise<ResolvedAddress[]>;

/** The system resolver (getaddrinfo: hosts file, DNS), every address in the resolver's order. */
export const systemHostLookup: HostLookup = (hostname) => lookup(hostname, { all: true, order: 'verbatim' });
