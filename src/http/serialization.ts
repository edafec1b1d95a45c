import { SerializerSelector } from '@fastify/fast-json-stringify-compiler';
import { compileCache } from './compile-cache.ts';

type Serializer = (data: unknown) => string;
type SerializerFactory = ReturnType<typeof SerializerSelector>;

const serializers = compileCache<Serializer>();

/**
 * Fastify's response serializer compiler, remembering what it compiled: compiling a response
 * schema (fast-json-stringify) is a fifth of starting an app. The key holds the shared schemas and
 * options too, as they change what a route's schema compiles to.
 */
export const buildSerializer: SerializerFactory = (externalSchemas, serializerOptions) => {
  const compile = SerializerSelector()(externalSchemas, serializerOptions);
  const shared = JSON.stringify([externalSchemas ?? {}, serializerOptions ?? {}]);
  return (route) =>
    serializers(`${shared}\n${JSON.stringify(route.schema)}`, () => compile(route) as Serializer);
};
