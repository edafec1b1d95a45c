import client from 'prom-client';
import type { App } from '../http/types.ts';
import type { Services } from '../services.ts';
import { registry } from './metrics.ts';

export async function opsRoutes(app: App, services: Services) {
  const { ops } = services;

  // Gauges read the database at scrape time so every process reports the same truth.
  const invitationsByStatus = new client.Gauge({
    name: 'beckon_invitations',
    help: 'Invitations by status',
    labelNames: ['status'] as const,
    registers: [],
  });
  const queueDepth = new client.Gauge({
    name: 'beckon_queue_depth',
    help: 'Jobs waiting or running',
    labelNames: ['queue'] as const,
    registers: [],
  });
  const ownRegistry = new client.Registry();
  ownRegistry.registerMetric(invitationsByStatus);
  ownRegistry.registerMetric(queueDepth);

  app.get('/healthz', { schema: { hide: true } }, async () => ({ status: 'ok' }));

  app.get('/readyz', { schema: { hide: true } }, async (_request, reply) => {
    try {
      await ops.ping();
      return { status: 'ready' };
    } catch {
      return reply.status(503).send({
        status: 'unavailable',
        error: { code: 'database_unreachable', message: 'The database is not reachable.' },
      });
    }
  });

  app.get('/metrics', { schema: { hide: true } }, async (_request, reply) => {
    const rows = await ops.invitationCountsByStatus();
    invitationsByStatus.reset();
    for (const r of rows) invitationsByStatus.set({ status: r.status }, Number(r.n));
    queueDepth.reset();
    if ('depth' in services.queue) {
      const depth = await (services.queue as { depth(): Promise<Record<string, number>> })
        .depth()
        .catch(() => ({}));
      for (const [queue, n] of Object.entries(depth)) queueDepth.set({ queue }, n);
    }
    const body = (await registry.metrics()) + (await ownRegistry.metrics());
    return reply.type(registry.contentType).send(body);
  });
}
