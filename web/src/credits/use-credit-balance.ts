import type { Static } from 'typebox';
import type { CreditBalance as CreditBalanceSchema } from '../../../src/credits/schemas.ts';
import { useQuery } from '../data/use-query.ts';

/** Whether credits are on and what is left, as the server presents it. */
export type CreditBalance = Static<typeof CreditBalanceSchema>;

/** The organization's credit balance (null while loading, or when the person may not read it). */
export function useCreditBalance(orgId: string): { credits: CreditBalance | null; reload: () => void } {
  const { data, error, reload } = useQuery<CreditBalance>(`/orgs/${orgId}/credits/balance`);
  return { credits: error ? null : (data ?? null), reload };
}

/** How many of `wanted` invitations the balance allows (all when credits are off or unknown). */
export function allowedBy(credits: CreditBalance | null, wanted: number): number {
  return credits?.enabled ? Math.min(wanted, Math.max(0, credits.balance)) : wanted;
}
