import type { Services } from '../services.ts';
import type { PgBossQueue } from './queue.ts';

/** Every job handler, registered on worker processes (BECKON_ROLE=all or worker). */
export async function registerWorkers(_queue: PgBossQueue, _services: Services): Promise<void> {}
