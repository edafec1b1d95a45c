import { Type } from 'typebox';
import { Nullable, Timestamp } from '../http/schemas.ts';

export const ApiKeyDto = Type.Object({
  id: Type.String(),
  name: Type.String(),
  prefix: Type.String({ description: 'The first characters of the key, to recognise it.' }),
  createdAt: Timestamp,
  lastUsedAt: Nullable(Timestamp),
  revokedAt: Nullable(Timestamp),
  createdBy: Nullable(Type.String({ description: 'Name of the person who created the key.' })),
});

export const CreatedApiKey = Type.Object({
  id: Type.String(),
  key: Type.String({ description: 'The secret: shown once, never again.' }),
  name: Type.String(),
  prefix: Type.String(),
  createdAt: Timestamp,
});

export const ApiKeyList = Type.Object({ items: Type.Array(ApiKeyDto) });

export const CreateApiKeyBody = Type.Object(
  { name: Type.String({ minLength: 1, maxLength: 100 }) },
  { additionalProperties: false },
);
