import type { FastifyInstance, FastifyRequest } from 'fastify';

async function bodyOrEmpty(request: FastifyRequest): Promise<void> {
  if (request.body == null) request.body = {};
}

/**
 * A request sent with no body at all (`curl -X POST`) reads as `{}` on routes that take a JSON
 * object: an action whose fields are all optional works without one, and one with required fields
 * answers naming the first it lacks. Routes added after this call are covered.
 */
export function readMissingBodyAsEmpty(app: FastifyInstance): void {
  app.addHook('onRoute', (route) => {
    const body = route.schema?.body as { type?: unknown } | undefined;
    if (body?.type !== 'object') return;
    const hooks = route.preValidation === undefined ? [] : [route.preValidation].flat();
    route.preValidation = [bodyOrEmpty, ...hooks];
  });
}
