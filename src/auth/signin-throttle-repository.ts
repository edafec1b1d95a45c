import type { Executor } from '../db/types.ts';

export interface ThrottleChange {
  failures?: number;
  window_started_at?: Date;
  pauses?: number;
  paused_until?: Date | null;
  device_failures?: number;
  notified_at?: Date;
}

export const signinThrottleRepository = {
  /** The address's row, created empty if missing, locked until the caller's transaction ends. */
  async lock(trx: Executor, addressHash: string, now: Date) {
    await trx
      .insertInto('signin_throttles')
      .values({ address_hash: addressHash, window_started_at: now, updated_at: now })
      .onConflict((oc) => oc.column('address_hash').doNothing())
      .execute();
    return trx
      .selectFrom('signin_throttles')
      .selectAll()
      .where('address_hash', '=', addressHash)
      .forUpdate()
      .executeTakeFirstOrThrow();
  },

  /** The address's row if it has one, locked until the caller's transaction ends. */
  lockIfExists(trx: Executor, addressHash: string) {
    return trx
      .selectFrom('signin_throttles')
      .selectAll()
      .where('address_hash', '=', addressHash)
      .forUpdate()
      .executeTakeFirst();
  },

  update(trx: Executor, addressHash: string, change: ThrottleChange, now: Date) {
    return trx
      .updateTable('signin_throttles')
      .set({ ...change, updated_at: now })
      .where('address_hash', '=', addressHash)
      .execute();
  },

  countDeviceFailure(db: Executor, addressHash: string, now: Date) {
    return db
      .updateTable('signin_throttles')
      .set((eb) => ({ device_failures: eb('device_failures', '+', 1), updated_at: now }))
      .where('address_hash', '=', addressHash)
      .execute();
  },

  delete(db: Executor, addressHash: string) {
    return db.deleteFrom('signin_throttles').where('address_hash', '=', addressHash).execute();
  },

  /** Rows nobody has tried for a while: their windows, pauses and notices are all over. */
  deleteIdle(db: Executor, before: Date) {
    return db.deleteFrom('signin_throttles').where('updated_at', '<', before).execute();
  },
};
