import { useQuery } from '../data/use-query.ts';
import { errorText } from '../ui/error-text.ts';
import type { Activity, Attention, Figures, Funnel, Range } from './types.ts';

export interface OverviewData {
  figures: Figures | null;
  activity: Activity | null;
  funnel: Funnel | null;
  attention: Attention | null;
  error: string | null;
  reload: () => void;
}

/** The overview's four calls; the range moves the charts only. */
export function useOverview(orgId: string, range: Range): OverviewData {
  const base = `/orgs/${orgId}/overview`;
  const figures = useQuery<Figures>(`${base}/figures`);
  const attention = useQuery<Attention>(`${base}/attention`);
  const activity = useQuery<Activity>(`${base}/activity?days=${range}`);
  const funnel = useQuery<Funnel>(`${base}/funnel?days=${range}`);
  const all = [figures, attention, activity, funnel];
  const failed = all.find((q) => q.error)?.error;
  return {
    figures: figures.data ?? null,
    activity: activity.data ?? null,
    funnel: funnel.data ?? null,
    attention: attention.data ?? null,
    error: failed ? errorText(failed) : null,
    reload: () => {
      for (const q of all) q.reload();
    },
  };
}
