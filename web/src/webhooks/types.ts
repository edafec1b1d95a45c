import type { Static } from 'typebox';
import type {
  WebhookDelivery as DeliverySchema,
  WebhookEndpoint as EndpointSchema,
  WebhookList as ListSchema,
} from '../../../src/webhooks/schemas.ts';

/** As the server presents them: the types of its own response schemas. */
export type WebhookEndpoint = Static<typeof EndpointSchema>;
export type WebhookDelivery = Static<typeof DeliverySchema>;
export type WebhookList = Static<typeof ListSchema>;
