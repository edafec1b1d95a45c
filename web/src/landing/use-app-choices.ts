import { useQuery } from '../data/use-query.ts';
import type { AppChoice } from './types.ts';

const NONE: AppChoice[] = [];

/** The organization's enabled apps, for inviters; none when the list cannot be read. */
export function useAppChoices(orgId: string): AppChoice[] {
  const { data, error } = useQuery<{ items: AppChoice[] }>(`/orgs/${orgId}/invitations/apps`);
  return (!error && data?.items) || NONE;
}
