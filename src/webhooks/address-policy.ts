import { BlockList, isIP } from 'node:net';

/**
 * IPv4 ranges a webhook must never reach (IANA special-purpose registry, multicast, reserved):
 * a receiver is a public server, and anything else lets an administrator probe or call the
 * machines around Beckon (cloud metadata at 169.254.169.254, databases, admin consoles).
 */
const FORBIDDEN_IPV4: [network: string, prefix: number][] = [
  ['0.0.0.0', 8], // "this network", 0.0.0.0 reaches the local host
  ['10.0.0.0', 8], // private
  ['100.64.0.0', 10], // carrier-grade NAT
  ['127.0.0.0', 8], // loopback
  ['169.254.0.0', 16], // link-local, cloud metadata
  ['172.16.0.0', 12], // private
  ['192.0.0.0', 24], // IETF protocol assignments
  ['192.0.2.0', 24], // documentation
  ['192.88.99.0', 24], // 6to4 relay anycast (deprecated)
  ['192.168.0.0', 16], // private
  ['198.18.0.0', 15], // benchmarking
  ['198.51.100.0', 24], // documentation
  ['203.0.113.0', 24], // documentation
  ['224.0.0.0', 4], // multicast
  ['240.0.0.0', 4], // reserved, broadcast
];

/** IPv6 ranges refused inside global unicast (2000::/3); everything outside it is refused too. */
const FORBIDDEN_IPV6_GLOBAL: [network: string, prefix: number][] = [
  ['2001::', 23], // IETF protocol assignments: Teredo, benchmarking, ORCHID
  ['2001:db8::', 32], // documentation
  ['2002::', 16], // 6to4 (carries any IPv4 address)
  ['3fff::', 20], // documentation
];

const forbidden = new BlockList();
for (const [network, prefix] of FORBIDDEN_IPV4) {
  forbidden.addSubnet(network, prefix, 'ipv4');
  // The same range through NAT64 (64:ff9b::/96 carries an IPv4 address in its last 32 bits).
  forbidden.addSubnet(`64:ff9b::${network}`, 96 + prefix, 'ipv6');
}
for (const [network, prefix] of FORBIDDEN_IPV6_GLOBAL) forbidden.addSubnet(network, prefix, 'ipv6');

/** IPv6 forms of an IPv4 address: IPv4-mapped and NAT64. Their IPv4 address decides. */
const carriesIpv4 = new BlockList();
carriesIpv4.addSubnet('::ffff:0:0', 96, 'ipv6');
carriesIpv4.addSubnet('64:ff9b::', 96, 'ipv6');

const globalUnicast = new BlockList();
globalUnicast.addSubnet('2000::', 3, 'ipv6');

/**
 * Whether a webhook may not connect to this IP address: private, loopback, link-local,
 * multicast, unspecified, carrier-grade NAT, reserved, benchmarking, documentation, and their
 * IPv4-mapped and NAT64 forms (Node's BlockList applies IPv4 rules to IPv4-mapped addresses).
 */
export function isForbiddenAddress(address: string): boolean {
  const bare = address.replace(/%.*$/, ''); // a zone id (fe80::1%eth0) is not part of the address
  const family = isIP(bare);
  if (family === 4) return forbidden.check(bare, 'ipv4');
  if (family !== 6) return true;
  if (carriesIpv4.check(bare, 'ipv6')) return forbidden.check(bare, 'ipv6');
  return !globalUnicast.check(bare, 'ipv6') || forbidden.check(bare, 'ipv6');
}

/**
 * Names that only mean something inside a network: localhost and its subdomains, the
 * `.internal` cloud names (metadata.google.internal), mDNS `.local`, `home.arpa`, and names
 * without a dot (resolved through local search domains).
 */
export function isInternalName(hostname: string): boolean {
  const name = hostname.toLowerCase().replace(/\.$/, '');
  return !name.includes('.') || /(^|\.)(localhost|localdomain|internal|local|home\.arpa)$/.test(name);
}
