import type { Clock } from '../shared/clock.ts';
import { planSearch, type SearchPlan, sampleOf, type TermSample } from './search-plan.ts';

export interface SearchSampleOptions {
  /** Lowercased addresses of the organization, a bounded sample. */
  load(orgId: string): Promise<string[]>;
  clock: Clock;
  onError(error: unknown): void;
  /** A sample older than this is refreshed in the background (the old one serves meanwhile). */
  maxAgeMs?: number;
  /** Organizations kept, least recently searched dropped first. */
  maxOrgs?: number;
}

interface Entry {
  sample: TermSample | undefined;
  loadedAt: number;
  loading: Promise<void> | undefined;
  /** Plans of recent terms: paging through one search plans once. */
  plans: Map<string, SearchPlan>;
}

const PLANS_PER_ORG = 100;

/**
 * Per-process search planning: one trigram sample per organization, in memory. The first search
 * of an organization waits for its sample (one bounded query); later ones never wait.
 */
export function createSearchPlanner(options: SearchSampleOptions) {
  const { clock, maxAgeMs = 5 * 60_000, maxOrgs = 50 } = options;
  const entries = new Map<string, Entry>();

  function refresh(orgId: string, entry: Entry): Promise<void> {
    entry.loading ??= options
      .load(orgId)
      .then((addresses) => {
        entry.sample = sampleOf(addresses);
        entry.plans.clear();
      })
      .catch((error) => options.onError(error))
      .finally(() => {
        // Also after a failure: the plain search serves until the next try.
        entry.loadedAt = clock.now().getTime();
        entry.loading = undefined;
      });
    return entry.loading;
  }

  return {
    async plan(orgId: string, q: string): Promise<SearchPlan> {
      const entry = entries.get(orgId) ?? {
        sample: undefined,
        loadedAt: 0,
        loading: undefined,
        plans: new Map(),
      };
      entries.delete(orgId); // re-inserted: Map order is recency
      entries.set(orgId, entry);
      for (const old of entries.keys()) {
        if (entries.size <= maxOrgs) break;
        entries.delete(old);
      }
      if (entry.loadedAt === 0) await refresh(orgId, entry);
      else if (clock.now().getTime() - entry.loadedAt > maxAgeMs) void refresh(orgId, entry);

      let plan = entry.plans.get(q);
      if (!plan) {
        plan = planSearch(q, entry.sample);
        if (entry.plans.size >= PLANS_PER_ORG) entry.plans.clear();
        entry.plans.set(q, plan);
      }
      return plan;
    },
  };
}
