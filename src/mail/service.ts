import { createHmac } from 'node:crypto';
import type { Actor } from '../auth/permissions.ts';
import { logoUrl } from '../branding/look.ts';
import { brandingRepository } from '../branding/repository.ts';
import type { EmailStatus } from '../db/types.ts';
import { safeEqual } from '../security/tokens.ts';
import { decodeCursor, encodeCursor } from '../shared/cursor.ts';
import type { Deps } from '../shared/deps.ts';
import { AppError, badRequest, forbidden, notFound, unauthorized } from '../shared/errors.ts';
import { isUuid } from '../shared/ids.ts';
import { SYSTEM_ACTORS } from '../shared/system-actors.ts';
import { fillLink, linkFor, redactLink } from './links.ts';
import { logoForViewing, usesLogo } from './logo.ts';
import { parseMailbox } from './mime.ts';
import { type OutboxRow, type OutboxRowWithBody, mailRepository as repo } from './repository.ts';

export const EMAIL_STATUSES: EmailStatus[] = ['queued', 'sending', 'sent', 'captured', 'failed', 'cancelled'];

export interface OutboxItem {
  id: string;
  kind: string;
  to: string;
  subject: string;
  status: EmailStatus;
  attempts: number;
  lastResponse: string | null;
  createdAt: string;
  sentAt: string | null;
  bouncedAt: string | null;
  invitationId: string | null;
}

export interface OutboxDetail extends OutboxItem {
  html: string;
  text: string;
}

export interface MailboxItem extends OutboxDetail {
  link: string;
  from: string;
  replyTo: string | null;
}

export interface BounceReport {
  messageId: string;
  recipient?: string;
  reason: string;
  type?: 'hard' | 'soft';
}

function present(row: OutboxRow): OutboxItem {
  return {
    id: row.id,
    kind: row.kind,
    to: row.to_address,
    subject: row.subject,
    status: row.status,
    attempts: row.attempts,
    lastResponse: row.last_response,
    createdAt: new Date(row.created_at).toISOString(),
    sentAt: row.sent_at ? new Date(row.sent_at).toISOString() : null,
    bouncedAt: row.bounced_at ? new Date(row.bounced_at).toISOString() : null,
    invitationId: row.invitation_id,
  };
}

/** The outbox shows bodies with the link replaced by a label: never a token. */
function presentRedacted(row: OutboxRowWithBody): OutboxDetail {
  return { ...present(row), html: redactLink(row.html, row), text: redactLink(row.text, row) };
}

function parseStatuses(raw: string | undefined): EmailStatus[] | undefined {
  if (!raw) return undefined;
  const statuses = raw
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
  for (const s of statuses) {
    if (!EMAIL_STATUSES.includes(s as EmailStatus)) {
      throw badRequest('invalid_status', `Unknown status "${s}". Use ${EMAIL_STATUSES.join(', ')}.`, {
        field: 'status',
      });
    }
  }
  return statuses as EmailStatus[];
}

/**
 * The organization-wide outbox shows every recipient, so managers (whose reach stops at the
 * groups they manage) see emails only through the invitations they can open.
 */
function requireWholeOrg(actor: Actor): void {
  if (actor.role === 'manager')
    throw forbidden('Managers see emails through the invitations of their groups.');
}

/** Computes the signature the bounce webhook expects: hex HMAC-SHA256 of the raw body. */
export function bounceSignature(secret: string, rawBody: string | Buffer): string {
  return createHmac('sha256', secret).update(rawBody).digest('hex');
}

