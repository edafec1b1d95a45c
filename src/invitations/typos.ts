/** Domains people mean when they mistype; a suggestion is offered before anything is sent. */
const COMMON_DOMAINS = [
  'gmail.com',
  'googlemail.com',
  'yahoo.com',
  'yahoo.co.uk',
  'yahoo.fr',
  'hotmail.com',
  'hotmail.co.uk',
  'hotmail.fr',
  'outlook.com',
  'live.com',
  'msn.com',
  'icloud.com',
  'me.com',
  'mac.com',
  'aol.com',
  'protonmail.com',
  'proton.me',
  'gmx.com',
  'gmx.de',
  'gmx.net',
  'web.de',
  'yandex.ru',
  'mail.ru',
  'comcast.net',
  'verizon.net',
  'att.net',
  'btinternet.com',
  'orange.fr',
  'free.fr',
  'wanadoo.fr',
  'sky.com',
  'zoho.com',
  'fastmail.com',
  'qq.com',
  '163.com',
];
const COMMON_TLDS = ['com', 'net', 'org', 'edu', 'gov', 'io', 'co', 'co.uk', 'de', 'fr', 'uk'];
const TLD_TYPOS: Record<string, string> = {
  con: 'com',
  cmo: 'com',
  ocm: 'com',
  comm: 'com',
  vom: 'com',
  xom: 'com',
  om: 'com',
  cm: 'com',
  nt: 'net',
  ent: 'net',
  nte: 'net',
  ogr: 'org',
  orgg: 'org',
};

/** Optimal string alignment distance (Damerau–Levenshtein with adjacent swaps). */
export function editDistance(a: string, b: string): number {
  const d: number[][] = Array.from({ length: a.length + 1 }, (_, i) => [
    i,
    ...Array<number>(b.length).fill(0),
  ]);
  for (let j = 1; j <= b.length; j++) d[0]![j] = j;
  for (let i = 1; i <= a.length; i++) {
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let v = Math.min(d[i - 1]![j]! + 1, d[i]![j - 1]! + 1, d[i - 1]![j - 1]! + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1])
        v = Math.min(v, d[i - 2]![j - 2]! + 1);
      d[i]![j] = v;
    }
  }
  return d[a.length]![b.length]!;
}

/** Domains already looked at, with the domain meant (or null): people are invited by domain. */
const suggestedDomains = new Map<string, string | null>();
const SUGGESTED_DOMAINS_LIMIT = 10_000;

/** The common domain `domain` is likely a typo of, or null. */
function suggestDomain(domain: string): string | null {
  if (COMMON_DOMAINS.includes(domain)) return null;
  let best: string | null = null;
  let bestDistance = Infinity;
  for (const candidate of COMMON_DOMAINS) {
    const limit = candidate.length > 8 ? 2 : 1;
    // The distance is at least the difference in length: most domains need no alignment at all.
    if (Math.abs(domain.length - candidate.length) > limit) continue;
    const distance = editDistance(domain, candidate);
    if (distance <= limit && distance < bestDistance) {
      best = candidate;
      bestDistance = distance;
    }
  }
  if (best) return best;
  const dot = domain.indexOf('.');
  const tld = domain.slice(dot + 1);
  if (TLD_TYPOS[tld] && !COMMON_TLDS.includes(tld)) return `${domain.slice(0, dot + 1)}${TLD_TYPOS[tld]}`;
  return null;
}

/** Returns the corrected address for a likely typo in the domain (gmial.com → gmail.com), or null. */
export function suggestEmail(email: string): string | null {
  const at = email.lastIndexOf('@');
  if (at < 0) return null;
  const domain = email.slice(at + 1).toLowerCase();
  let meant = suggestedDomains.get(domain);
  if (meant === undefined) {
    meant = suggestDomain(domain);
    if (suggestedDomains.size >= SUGGESTED_DOMAINS_LIMIT) suggestedDomains.clear();
    suggestedDomains.set(domain, meant);
  }
  return meant === null ? null : `${email.slice(0, at)}@${meant}`;
}
