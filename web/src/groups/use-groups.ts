import type { Group } from '../api.ts';
import { useQuery } from '../data/use-query.ts';

const NONE: Group[] = [];

/** The organization's groups: null while loading, none when they cannot be read. */
export function useGroups(orgId: string) {
  const { data, error, reload } = useQuery<{ items: Group[] }>(`/orgs/${orgId}/groups`);
  const groups = error ? NONE : (data?.items ?? null);
  return { groups, reload };
}