export function createMailService(deps: Deps) {
  const mailFrom = parseMailbox(deps.config.mailFrom);
  const { db, clock } = deps;

  /** Bodies with the organization's logo shown from its address (see logoForViewing): one read, when used. */
  async function viewable<T extends { html: string }>(orgId: string, items: T[]): Promise<T[]> {
    if (!items.some((item) => usesLogo(item.html))) return items;
    const [version] = await brandingRepository.logoVersions(db, [orgId]);
    const logo = version
      ? {
          address: logoUrl(deps.config.appUrl, orgId, version.sha256),
          width: version.width,
          height: version.height,
        }
      : null;
    return items.map((item) => ({ ...item, html: logoForViewing(item.html, logo) }));
  }

  async function page(
    actor: Actor,
    query: { limit?: number; cursor?: string; status?: string },
    statuses?: EmailStatus[],
  ) {
    const limit = query.limit ?? 50;
    const rows = await repo.list(db, {
      orgId: actor.orgId,
      statuses: statuses ?? parseStatuses(query.status),
      limit: limit + 1,
      cursor: query.cursor ? decodeCursor(query.cursor) : undefined,
    });
    const more = rows.length > limit;
    const items = rows.slice(0, limit);
    return { items, nextCursor: more ? encodeCursor(items[items.length - 1]!) : null };
  }

  return {
    get mailboxEnabled(): boolean {
      return deps.mail.kind === 'outbox';
    },

    async list(actor: Actor, query: { limit?: number; cursor?: string; status?: string }) {
      requireWholeOrg(actor);
      const { items, nextCursor } = await page(actor, query);
      return { items: items.map(present), nextCursor };
    },

    async get(actor: Actor, id: string): Promise<OutboxDetail> {
      requireWholeOrg(actor);
      if (!isUuid(id)) throw notFound('Email');
      const row = await repo.findWithBody(db, actor.orgId, id);
      if (!row) throw notFound('Email');
      const [detail] = await viewable(actor.orgId, [presentRedacted(row)]);
      return detail!;
    },

    /** The emails of one invitation, newest first, for its detail page. */
    async forInvitation(actor: Actor, invitationId: string): Promise<{ items: OutboxDetail[] }> {
      if (!isUuid(invitationId)) throw notFound('Invitation');
      const inv = await repo.findInvitation(db, actor.orgId, invitationId);
      const inScope =
        actor.role !== 'manager' ||
        (inv && inv.group_ids.length > 0 && inv.group_ids.every((g) => actor.managedGroupIds.includes(g)));
      if (!inv || !inScope) throw notFound('Invitation');
      const rows = await repo.listWithBodies(db, { orgId: actor.orgId, invitationId, limit: 200 });
      return { items: await viewable(actor.orgId, rows.map(presentRedacted)) };
    },

    /**
     * Outbox mode only (no SMTP_URL): the captured emails as their recipient would have got them,
     * links filled in (each email's own link, so an older one shows the "replaced" page).
     */
    async mailbox(
      actor: Actor,
      query: { q?: string; limit?: number; cursor?: string },
    ): Promise<{ items: MailboxItem[]; nextCursor: string | null }> {
      if (deps.mail.kind !== 'outbox') {
        throw new AppError(
          404,
          'mailbox_disabled',
          'The mailbox exists only when SMTP_URL is unset: emails are then kept here instead of sent.',
        );
      }
      requireWholeOrg(actor);
      const limit = query.limit ?? 50;
      const rows = await repo.listWithBodies(db, {
        orgId: actor.orgId,
        statuses: ['captured'],
        to: query.q?.trim().toLowerCase() || undefined,
        limit: limit + 1,
        cursor: query.cursor ? decodeCursor(query.cursor) : undefined,
      });
      const more = rows.length > limit;
      const items = rows.slice(0, limit).map((row) => {
        const link = linkFor(deps, row);
        return {
          ...present(row),
          from: `${row.from_name ?? mailFrom.name} <${mailFrom.address}>`.trim(),
          replyTo: row.reply_to_address
            ? row.reply_to_name
              ? `${row.reply_to_name} <${row.reply_to_address}>`
              : row.reply_to_address
            : null,
          html: fillLink(row.html, link),
          text: fillLink(row.text, link),
          link,
        };
      });
      return {
        items: await viewable(actor.orgId, items),
        nextCursor: more ? encodeCursor(rows[limit - 1]!) : null,
      };
    },

    /** Verifies the provider's signature over the raw body; throws 404/401/400 as the contract says. */
    verifyBounce(rawBody: Buffer | string, signatureHeader: string | string[] | undefined): BounceReport {
      const secret = deps.config.bounceWebhookSecret;
      if (!secret)
        throw new AppError(
          404,
          'webhook_disabled',
          'The bounce webhook is off: set BOUNCE_WEBHOOK_SECRET to turn it on.',
        );
      const sent = (Array.isArray(signatureHeader) ? signatureHeader[0] : signatureHeader)
        ?.trim()
        .replace(/^sha256=/i, '')
        .toLowerCase();
      if (!sent || !safeEqual(sent, bounceSignature(secret, rawBody))) {
        throw unauthorized(
          'Missing or wrong X-Beckon-Signature (hex HMAC-SHA256 of the raw body with the webhook secret).',
        );
      }
      let body: unknown;
      try {
        body = JSON.parse(Buffer.isBuffer(rawBody) ? rawBody.toString('utf8') : rawBody);
      } catch {
        throw badRequest('invalid_json', 'The body is not valid JSON.');
      }
      const b = body as Record<string, unknown>;
      if (!b || typeof b !== 'object' || Array.isArray(b))
        throw badRequest('bad_request', 'The body must be a JSON object.');
      if (typeof b.messageId !== 'string' || !b.messageId.trim() || b.messageId.length > 998) {
        throw badRequest(
          'invalid_message_id',
          '"messageId" is required: the Message-ID of the email that bounced.',
          { field: 'messageId' },
        );
      }
      if (typeof b.reason !== 'string' || !b.reason.trim()) {
        throw badRequest('invalid_reason', '"reason" is required: what the receiving server said.', {
          field: 'reason',
        });
      }
      if (b.type !== undefined && b.type !== 'hard' && b.type !== 'soft') {
        throw badRequest('invalid_type', '"type" must be "hard" or "soft".', { field: 'type' });
      }
      if (b.recipient !== undefined && typeof b.recipient !== 'string') {
        throw badRequest('invalid_recipient', '"recipient" must be a string.', { field: 'recipient' });
      }
      return {
        messageId: b.messageId.trim(),
        reason: b.reason.trim().slice(0, 1000),
        ...(b.type ? { type: b.type as 'hard' | 'soft' } : {}),
        ...(b.recipient ? { recipient: String(b.recipient).slice(0, 320) } : {}),
      };
    },

    /** Marks the email and its invitation bounced (idempotent: a repeated report changes nothing). */
    async recordBounce(report: BounceReport): Promise<{ matched: boolean; duplicate: boolean }> {
      const id = report.messageId.startsWith('<') ? report.messageId : `<${report.messageId}>`;
      const email = await repo.findByMessageId(db, id);
      if (!email) return { matched: false, duplicate: false };
      const now = clock.now();
      const detail = `${report.type === 'soft' ? 'soft bounce' : 'bounced'}: ${report.reason}`;
      const fresh = await db.transaction().execute(async (trx) => {
        if (!(await repo.markBounced(trx, email.id, detail, now))) return false;
        if (email.invitation_id && email.org_id) {
          await repo.setInvitationDelivery(
            trx,
            [{ invitationId: email.invitation_id, linkVersion: null, detail }],
            'bounced',
          );
          await repo.addSystemEvent(trx, {
            orgId: email.org_id,
            invitationId: email.invitation_id,
            type: 'bounced',
            detail: {
              reason: report.reason,
              type: report.type ?? 'hard',
              recipient: report.recipient ?? email.to_address,
              emailId: email.id,
            },
            at: now,
            actorName: SYSTEM_ACTORS.mail_provider,
          });
        }
        return true;
      });
      return { matched: true, duplicate: !fresh };
    },
  };
}

export type MailService = ReturnType<typeof createMailService>;
