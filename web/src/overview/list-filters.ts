/**
 * The invitation list filters the overview's figures open the People list with. Kept in the
 * address, so a figure's link, a reload and a shared link show the same list.
 */
export const OVERVIEW_FILTER_KEYS = [
  'expiringWithinHours',
  'scheduledWithinDays',
  'deliveryProblem',
  'acceptedSince',
  'opened',
] as const;

export type OverviewFilter = Partial<Record<(typeof OVERVIEW_FILTER_KEYS)[number], string>>;

export function overviewFilterFrom(params: URLSearchParams): OverviewFilter {
  const out: OverviewFilter = {};
  for (const k of OVERVIEW_FILTER_KEYS) {
    const v = params.get(k);
    if (v) out[k] = v;
  }
  return out;
}

/** Adds the filter to query parameters (the API call's, or the address's). */
export function withOverviewFilter(sp: URLSearchParams, filter: OverviewFilter): URLSearchParams {
  for (const [k, v] of Object.entries(filter)) if (v) sp.set(k, v);
  return sp;
}
