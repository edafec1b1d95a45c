import type { Trx } from '../db/types.ts';
import { forgetApp } from './provider.ts';
import { oidcRepository } from './repository.ts';

/** An app's secret rotated, or the app disabled or deleted: its grants, codes and tokens go at once. */
export async function revokeAppGrants(trx: Trx, clientId: string): Promise<void> {
  await oidcRepository.revokeClient(trx, clientId);
}

/** Any other change (redirect URIs, access rules): this process stops using its cached copy. */
export function appChanged(clientId: string): void {
  forgetApp(clientId);
}
