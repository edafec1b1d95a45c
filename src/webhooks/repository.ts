import type { Selectable } from 'kysely';
import type { Executor, WebhookDeliveriesTable } from '../db/types.ts';

export interface WebhookEndpointRow {
  id: string;
  org_id: string;
  url: string;
  events: string[];
  enabled: boolean;
  last_delivery_at: Date | null;
  last_status: string | null;
  secret_version: number;
  created_at: Date;
  updated_at: Date;
}

export type WebhookDeliveryRow = Selectable<WebhookDeliveriesTable>;

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

  /** A new secret: the version is part of its derivation. */
  rotateSecret(db: Executor, orgId: string, id: string, at: Date) {
    return db
      .updateTable('webhook_endpoints')
      .set((eb) => ({ secret_version: eb('secret_version', '+', 1), updated_at: at }))
      .where('org_id', '=', orgId)
      .where('id', '=', id)
      .returningAll()
      .executeTakeFirstOrThrow();
  },

  /** One try of a delivery: the first creates its row, later ones (retries, redeliveries) count up. */
  recordAttempt(
    db: Executor,
    d: {
      endpoint_id: string;
      delivery_id: string;
      event: string;
      payload: Record<string, unknown>;
      status: 'delivered' | 'failed';
      response_status: string;
      response_body: string | null;
      duration_ms: number;
      at: Date;
    },
  ) {
    const { at, ...row } = d;
    return db
      .insertInto('webhook_deliveries')
      .values({
        ...row,
        payload: JSON.stringify(row.payload),
        attempts: 1,
        created_at: at,
        last_attempt_at: at,
      })
      .onConflict((oc) =>
        oc.columns(['endpoint_id', 'delivery_id']).doUpdateSet((eb) => ({
          attempts: eb('webhook_deliveries.attempts', '+', 1),
          status: eb.ref('excluded.status'),
          response_status: eb.ref('excluded.response_status'),
          response_body: eb.ref('excluded.response_body'),
          duration_ms: eb.ref('excluded.duration_ms'),
          last_attempt_at: eb.ref('excluded.last_attempt_at'),
        })),
      )
      .execute();
  },
  /** Newest first; `before` is the id of the last one of the previous page. */
  deliveries(db: Executor, endpointId: string, limit: number, before?: string) {
    let q = db
      .selectFrom('webhook_deliveries')
      .selectAll()
      .where('endpoint_id', '=', endpointId)
      .orderBy('id', 'desc')
      .limit(limit);
    if (before) q = q.where('id', '<', before);
    return q.execute();
  },
  findDelivery(db: Executor, endpointId: string, id: string) {
    return db
      .selectFrom('webhook_deliveries')
      .selectAll()
      .where('endpoint_id', '=', endpointId)
      .where('id', '=', id)
      .executeTakeFirst();
  },
  markPending(db: Executor, id: string) {
    return db.updateTable('webhook_deliveries').set({ status: 'pending' }).where('id', '=', id).execute();
  },
  /** Deliveries are kept for a while only: the console shows recent ones. */
  pruneDeliveries(db: Executor, endpointId: string, before: Date) {
    return db
      .deleteFrom('webhook_deliveries')
      .where('endpoint_id', '=', endpointId)
      .where('created_at', '<', before)
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
        'i.metadata',
        'i.app_id as appId',
        'i.return_path as returnPath',
        'i.accepted_user_id as acceptedUserId',
      ])
      .orderBy('webhook_outbox.event_id')
      .limit(limit)
      .forUpdate('webhook_outbox')
      .skipLocked()
      .execute();
  },
  /** Names of the apps a batch of events names (deleted apps are simply missing). */
  apps(db: Executor, ids: string[]) {
    if (ids.length === 0) return Promise.resolve([]);
    return db.selectFrom('apps').select(['id', 'org_id', 'name']).where('id', 'in', ids).execute();
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
