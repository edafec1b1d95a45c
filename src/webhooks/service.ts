import { createHmac } from 'node:crypto';
import { auditEntry, changedFields } from '../audit/changes.ts';
import { auditRepository as audit } from '../audit/repository.ts';
import type { Actor } from '../auth/permissions.ts';
import type { Executor } from '../db/types.ts';
import type { Deps } from '../shared/deps.ts';
import { badRequest, conflict, notFound } from '../shared/errors.ts';
import { isUuid } from '../shared/ids.ts';
import { WEBHOOK_EVENT_OF, WEBHOOK_EVENTS } from './events.ts';
import { pinnedPost } from './pinned-post.ts';
import { webhookRepository as repo, type WebhookDeliveryRow, type WebhookEndpointRow } from './repository.ts';
import { isAllowListed, isInternalHost, RefusedTarget, resolveTarget } from './target.ts';

const FANOUT_BATCH = 500;
const DELIVERY_TIMEOUT_MS = 10_000;
/** Deliveries older than this are pruned; the console shows recent ones. */
const DELIVERY_RETENTION_MS = 30 * 86_400_000;
const DELIVERIES_PAGE = 50;
/**
 * What the administrator sees when no receiver answered, whatever the reason (refused by policy,
 * connection refused, unreachable, timed out, TLS): telling them apart would map the network
 * around Beckon. The reason is logged for the operator.
 */
export const UNDELIVERED_STATUS = 'could not deliver';

/**
 * A receiver's address as the audit log shows it: scheme and host only, since receivers often
 * carry a token in the path or query.
 */
function auditedUrl(raw: string): string {
  const url = new URL(raw);
  return url.pathname === '/' && !url.search ? url.origin : `${url.origin}/…`;
}

export interface WebhookJob {
  endpointId: string;
  deliveryId: string;
  event: string;
  payload: Record<string, unknown>;
}

/**
 * Outgoing webhooks. Signing secrets are derived from SECRET_KEY and the endpoint id, so none is
 * stored. Payloads describe the invitation and never carry a link token.
 */
