import nodemailer from 'nodemailer';
import { composeMessage } from './mime.ts';

/** An address with its display name: nodemailer's Address shape, composed without string concatenation. */
export interface MailAddress {
  name: string;
  address: string;
}

/** An image the HTML shows as `cid:<cid>` (the organization's logo), carried inside the message. */
export interface InlineImage {
  cid: string;
  filename: string;
  contentType: string;
  content: Buffer;
}

export interface OutgoingMessage {
  from: MailAddress;
  replyTo?: MailAddress;
  to: string;
  subject: string;
  html: string;
  text: string;
  messageId: string;
  headers?: Record<string, string>;
  inlineImages?: InlineImage[];
}

export interface SendResult {
  /** The server's answer, e.g. "250 2.0.0 OK queued". */
  response: string;
}

/** Where email goes. SMTP in production; the outbox (nothing leaves) when SMTP_URL is unset. */
export interface MailTransport {
  readonly kind: 'smtp' | 'outbox';
  send(message: OutgoingMessage): Promise<SendResult>;
  close(): Promise<void>;
}

/** The error a transport throws, classified so the worker knows whether to retry. */
export class DeliveryError extends Error {
  readonly permanent: boolean;
  readonly response: string;
  constructor(message: string, permanent: boolean, response: string) {
    super(message);
    this.permanent = permanent;
    this.response = response;
  }
}

/** 5xx answers are permanent; 4xx, timeouts and refused connections are worth retrying. */
export function classifySmtpError(error: unknown): DeliveryError {
  const e = error as { responseCode?: number; response?: string; code?: string; message?: string };
  const response = e.response ?? e.message ?? String(error);
  const permanent = typeof e.responseCode === 'number' && e.responseCode >= 500 && e.responseCode < 600;
  return new DeliveryError(e.message ?? 'delivery failed', permanent, response.slice(0, 1000));
}

/**
 * Pooled SMTP, every message DKIM-signed when a key is given (nodemailer signs the finished
 * message as it streams out). SMTP_URL may carry `?max_connections=N` (default 8: the worker sends a batch in
 * parallel) and `?ignore_tls=true` / `?tls_reject_unauthorized=false` for local servers.
 */
export function createSmtpTransport(
  smtpUrl: string,
  options: {
    maxConnections?: number;
    dkim?: { domainName: string; keySelector: string; privateKey: string };
  } = {},
): MailTransport {
  const url = new URL(smtpUrl);
  const fromUrl = Number(url.searchParams.get('max_connections'));
  const transporter = nodemailer.createTransport({
    pool: true,
    host: url.hostname,
    port: Number(url.port || (url.protocol === 'smtps:' ? 465 : 587)),
    secure: url.protocol === 'smtps:',
    auth: url.username
      ? { user: decodeURIComponent(url.username), pass: decodeURIComponent(url.password) }
      : undefined,
    maxConnections:
      options.maxConnections ?? (Number.isInteger(fromUrl) && fromUrl > 0 ? Math.min(fromUrl, 100) : 8),
    maxMessages: 1000,
    connectionTimeout: 10_000,
    greetingTimeout: 10_000,
    socketTimeout: 30_000,
    // Loopback/dev servers often lack certificates; STARTTLS is still used when offered.
    tls: { rejectUnauthorized: url.searchParams.get('tls_reject_unauthorized') !== 'false' },
    ignoreTLS: url.searchParams.get('ignore_tls') === 'true',
    ...(options.dkim
      ? {
          dkim: {
            domainName: options.dkim.domainName,
            keySelector: options.dkim.keySelector,
            privateKey: options.dkim.privateKey,
          },
        }
      : {}),
  });
  return {
    kind: 'smtp',
    async send(message) {
      try {
        const { raw, envelope } = composeMessage(message, new Date());
        const info = await transporter.sendMail({
          envelope,
          raw,
          messageId: message.messageId,
          disableFileAccess: true,
          disableUrlAccess: true,
        });
        return { response: info.response ?? '250 OK' };
      } catch (error) {
        throw classifySmtpError(error);
      }
    },
    async close() {
      transporter.close();
    },
  };
}

/** Keeps mail in the database only; the console's mailbox shows it. */
export function createOutboxTransport(): MailTransport {
  return {
    kind: 'outbox',
    async send() {
      return { response: 'captured in the outbox (SMTP_URL is not set)' };
    },
    async close() {},
  };
}
