import client from 'prom-client';

/** One registry per process; counters are incremented where the thing happens. */
export const registry = new client.Registry();
client.collectDefaultMetrics({ register: registry, prefix: 'beckon_' });

export const emailsSent = new client.Counter({
  name: 'beckon_emails_sent_total',
  help: 'Emails accepted by the mail server (or captured in the outbox)',
  labelNames: ['kind'] as const,
  registers: [registry],
});
export const emailsFailed = new client.Counter({
  name: 'beckon_emails_failed_total',
  help: 'Email send attempts that failed',
  labelNames: ['kind', 'permanent'] as const,
  registers: [registry],
});
export const httpDuration = new client.Histogram({
  name: 'beckon_http_request_duration_seconds',
  help: 'HTTP request duration',
  labelNames: ['method', 'route', 'status'] as const,
  buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5],
  registers: [registry],
});
