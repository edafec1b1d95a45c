import { Type } from 'typebox';
import { Nullable, Timestamp } from '../http/schemas.ts';
import { ROLES } from '../invitations/schemas.ts';
import { MAX_URIS } from './uris.ts';

const Uri = Type.String({ maxLength: 2000 });
const Uris = Type.Array(Uri, { maxItems: MAX_URIS });
const Access = Type.Union([Type.Literal('all'), Type.Literal('restricted')], {
  description:
    'all: every active member; restricted: members holding one of allowedRoles or in one of allowedGroupIds',
});
const Roles = Type.Array(Type.Union(ROLES.map((r) => Type.Literal(r))), { maxItems: ROLES.length });
const GroupIds = Type.Array(Type.String({ maxLength: 36 }), { maxItems: 100 });

export const App = Type.Object({
  id: Type.String(),
  name: Type.String(),
  kind: Type.Union([Type.Literal('web'), Type.Literal('native')]),
  clientId: Type.String(),
  redirectUris: Type.Array(Type.String()),
  postLogoutRedirectUris: Type.Array(Type.String()),
  launchUrl: Nullable(Type.String()),
  access: Access,
  allowedRoles: Type.Array(Type.String()),
  allowedGroupIds: Type.Array(Type.String()),
  origins: Type.Array(Type.String(), { description: 'Origins of the redirect, logout and launch URLs' }),
  disabled: Type.Boolean(),
  disabledAt: Nullable(Timestamp),
  secretRotatedAt: Nullable(Timestamp),
  createdAt: Timestamp,
  updatedAt: Timestamp,
});

export const AppWithSecret = Type.Intersect([
  App,
  Type.Object({
    clientSecret: Nullable(
      Type.String({ description: 'Shown once; only a keyed hash is kept. Null for native apps.' }),
    ),
  }),
]);

export const CreateApp = Type.Object(
  {
    name: Type.String({ maxLength: 200 }),
    kind: Type.Union([Type.Literal('web'), Type.Literal('native')], {
      description:
        'web: server-side app with a client secret; native: browser or mobile app, PKCE without a secret',
    }),
    redirectUris: Uris,
    postLogoutRedirectUris: Type.Optional(Uris),
    launchUrl: Type.Optional(Nullable(Uri)),
    access: Type.Optional(Access),
    allowedRoles: Type.Optional(Roles),
    allowedGroupIds: Type.Optional(GroupIds),
  },
  { additionalProperties: false },
);

export const UpdateApp = Type.Object(
  {
    name: Type.Optional(Type.String({ maxLength: 200 })),
    redirectUris: Type.Optional(Uris),
    postLogoutRedirectUris: Type.Optional(Uris),
    launchUrl: Type.Optional(Nullable(Uri)),
    access: Type.Optional(Access),
    allowedRoles: Type.Optional(Roles),
    allowedGroupIds: Type.Optional(GroupIds),
    disabled: Type.Optional(
      Type.Boolean({ description: 'A disabled app signs nobody in; its grants are revoked' }),
    ),
  },
  { additionalProperties: false },
);

export const AppEvents = Type.Object({
  items: Type.Array(
    Type.Object({
      type: Type.String(),
      actor: Type.Object({ type: Type.String(), name: Nullable(Type.String()) }),
      detail: Type.Unknown(),
      at: Timestamp,
    }),
  ),
});
