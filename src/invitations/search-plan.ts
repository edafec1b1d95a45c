/**
 * Plans a substring search over invitation addresses for the trigram GIN index.
 *
 * GIN's cost follows the posting lists of every trigram in the pattern: `%domain123.%` reads the
 * lists of `dom`, `oma`, `mai`, `ain`, which hold nearly every address. A sample of the
 * organization's addresses tells which part of the term has rare trigrams; only that part goes to
 * the index and the whole term is checked on the rows it finds. The sample also tells whether the
 * term is rare enough that collecting all matches beats walking the newest-first index.
 */

/** What the repository needs to search: every result contains `term`; GIN looks up `indexed`. */
export interface SearchPlan {
  /** The lowercased term. */
  term: string;
  /** A part of the term (or all of it) whose trigrams the index is asked for. */
  indexed: string;
  /** Few matches expected: collect them through the index, then sort. */
  selective: boolean;
  /**
   * No trigram in the term (one or two characters): the index cannot help, so rows are checked
   * one by one, newest first, a bounded number per page (the service's SHORT_TERM_SCAN).
   */
  short: boolean;
}

/** Trigram document frequencies of a sample of addresses. */
export interface TermSample {
  size: number;
  /** Trigram → number of sampled addresses that contain it. */
  counts: Map<string, number>;
  /** The lowercased addresses, one a line: substring counts. */
  text: string;
}

/** Below this many sampled addresses the organization is small: every plan is cheap. */
export const MIN_SAMPLE = 100;
/** Terms in fewer than this share of addresses are collected through the index (see docs/performance.md). */
export const SELECTIVE_BELOW = 0.005;
/** One row fetched from the table costs about as much as this many posting-list entries. */
const ROW_COST = 500;
/** Longest part of a term considered for the index. */
const MAX_PART = 16;
const MAX_START = 48;

// pg_trgm's word characters (t_isalnum); everything else separates words.
const WORD = /[\p{L}\p{N}]/u;

/**
 * Trigrams of the words in chars[start, end): a word is padded ("  word ") on a side where a
 * non-word character touches it inside the range; at a range end only when `padEnds` says so.
 */
function trigramsIn(chars: string[], start: number, end: number, padEnds: boolean): Set<string> {
  const out = new Set<string>();
  let i = start;
  while (i < end) {
    if (!WORD.test(chars[i]!)) {
      i++;
      continue;
    }
    let j = i;
    while (j < end && WORD.test(chars[j]!)) j++;
    const left = padEnds || i > start ? ['  '] : [];
    const right = padEnds || j < end ? [' '] : [];
    const padded = [...left, ...chars.slice(i, j), ...right].join('');
    const p = [...padded];
    for (let k = 0; k + 3 <= p.length; k++) out.add(p[k]! + p[k + 1]! + p[k + 2]!);
    i = j;
  }
  return out;
}

/** The trigrams an indexed value has: every word padded as "  word ". */
export function valueTrigrams(value: string): Set<string> {
  const chars = [...value];
  return trigramsIn(chars, 0, chars.length, true);
}

/**
 * The trigrams pg_trgm extracts from `LIKE '%text%'` (text taken literally): a word is padded on a
 * side where the text itself has a non-word character, not where the `%` is.
 */
export function likeTrigrams(text: string): Set<string> {
  const chars = [...text];
  return trigramsIn(chars, 0, chars.length, false);
}

export function sampleOf(addresses: string[]): TermSample {
  const counts = new Map<string, number>();
  const lowered = addresses.map((a) => a.toLowerCase());
  for (const a of lowered) for (const t of valueTrigrams(a)) counts.set(t, (counts.get(t) ?? 0) + 1);
  return { size: lowered.length, counts, text: lowered.join('\n') };
}

/** Sampled addresses containing `part` (lines of `text` with a match), counted up to `cap`. */
function countContaining(sample: TermSample, part: string, cap = Number.POSITIVE_INFINITY): number {
  let n = 0;
  let at = sample.text.indexOf(part);
  while (at >= 0 && n < cap) {
    n++;
    const lineEnd = sample.text.indexOf('\n', at + part.length);
    if (lineEnd < 0) break;
    at = sample.text.indexOf(part, lineEnd + 1);
  }
  return n;
}

/** Unseen in the sample is rare, not absent: count it as half an address. */
const share = (sample: TermSample, count: number) => Math.max(count, 0.5) / sample.size;

/** Posting-list entries GIN reads for these trigrams, as a share of the addresses. */
function listsCost(sample: TermSample, trigrams: Set<string>): number {
  let cost = 0;
  for (const t of trigrams) cost += share(sample, sample.counts.get(t) ?? 0);
  return cost;
}

/** Without a usable sample (or for a term without trigrams) the plan is the plain substring match. */
export function planSearch(q: string, sample: TermSample | undefined): SearchPlan {
  const term = q.toLowerCase();
  const whole = likeTrigrams(term);
  const plain = { term, indexed: term, selective: false, short: whole.size === 0 };
  if (!sample || sample.size < MIN_SAMPLE || whole.size === 0) return plain;

  // Index cost: the posting lists plus the rows they lead to (each fetched and rechecked).
  const termCount = countContaining(sample, term);
  let best = { part: term, cost: listsCost(sample, whole) + ROW_COST * share(sample, termCount) };
  const chars = [...term];
  // Parts start in the first MAX_START characters: a long term plans in bounded time.
  for (let start = 0; start < Math.min(chars.length, MAX_START); start++) {
    for (let end = start + 3; end <= Math.min(chars.length, start + MAX_PART); end++) {
      if (end - start === chars.length) continue;
      const trigrams = trigramsIn(chars, start, end, false);
      if (trigrams.size === 0) continue;
      const lists = listsCost(sample, trigrams);
      // A part matches at least what the whole term matches: skip it when that already loses,
      // and stop counting once it has lost.
      if (lists + ROW_COST * share(sample, termCount) >= best.cost) continue;
      const cap = Math.ceil(((best.cost - lists) * sample.size) / ROW_COST);
      const part = chars.slice(start, end).join('');
      const cost = lists + ROW_COST * share(sample, countContaining(sample, part, cap));
      if (cost < best.cost) best = { part, cost };
    }
  }
  return { term, indexed: best.part, selective: termCount < SELECTIVE_BELOW * sample.size, short: false };
}
