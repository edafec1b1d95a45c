import type { FastifyBaseLogger } from 'fastify';
import type { Config } from '../config/config.ts';
import type { Db } from '../db/types.ts';
import type { JobQueue } from '../jobs/queue.ts';
import type { MailTransport } from '../mail/transport.ts';
import type { InvitationLinkSigner, TokenSource } from '../security/tokens.ts';
import type { Clock } from './clock.ts';
import type { HostLookup } from './host-lookup.ts';

/**
 * Everything with a side effect, passed in: tests swap the clock, the mail transport, the
 * token source and name resolution without touching the database.
 */
export interface Deps {
  config: Config;
  db: Db;
  dbKind: 'pglite' | 'postgres';
  clock: Clock;
  tokens: TokenSource;
  links: InvitationLinkSigner;
  queue: JobQueue;
  mail: MailTransport;
  log: FastifyBaseLogger;
  /** Name resolution for outgoing webhooks. */
  hostLookup: HostLookup;
}
