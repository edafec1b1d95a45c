import { describe, expect, it } from 'vitest';
import {
  likeTrigrams,
  MIN_SAMPLE,
  planSearch,
  sampleOf,
  valueTrigrams,
} from '../../src/invitations/search-plan.ts';

// The benchmark's shape: every address shares "user", "domain" and "example".
const addresses = Array.from({ length: 5000 }, (_, n) => `user${n * 197}@domain${n % 500}.example`);
const sample = sampleOf(addresses);

describe('trigrams as pg_trgm makes them', () => {
  it('pads every word of a stored value as "  word "', () => {
    expect([...valueTrigrams('ab@c.de')].sort()).toEqual(
      ['  a', ' ab', 'ab ', '  c', ' c ', '  d', ' de', 'de '].sort(),
    );
  });

  it('pads a LIKE word only where the text has a non-word character, not at the % wildcards', () => {
    // show_trgm-style expectations for LIKE '%domain123.%', '%a.b%' and '%@a%'
    expect([...likeTrigrams('domain123.')]).toEqual(['dom', 'oma', 'mai', 'ain', 'in1', 'n12', '123', '23 ']);
    expect([...likeTrigrams('a.b')]).toEqual(['  b']);
    expect([...likeTrigrams('@a')]).toEqual(['  a']);
    expect([...likeTrigrams('ab')]).toEqual([]);
    // Literal %, _ and \ (escaped in the pattern) separate words like any other non-word character.
    expect([...likeTrigrams('x%y_z\\')]).toEqual(['  y', ' y ', '  z', ' z ']);
  });
});

describe('planSearch', () => {
  it('keeps the plain substring search without a usable sample or without trigrams', () => {
    const plain = { term: 'domain123.', indexed: 'domain123.', selective: false, short: false };
    expect(planSearch('Domain123.', undefined)).toEqual(plain);
    expect(planSearch('Domain123.', sampleOf(addresses.slice(0, MIN_SAMPLE - 1)))).toEqual(plain);
    expect(planSearch('AB', sample)).toEqual({ term: 'ab', indexed: 'ab', selective: false, short: true });
    expect(planSearch('q', undefined)).toMatchObject({ short: true });
    expect(planSearch('a.b', sample)).toMatchObject({ short: false }); // '  b' is a trigram
  });

  it('asks the index for the part with rare trigrams, and collects the matches of a rare term', () => {
    const plan = planSearch('DOMAIN123.', sample);
    expect(plan.term).toBe('domain123.');
    expect(plan.selective).toBe(true);
    expect(plan.term).toContain(plan.indexed);
    expect(plan.indexed).not.toMatch(/dom|oma|mai|ain/);
    expect(planSearch('user420007@', sample)).toMatchObject({ selective: true });
  });

  it('walks the newest-first order for a common term', () => {
    expect(planSearch('domain1', sample)).toMatchObject({ term: 'domain1', selective: false });
    expect(planSearch('example', sample)).toMatchObject({ selective: false });
  });

  it('always picks a substring of the term that has trigrams', () => {
    for (const q of [
      'a.b.c.d',
      '%_\\x',
      'user4200071234567@domain123.example.more',
      'x'.repeat(254),
      'ÉCOLE.fr',
    ]) {
      const plan = planSearch(q, sample);
      expect(plan.term).toBe(q.toLowerCase());
      expect(plan.term).toContain(plan.indexed);
      if (plan.indexed !== plan.term) expect(likeTrigrams(plan.indexed).size).toBeGreaterThan(0);
    }
  });

  it('plans a long term quickly', () => {
    const t0 = performance.now();
    planSearch('q'.repeat(254), sample);
    planSearch(`${'ab.'.repeat(80)}z`, sample);
    expect(performance.now() - t0).toBeLessThan(200);
  });
});
