import { sql } from 'kysely';
import type { Executor } from '../db/types.ts';

/** The queries behind the health and metrics endpoints: cheap, and across every organization. */
export const opsRepository = {
  async ping(db: Executor): Promise<void> {
    await sql`SELECT 1`.execute(db);
  },

  invitationCountsByStatus(db: Executor) {
    return db
      .selectFrom('invitations')
      .select(['status', (eb) => eb.fn.countAll<number>().as('n')])
      .groupBy('status')
      .execute();
  },
};
