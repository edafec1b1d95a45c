import type { FastifyInstance } from 'fastify';

export interface RegisteredRoute {
  method: string;
  /** Fastify's path: `:name` parameters, `*` wildcards. */
  path: string;
}

declare module 'fastify' {
  interface FastifyInstance {
    /** Every (method, path) registered so far, in registration order, plugin prefixes included. */
    registeredRoutes(): RegisteredRoute[];
  }
}

/**
 * Records each route as it is added, so tests can reach every route without a list that goes
 * stale (`printRoutes` draws a tree that loses the prefix of some wildcard routes). Register
 * before any route.
 */
export function recordRoutes(app: FastifyInstance): void {
  const routes: RegisteredRoute[] = [];
  app.addHook('onRoute', (route) => {
    for (const method of [route.method].flat()) routes.push({ method, path: route.url });
  });
  app.decorate('registeredRoutes', () => [...routes]);
}
