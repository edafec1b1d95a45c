import { Type } from 'typebox';

export const WebhookEndpoint = Type.Object({
  id: Type.String(),
  url: Type.String(),
  events: Type.Array(Type.String()),
  enabled: Type.Boolean(),
  lastDeliveryAt: Type.Union([Type.String(), Type.Null()]),
  lastStatus: Type.Union([Type.String(), Type.Null()]),
  createdAt: Type.String(),
});
export const WebhookDelivery = Type.Object({
  id: Type.String(),
  deliveryId: Type.String({
    description: 'The X-Beckon-Delivery header; the same for retries and redeliveries',
  }),
  event: Type.String(),
  status: Type.Union([Type.Literal('pending'), Type.Literal('delivered'), Type.Literal('failed')]),
  attempts: Type.Integer(),
  responseStatus: Type.Union([Type.String(), Type.Null()], {
    description: 'The HTTP status code, or "could not deliver" when no receiver answered',
  }),
  responseBody: Type.Union([Type.String(), Type.Null()], {
    description: "The start of the receiver's answer (at most 1,000 bytes)",
  }),
  durationMs: Type.Union([Type.Integer(), Type.Null()]),
  createdAt: Type.String(),
  lastAttemptAt: Type.Union([Type.String(), Type.Null()]),
});
export const WebhookList = Type.Object({
  items: Type.Array(WebhookEndpoint),
  events: Type.Array(Type.String()),
});
export const DeliveryPage = Type.Object({
  items: Type.Array(WebhookDelivery),
  nextBefore: Type.Union([Type.String(), Type.Null()]),
});
export const WebhookWithSecret = Type.Intersect([WebhookEndpoint, Type.Object({ secret: Type.String() })]);
