import type { Db } from '../db/types.ts';
import { opsRepository } from './repository.ts';

/** What the health and metrics endpoints ask of the database. */
export function createOpsService(db: Db) {
  return {
    /** Resolves when the database answers; throws while it is unreachable. */
    ping: () => opsRepository.ping(db),
    invitationCountsByStatus: () => opsRepository.invitationCountsByStatus(db),
  };
}
