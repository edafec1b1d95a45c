import type { Executor } from '../db/types.ts';

export interface WebhookEndpointRow {
  id: string;
  org_id: string;
  url: string;
  events: string[];
  enabled: boolean;
  last_delivery_at: Date | null;
  last_status: string | null;
  created_at: Date;
  updated_at: Date;
}

export const webhookRepository = {
  list(db: Executor, orgId: string) {
    return db
      .selectFrom('webhook_endpoints')
      .selectAll()
      .where('org_id', '=', orgId)
      .orderBy('created_at')
      .execute();
  },
  find(db: Executor, orgId: string, id: string) {
    return db
      .selectFrom('webhook_endpoints')
      .selectAll()
      .where('org_id', '=', orgId)
      .where('id', '=', id)
      .executeTakeFirst();
  },
  findById(db: Executor, id: string) {
    return db.selectFrom('webhook_endpoints').selectAll().where('id', '=', id).executeTakeFirst();
  },
  insert(db: Executor, row: { org_id: string; url: string; events: string[]; now: Date }) {
    return db
      .insertInto('webhook_endpoints')
      .values({
        org_id: row.org_id,
        url: row.url,
        events: row.events,
        created_at: row.now,
        updated_at: row.now,
      })
      .returningAll()
      .executeTakeFirstOrThrow();
  },
  update(
    db: Executor,
    orgId: string,
    id: string,
    patch: { url?: string; events?: string[]; enabled?: boolean; updated_at: Date },
  ) {
    return db
      .updateTable('webhook_endpoints')
      .set(patch)
      .where('org_id', '=', orgId)
      .where('id', '=', id)
      .returningAll()
      .executeTakeFirst();
  },
  delete(db: Executor, orgId: string, id: string) {
    return db
      .deleteFrom('webhook_endpoints')
      .where('org_id', '=', orgId)
      .where('id', '=', id)
      .executeTakeFirst();
  },
  recordDelivery(db: Executor, id: string, status: string, at: Date) {
    return db
      .updateTable('webhook_endpoints')
      .set({ last_delivery_at: at, last_status: status.slice(0, 300) })
      .where('id', '=', id)
      .execute();
  },

  /** Takes a batch of waiting events (skipping ones another worker holds) with what the payload needs. */
  claimBatch(db: Executor, limit: number) {
    return db
      .selectFrom('webhook_outbox')
      .innerJoin('invitation_events as e', 'e.id', 'webhook_outbox.event_id')
      .innerJoin('invitations as i', 'i.id', 'e.invitation_id')
      .select([
        'e.id as eventId',
        'e.org_id as orgId',
        'e.type',
        'e.at',
        'e.actor_type as actorType',
        'e.actor_name as actorName',
        'i.id as invitationId',
        'i.email',
        'i.status',
        'i.role',
        'i.group_ids as groupIds',
        'i.delivery_status as deliveryStatus',
        'i.delivery_detail as deliveryDetail',
      ])
      .orderBy('webhook_outbox.event_id')
      .limit(limit)
      .forUpdate('webhook_outbox')
      .skipLocked()
      .execute();
  },
  endpointsFor(db: Executor, orgIds: string[]) {
    if (orgIds.length === 0) return Promise.resolve([]);
    return db
      .selectFrom('webhook_endpoints')
      .select(['id', 'org_id', 'events'])
      .where('org_id', 'in', orgIds)
      .where('enabled', '=', true)
      .execute();
  },
  release(db: Executor, eventIds: string[]) {
    if (eventIds.length === 0) return Promise.resolve();
    return db
      .deleteFrom('webhook_outbox')
      .where('event_id', 'in', eventIds)
      .execute()
      .then(() => undefined);
  },
};
