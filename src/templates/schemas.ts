import { Type } from 'typebox';
import { Nullable, Timestamp } from '../http/schemas.ts';
import { LocaleSchema } from '../i18n/schemas.ts';

export const KindSchema = Type.Union(
  (
    [
      'invitation',
      'reminder',
      'join_verification',
      'account_ready',
      'added_to_organization',
      'password_reset',
    ] as const
  ).map((k) => Type.Literal(k)),
  { description: 'Email kind' },
);

// Source limits are checked by the service with clear messages; these only stop absurd bodies early.
const Subject = Type.String({ maxLength: 2000, description: 'Liquid; rendered on one line' });
const Body = (what: string) =>
  Type.String({ maxLength: 200_000, description: `${what} body in Liquid (at most 50 KB)` });

export const TemplateSchema = Type.Object(
  {
    id: Type.String(),
    kind: Type.String(),
    locale: LocaleSchema,
    name: Type.String(),
    subject: Type.String(),
    html: Type.String(),
    text: Type.String(),
    isDefault: Type.Boolean({
      description:
        "The organization's template for this kind and language; without one, the built-in template in that language is used",
    }),
    createdAt: Timestamp,
    updatedAt: Timestamp,
    updatedBy: Nullable(Type.Object({ id: Type.String(), name: Type.String() })),
  },
  { $id: 'EmailTemplate' },
);

const TemplateLocale = Type.Optional(
  Type.Union(LocaleSchema.anyOf, {
    description: "The language it is written in (default: the organization's default language)",
  }),
);

export const CreateTemplateBody = Type.Object(
  {
    kind: KindSchema,
    locale: TemplateLocale,
    name: Type.String({ maxLength: 200 }),
    subject: Subject,
    html: Body('HTML'),
    text: Body('Plain-text'),
    isDefault: Type.Optional(Type.Boolean()),
  },
  { additionalProperties: false },
);

export const UpdateTemplateBody = Type.Object(
  {
    name: Type.Optional(Type.String({ maxLength: 200 })),
    subject: Type.Optional(Subject),
    html: Type.Optional(Body('HTML')),
    text: Type.Optional(Body('Plain-text')),
    isDefault: Type.Optional(Type.Boolean()),
  },
  { additionalProperties: false },
);

export const PreviewBody = Type.Object(
  {
    kind: KindSchema,
    locale: Type.Optional(
      Type.Union(LocaleSchema.anyOf, {
        description: "Render in this language (default: the organization's default language)",
      }),
    ),
    subject: Subject,
    html: Body('HTML'),
    text: Body('Plain-text'),
  },
  { additionalProperties: false },
);

export const ListQuery = Type.Object(
  {
    locale: Type.Optional(
      Type.Union(LocaleSchema.anyOf, { description: 'Only the templates in this language' }),
    ),
  },
  { additionalProperties: false },
);

export const DefaultsQuery = Type.Object(
  {
    locale: Type.Optional(
      Type.Union(LocaleSchema.anyOf, { description: 'The built-in templates in this language (default en)' }),
    ),
  },
  { additionalProperties: false },
);
export const Rendered = Type.Object({ subject: Type.String(), html: Type.String(), text: Type.String() });

export const VariableDocSchema = Type.Object({
  name: Type.String(),
  description: Type.String(),
  example: Type.Union([Type.String(), Type.Boolean(), Type.Null()]),
});

export const DefaultsResponse = Type.Object({
  locale: LocaleSchema,
  items: Type.Array(
    Type.Object({
      kind: Type.String(),
      label: Type.String(),
      subject: Type.String(),
      html: Type.String(),
      text: Type.String(),
      variables: Type.Array(VariableDocSchema),
    }),
  ),
  limits: Type.Object({ bodyBytes: Type.Integer(), subjectChars: Type.Integer(), renderMs: Type.Integer() }),
});
