import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import fastifyStatic from '@fastify/static';
import type { App } from './http/types.ts';

/** Serves the built console and invitee pages; unknown non-API GETs get the single-page app. */
export async function registerWebApp(app: App, dir: string): Promise<void> {
  const index = readFileSync(join(dir, 'index.html'), 'utf8');
  await app.register(fastifyStatic, { root: dir, prefix: '/', wildcard: false, index: false });
  const sendIndex = (_req: unknown, reply: import('fastify').FastifyReply) =>
    reply
      .header('cache-control', 'no-cache')
      .header('x-frame-options', 'DENY')
      .header('referrer-policy', 'no-referrer')
      .type('text/html')
      .send(index);
  app.get('/', { schema: { hide: true } }, sendIndex);
  app.get('/*', { schema: { hide: true } }, (request, reply) => {
    if (request.url.startsWith('/api/') || /\.[a-z0-9]+$/i.test(request.url.split('?')[0]!)) {
      return reply.status(404).send({ error: { code: 'not_found', message: 'Not found.' } });
    }
    return sendIndex(request, reply);
  });
}
