import { type Static, Type } from 'typebox';
import { Nullable, Timestamp } from '../http/schemas.ts';

export const AccentColor = Type.String({
  maxLength: 7,
  description: 'A hex colour ("#1d4ed8" or "#15f"), used for buttons and links in emails and invitee pages.',
});

export const LogoInfo = Type.Object({
  url: Type.String({ description: 'Where Beckon serves it (public, cached by version)' }),
  contentType: Type.Union([Type.Literal('image/png'), Type.Literal('image/jpeg')]),
  width: Type.Integer(),
  height: Type.Integer(),
  bytes: Type.Integer(),
  updatedAt: Timestamp,
});

export const Branding = Type.Object({
  accentColor: Nullable(AccentColor),
  replyToInviter: Type.Boolean({
    description: "Invitation emails carry Reply-To: the inviter's address (when a person invited).",
  }),
  logo: Nullable(LogoInfo),
  sender: Type.String({
    description:
      'The display name the organization\'s emails come from, e.g. "Northwind Academy via Beckon".',
  }),
});
export type BrandingDto = Static<typeof Branding>;

export const BrandingPatch = Type.Object(
  {
    accentColor: Type.Optional(Nullable(AccentColor)),
    replyToInviter: Type.Optional(Type.Boolean()),
  },
  { additionalProperties: false },
);
export type BrandingPatchDto = Static<typeof BrandingPatch>;

/** The look an invitee page applies (Beckon extension of the public invitation answer). */
export const PublicLookSchema = Type.Object({
  logoUrl: Nullable(Type.String()),
  accentColor: Type.String(),
  accentTextColor: Type.String(),
});
