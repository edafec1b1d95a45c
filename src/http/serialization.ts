import { SerializerSelector } from '@fastify/fast-json-stringify-compiler';

type Serializer = (data: unknown) => string;
type SerializerFactory = ReturnType<typeof SerializerSelector>;

/** Compiled response serializers, by the shared schemas and the route's schema as JSON text. */
const compiled = new Map<string, Serializer>();

/**
 * Fastify's response serializer compiler, remembering what it compiled: compiling a response
 * schema (fast-json-stringify) is a fifth of starting an app, and every app this process starts
 * (a test file's own, or a restart) has the same schemas. The key is the schemas' JSON, so two
 * equal schemas built apart share one serializer.
 */
export const buildSerializer: SerializerFactory = (externalSchemas, serializerOptions) => {
  const compile = SerializerSelector()(externalSchemas, serializerOptions);
  const shared = JSON.stringify([externalSchemas ?? {}, serializerOptions ?? {}]);
  return (route) => {
    const key = `${shared}\n${JSON.stringify(route.schema)}`;
    let serializer = compiled.get(key);
    if (!serializer) {
      serializer = compile(route) as Serializer;
      compiled.set(key, serializer);
    }
    return serializer;
  };
};
