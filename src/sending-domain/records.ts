import { isIP } from 'node:net';

export interface DnsRecord {
  purpose: 'spf' | 'dkim' | 'dmarc';
  type: 'TXT';
  /** The full name to publish the record under. */
  name: string;
  value: string;
  /** What to check before publishing it. */
  note: string;
}

/** A TXT value is published as strings of at most 255 characters (a DKIM key is longer). */
export function txtStrings(value: string): string[] {
  const out: string[] = [];
  for (let i = 0; i < value.length; i += 255) out.push(value.slice(i, i + 255));
  return out;
}

function spfValue(smtpUrl: string | undefined): { value: string; note: string } {
  const host = smtpUrl ? new URL(smtpUrl).hostname.replace(/^\[|\]$/g, '') : '';
  const local = !host || host === 'localhost' || host.startsWith('127.') || host === '::1';
  const merge =
    'If the domain already has an SPF record, add this mechanism to it instead: a domain may have only one.';
  if (local)
    return {
      value: 'v=spf1 mx ~all',
      note: `Mail leaves through a local server, so its address is not known here: this authorises the domain's mail servers. ${merge}`,
    };
  const ip = isIP(host);
  const mechanism = ip === 4 ? `ip4:${host}` : ip === 6 ? `ip6:${host}` : `a:${host}`;
  return {
    value: `v=spf1 ${mechanism} ~all`,
    note: `Authorises the SMTP server Beckon sends through (${host}). When your mail provider documents an include: mechanism, use theirs. ${merge}`,
  };
}

/** The SPF, DKIM and DMARC records that let receivers trust mail from the sending domain. */
export function dnsRecords(
  domain: string,
  dkim: { selector: string; publicKey: string },
  smtpUrl: string | undefined,
): DnsRecord[] {
  const spf = spfValue(smtpUrl);
  return [
    { purpose: 'spf', type: 'TXT', name: domain, ...spf },
    {
      purpose: 'dkim',
      type: 'TXT',
      name: `${dkim.selector}._domainkey.${domain}`,
      value: `v=DKIM1; k=rsa; p=${dkim.publicKey}`,
      note: 'The public half of the key Beckon signs every email with. Longer than 255 characters: most DNS consoles split it for you; otherwise publish it as several quoted strings.',
    },
    {
      purpose: 'dmarc',
      type: 'TXT',
      name: `_dmarc.${domain}`,
      value: `v=DMARC1; p=none; adkim=r; aspf=r; rua=mailto:postmaster@${domain}`,
      note: 'Starts by only reporting (p=none) to postmaster@ the domain. Once the reports show your mail passing, move to p=quarantine.',
    },
  ];
}
