import { createHmac } from 'node:crypto';
import { isUuid } from '../http/authenticate.ts';
import { badRequest, notFound } from '../http/errors.ts';
import type { Deps } from '../shared/deps.ts';
import { WEBHOOK_EVENT_OF, WEBHOOK_EVENTS } from './events.ts';
import { pinnedPost } from './pinned-post.ts';
import { webhookRepository as repo, type WebhookEndpointRow } from './repository.ts';
import { isAllowListed, isInternalHost, RefusedTarget, resolveTarget } from './target.ts';

const FANOUT_BATCH = 500;
const DELIVERY_TIMEOUT_MS = 10_000;
/**
 * What the administrator sees when no receiver answered, whatever the reason (refused by policy,
 * connection refused, unreachable, timed out, TLS): telling them apart would map the network
 * around Beckon. The reason is logged for the operator.
 */
export const UNDELIVERED_STATUS = 'could not deliver';

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
  const secretFor = (endpointId: string) =>
    'whsec_' +
    createHmac('sha256', deps.config.secretKey).update(`webhook:${endpointId}`).digest('base64url');

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

  async function load(orgId: string, id: string) {
    const row = isUuid(id) ? await repo.find(deps.db, orgId, id) : undefined;
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

    async create(orgId: string, input: { url: string; events?: string[] }) {
      const row = await repo.insert(deps.db, {
        org_id: orgId,
        url: checkUrl(input.url),
        events: checkEvents(input.events),
        now: deps.clock.now(),
      });
      return { ...present(row), secret: secretFor(row.id) };
    },

    async get(orgId: string, id: string) {
      return present(await load(orgId, id));
    },

    async revealSecret(orgId: string, id: string) {
      await load(orgId, id);
      return { secret: secretFor(id) };
    },

    async update(orgId: string, id: string, input: { url?: string; events?: string[]; enabled?: boolean }) {
      await load(orgId, id);
      const row = await repo.update(deps.db, orgId, id, {
        url: input.url === undefined ? undefined : checkUrl(input.url),
        events: input.events === undefined ? undefined : checkEvents(input.events),
        enabled: input.enabled,
        updated_at: deps.clock.now(),
      });
      return present(row!);
    },

    async remove(orgId: string, id: string) {
      await load(orgId, id);
      await repo.delete(deps.db, orgId, id);
    },

    /** Turns waiting history events into one delivery job per subscribed endpoint. */
    async fanout(): Promise<number> {
      let total = 0;
      for (;;) {
        const n = await deps.db.transaction().execute(async (trx) => {
          const events = await repo.claimBatch(trx, FANOUT_BATCH);
          if (events.length === 0) return 0;
          const endpoints = await repo.endpointsFor(trx, [...new Set(events.map((e) => e.orgId))]);
          for (const e of events) {
            const name = WEBHOOK_EVENT_OF[e.type];
            if (!name) continue;
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
                    },
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
      try {
        const target = await resolveTarget(url, deps.config.webhookAllowedHosts, deps.hostLookup);
        code = await pinnedPost(
          url,
          target,
          {
            'content-type': 'application/json',
            'user-agent': 'Beckon-Webhooks/1',
            'x-beckon-event': job.event,
            'x-beckon-delivery': job.deliveryId,
            'x-beckon-signature': sign(secretFor(endpoint.id), body, now),
          },
          body,
          DELIVERY_TIMEOUT_MS,
        );
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
      await repo.recordDelivery(deps.db, endpoint.id, status, now);
      if (code !== undefined && code >= 200 && code < 300) return;
      throw new Error(`webhook delivery to endpoint ${endpoint.id} failed: ${status}`);
    },
  };
}

export type WebhookService = ReturnType<typeof createWebhookService>;
