import { type TSchema, Type } from 'typebox';

export const ErrorResponse = Type.Object(
  {
    error: Type.Object(
      { code: Type.String(), message: Type.String(), field: Type.Optional(Type.String()) },
      { additionalProperties: true },
    ),
  },
  { $id: 'ErrorResponse', description: 'Every error: a stable code and a sentence for people.' },
);

export const OrgParams = Type.Object({ org: Type.String({ description: 'Organization id' }) });
export const OrgIdParams = Type.Object({ org: Type.String(), id: Type.String() });

/** Standard error answers to list in OpenAPI for a route. */
export function errors(...statuses: number[]): Record<number, TSchema> {
  return Object.fromEntries(statuses.map((s) => [s, Type.Ref('ErrorResponse')]));
}

export const Timestamp = Type.String({ format: 'date-time' });
export const Nullable = <T extends TSchema>(schema: T) => Type.Union([schema, Type.Null()]);