export function createWebhookService(
  deps: Pick<Deps, 'db' | 'clock' | 'config' | 'queue' | 'log' | 'hostLookup'>,
) {
  /** Version 0 is the secret an endpoint starts with; each rotation moves to the next version. */
  const secretFor = (endpoint: Pick<WebhookEndpointRow, 'id' | 'secret_version'>) =>
    'whsec_' +
    createHmac('sha256', deps.config.secretKey)
      .update(
        endpoint.secret_version
          ? `webhook:${endpoint.id}:${endpoint.secret_version}`
          : `webhook:${endpoint.id}`,
      )
      .digest('base64url');

  function present(row: WebhookEndpointRow) {
    return {
      id: row.id,
      url: row.url,
      events: row.events.length ? row.events : WEBHOOK_EVENTS,
      enabled: row.enabled,
      lastDeliveryAt: row.last_delivery_at?.toISOString() ?? null,
      lastStatus: row.last_status,
      createdAt: row.created_at.toISOString(),
    };
  }

  function checkUrl(raw: string): string {
    let url: URL;
    try {
      url = new URL(raw);
    } catch {
      throw badRequest('invalid_url', '"url" must be an absolute http(s) URL.', { field: 'url' });
    }
    if (!['http:', 'https:'].includes(url.protocol))
      throw badRequest('invalid_url', '"url" must use http or https.', { field: 'url' });
    if (deps.config.nodeEnv === 'production' && url.protocol !== 'https:') {
      throw badRequest('invalid_url', '"url" must use https in production.', { field: 'url' });
    }
    if (url.username || url.password)
      throw badRequest('invalid_url', '"url" must not contain credentials.', { field: 'url' });
    if (!isAllowListed(url, deps.config.webhookAllowedHosts) && isInternalHost(url)) {
      throw badRequest(
        'internal_url',
        '"url" must be a public address: private, loopback, link-local and other internal hosts are refused.',
        { field: 'url' },
      );
    }
    return url.toString();
  }

  function checkEvents(events: string[] | undefined): string[] {
    const unknown = (events ?? []).find((e) => !WEBHOOK_EVENTS.includes(e));
    if (unknown)
      throw badRequest('unknown_event', `Unknown event "${unknown}". Known: ${WEBHOOK_EVENTS.join(', ')}.`, {
        field: 'events',
      });
    return [...new Set(events ?? [])];
  }

  function presentDelivery(d: WebhookDeliveryRow) {
    return {
      id: String(d.id),
      deliveryId: d.delivery_id,
      event: d.event,
      status: d.status,
      attempts: d.attempts,
      responseStatus: d.response_status,
      responseBody: d.response_body,
      durationMs: d.duration_ms,
      createdAt: d.created_at.toISOString(),
      lastAttemptAt: d.last_attempt_at?.toISOString() ?? null,
    };
  }

  async function load(orgId: string, id: string, db: Executor = deps.db) {
    const row = isUuid(id) ? await repo.find(db, orgId, id) : undefined;
    if (!row) throw notFound('Webhook');
    return row;
  }

  /** Signature header: t=<unix seconds>,v1=<hex HMAC-SHA256(secret, "<t>.<body>")>. */
  function sign(secret: string, body: string, at: Date): string {
    const t = Math.floor(at.getTime() / 1000);
    return `t=${t},v1=${createHmac('sha256', secret).update(`${t}.${body}`).digest('hex')}`;
  }

  return {
    secretFor,
    sign,

    async list(orgId: string) {
      return { items: (await repo.list(deps.db, orgId)).map(present), events: WEBHOOK_EVENTS };
    },

    async create(actor: Actor, input: { url: string; events?: string[] }) {
      const url = checkUrl(input.url);
      const events = checkEvents(input.events);
      const row = await deps.db.transaction().execute(async (trx) => {
        const now = deps.clock.now();
        const inserted = await repo.insert(trx, { org_id: actor.orgId, url, events, now });
        await audit.record(trx, [
          auditEntry(
            actor,
            now,
            'webhook.created',
            { type: 'webhook', id: inserted.id, label: auditedUrl(url) },
            { url: { from: null, to: auditedUrl(url) }, events: { from: null, to: events } },
          ),
        ]);
        return inserted;
      });
      return { ...present(row), secret: secretFor(row) };
    },

    async get(orgId: string, id: string) {
      return present(await load(orgId, id));
    },

    /** Showing the signing secret is recorded (without the secret): whoever saw it could sign. */
    async revealSecret(actor: Actor, id: string) {
      const row = await deps.db.transaction().execute(async (trx) => {
        const found = await load(actor.orgId, id, trx);
        await audit.record(trx, [
          auditEntry(actor, deps.clock.now(), 'webhook.secret_revealed', {
            type: 'webhook',
            id,
            label: auditedUrl(found.url),
          }),
        ]);
        return found;
      });
      return { secret: secretFor(row) };
    },

    /** A new signing secret; the old one stops at once (deliveries are signed when they are sent). */
    async rotateSecret(actor: Actor, id: string) {
      const row = await deps.db.transaction().execute(async (trx) => {
        const before = await load(actor.orgId, id, trx);
        const now = deps.clock.now();
        const rotated = await repo.rotateSecret(trx, actor.orgId, id, now);
        await audit.record(trx, [
          auditEntry(actor, now, 'webhook.secret_rotated', {
            type: 'webhook',
            id,
            label: auditedUrl(before.url),
          }),
        ]);
        return rotated;
      });
      return { ...present(row), secret: secretFor(row) };
    },

    async deliveries(orgId: string, id: string, before?: string) {
      const endpoint = await load(orgId, id);
      if (before !== undefined && !/^\d{1,18}$/.test(before))
        throw badRequest('invalid_cursor', '"before" must be a delivery id.', { field: 'before' });
      const rows = await repo.deliveries(deps.db, endpoint.id, DELIVERIES_PAGE + 1, before);
      const page = rows.slice(0, DELIVERIES_PAGE);
      return {
        items: page.map(presentDelivery),
        nextBefore: rows.length > DELIVERIES_PAGE ? String(page[page.length - 1]!.id) : null,
      };
    },

    /** Sends one delivery again, with the same id and payload, signed with the current secret. */
    async redeliver(actor: Actor, id: string, deliveryId: string) {
      const endpoint = await load(actor.orgId, id);
      const delivery = /^\d{1,18}$/.test(deliveryId)
        ? await repo.findDelivery(deps.db, endpoint.id, deliveryId)
        : undefined;
      if (!delivery) throw notFound('Delivery');
      if (!endpoint.enabled)
        throw conflict('endpoint_disabled', 'This endpoint is disabled: enable it to send deliveries again.');
      const payload = (
        typeof delivery.payload === 'string' ? JSON.parse(delivery.payload) : delivery.payload
      ) as Record<string, unknown>;
      await deps.db.transaction().execute(async (trx) => {
        await repo.markPending(trx, delivery.id);
        const job: WebhookJob = {
          endpointId: endpoint.id,
          deliveryId: delivery.delivery_id,
          event: delivery.event,
          payload,
        };
        await deps.queue.enqueue(trx, 'webhook.deliver', job);
        await audit.record(trx, [
          auditEntry(
            actor,
            deps.clock.now(),
            'webhook.redelivered',
            { type: 'webhook', id, label: auditedUrl(endpoint.url) },
            { deliveryId: delivery.delivery_id, event: delivery.event },
          ),
        ]);
      });
      return presentDelivery({ ...delivery, status: 'pending' });
    },

    async update(actor: Actor, id: string, input: { url?: string; events?: string[]; enabled?: boolean }) {
      const url = input.url === undefined ? undefined : checkUrl(input.url);
      const events = input.events === undefined ? undefined : checkEvents(input.events);
      const row = await deps.db.transaction().execute(async (trx) => {
        const before = await load(actor.orgId, id, trx);
        const now = deps.clock.now();
        const after = await repo.update(trx, actor.orgId, id, {
          url,
          events,
          enabled: input.enabled,
          updated_at: now,
        });
        const changes = changedFields(
          { url: auditedUrl(before.url), events: before.events, enabled: before.enabled },
          {
            // A new address on the same host still counts as a change of address.
            url: url === undefined || url === before.url ? undefined : auditedUrl(url),
            events,
            enabled: input.enabled,
          },
        );
        if (url !== undefined && url !== before.url && changes && !changes.url)
          changes.url = { from: auditedUrl(before.url), to: auditedUrl(url) };
        if (changes)
          await audit.record(trx, [
            auditEntry(
              actor,
              now,
              'webhook.changed',
              { type: 'webhook', id, label: auditedUrl(after!.url) },
              changes,
            ),
          ]);
        return after;
      });
      return present(row!);
    },

    async remove(actor: Actor, id: string) {
      await deps.db.transaction().execute(async (trx) => {
        const row = await load(actor.orgId, id, trx);
        await repo.delete(trx, actor.orgId, id);
        await audit.record(trx, [
          auditEntry(actor, deps.clock.now(), 'webhook.deleted', {
            type: 'webhook',
            id,
            label: auditedUrl(row.url),
          }),
        ]);
      });
    },

    /** Turns waiting history events into one delivery job per subscribed endpoint. */
    async fanout(): Promise<number> {
      let total = 0;
      for (;;) {
        const n = await deps.db.transaction().execute(async (trx) => {
          const events = await repo.claimBatch(trx, FANOUT_BATCH);
          if (events.length === 0) return 0;
          const endpoints = await repo.endpointsFor(trx, [...new Set(events.map((e) => e.orgId))]);
          const appIds = [...new Set(events.map((e) => e.appId).filter((id): id is string => Boolean(id)))];
          const apps = new Map((await repo.apps(trx, appIds)).map((a) => [a.id, a]));
          for (const e of events) {
            const name = WEBHOOK_EVENT_OF[e.type];
            if (!name) continue;
            const app = e.appId ? apps.get(e.appId) : undefined;
            // The person, once they accepted. `sub` is what the app's OpenID Connect sign-in sees:
            // the provider's account id, which is the user id (src/oidc/claims.ts).
            const accepted = name === 'invitation.accepted' && e.acceptedUserId;
            for (const ep of endpoints) {
              if (ep.org_id !== e.orgId || (ep.events.length > 0 && !ep.events.includes(name))) continue;
              const job: WebhookJob = {
                endpointId: ep.id,
                deliveryId: `${e.eventId}-${ep.id.slice(0, 8)}`,
                event: name,
                payload: {
                  id: String(e.eventId),
                  type: name,
                  createdAt: new Date(e.at).toISOString(),
                  data: {
                    invitation: {
                      id: e.invitationId,
                      email: e.email,
                      status: e.status,
                      role: e.role,
                      groupIds: e.groupIds,
                      delivery: { status: e.deliveryStatus, detail: e.deliveryDetail },
                      metadata: e.metadata ?? null,
                      app: app && app.org_id === e.orgId ? { id: app.id, name: app.name } : null,
                      returnPath: e.returnPath,
                    },
                    ...(accepted ? { user: { id: e.acceptedUserId, sub: e.acceptedUserId } } : {}),
                    actor: { type: e.actorType, name: e.actorName },
                    historyEvent: e.type,
                  },
                },
              };
              await deps.queue.enqueue(trx, 'webhook.deliver', job);
            }
          }
          await repo.release(
            trx,
            events.map((e) => String(e.eventId)),
          );
          return events.length;
        });
        total += n;
        if (n < FANOUT_BATCH) return total;
      }
    },

    /** Job: one POST; anything but 2xx throws so pg-boss retries with backoff. */
    async deliver(job: WebhookJob): Promise<void> {
      const endpoint = await repo.findById(deps.db, job.endpointId);
      if (!endpoint?.enabled) return;
      const body = JSON.stringify(job.payload);
      const now = deps.clock.now();
      const url = new URL(endpoint.url);
      let code: number | undefined;
      let answer: string | null = null;
      const started = performance.now();
      try {
        const target = await resolveTarget(url, deps.config.webhookAllowedHosts, deps.hostLookup);
        ({ status: code, body: answer } = await pinnedPost(
          url,
          target,
          {
            'content-type': 'application/json',
            'user-agent': 'Beckon-Webhooks/1',
            'x-beckon-event': job.event,
            'x-beckon-delivery': job.deliveryId,
            'x-beckon-signature': sign(secretFor(endpoint), body, now),
          },
          body,
          DELIVERY_TIMEOUT_MS,
        ));
      } catch (error) {
        deps.log.warn(
          {
            endpointId: endpoint.id,
            host: url.host,
            reason: error instanceof RefusedTarget ? 'refused by policy' : 'no answer',
            err: error,
          },
          'webhook not delivered',
        );
      }
      const status = code === undefined ? UNDELIVERED_STATUS : `${code}`;
      const delivered = code !== undefined && code >= 200 && code < 300;
      await repo.recordDelivery(deps.db, endpoint.id, status, now);
      await repo.recordAttempt(deps.db, {
        endpoint_id: endpoint.id,
        delivery_id: job.deliveryId,
        event: job.event,
        payload: job.payload,
        status: delivered ? 'delivered' : 'failed',
        response_status: status,
        response_body: answer,
        duration_ms: Math.round(performance.now() - started),
        at: now,
      });
      await repo.pruneDeliveries(deps.db, endpoint.id, new Date(now.getTime() - DELIVERY_RETENTION_MS));
      if (delivered) return;
      throw new Error(`webhook delivery to endpoint ${endpoint.id} failed: ${status}`);
    },
  };
}

export type WebhookService = ReturnType<typeof createWebhookService>;
