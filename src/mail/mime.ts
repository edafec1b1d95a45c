import { randomBytes } from 'node:crypto';
import { domainToASCII } from 'node:url';
import type { MailAddress, OutgoingMessage } from './transport.ts';

/**
 * Composes the RFC 5322 message ourselves: multipart/alternative, both parts UTF-8 in base64
 * (safe for any line length and any server, no 8BITMIME needed). Handing nodemailer a finished
 * message skips its streaming MIME builder, which was the largest CPU cost per email.
 * Addresses arrive as objects ({name, address}, nodemailer's shape), never as strings to parse:
 * a display name is encoded as a phrase (quoted, or RFC 2047 words) with CR/LF removed, and an
 * address that is not a plain mailbox is refused, so nothing an organization or person is named
 * can add a header or a recipient. Inline images (the organization's logo) make the HTML part a
 * multipart/related with the image beside it, referenced as `cid:`.
 */
export function composeMessage(
  message: OutgoingMessage,
  date: Date,
): { raw: string; envelope: { from: string; to: string[] } } {
  const from = mailbox(message.from);
  const to = asciiAddress(oneLine(message.to));
  const boundary = `=_beckon_${randomBytes(12).toString('hex')}`;
  const headers: Array<[string, string]> = [
    ['From', formatAddress(from)],
    ...(message.replyTo ? [['Reply-To', formatAddress(mailbox(message.replyTo))] as [string, string]] : []),
    ['To', to],
    ['Subject', encodeText(message.subject)],
    ['Date', date.toUTCString().replace(/GMT$/, '+0000')],
    ['Message-ID', oneLine(message.messageId)],
    ['MIME-Version', '1.0'],
    ...Object.entries(message.headers ?? {}).map(([k, v]): [string, string] => [
      k.replace(/[^A-Za-z0-9-]/g, ''),
      encodeText(v),
    ]),
    ['Content-Type', `multipart/alternative; boundary="${boundary}"`],
  ];
  const part = (b: string, type: string, body: string) =>
    `--${b}\r\nContent-Type: ${type}; charset=utf-8\r\nContent-Transfer-Encoding: base64\r\n\r\n${base64Lines(textBytes(body))}\r\n`;
  let htmlPart = part(boundary, 'text/html', message.html);
  const inline = message.inlineImages ?? [];
  if (inline.length) {
    const related = `=_beckon_rel_${randomBytes(12).toString('hex')}`;
    const images = inline
      .map((img) => {
        const type = /^image\/(png|jpeg)$/.test(img.contentType)
          ? img.contentType
          : 'application/octet-stream';
        const cid = img.cid.replace(/[^A-Za-z0-9.@_-]/g, '');
        const name = img.filename.replace(/[^A-Za-z0-9._-]/g, '') || 'image';
        return `--${related}\r\nContent-Type: ${type}; name="${name}"\r\nContent-Transfer-Encoding: base64\r\nContent-ID: <${cid}>\r\nContent-Disposition: inline; filename="${name}"\r\n\r\n${base64Lines(img.content)}\r\n`;
      })
      .join('');
    htmlPart = `--${boundary}\r\nContent-Type: multipart/related; type="text/html"; boundary="${related}"\r\n\r\n${part(related, 'text/html', message.html)}${images}--${related}--\r\n`;
  }
  const raw = `${headers.map(([k, v]) => `${k}: ${v}`).join('\r\n')}\r\n\r\n${part(boundary, 'text/plain', message.text)}${htmlPart}--${boundary}--\r\n`;
  return { raw, envelope: { from: from.address, to: [to] } };
}

const oneLine = (s: string) => s.replace(/[\r\n\u2028\u2029]+/g, ' ').trim();
const needsEncoding = (s: string) => /[^\x20-\x7e]/.test(s);

/** A plain mailbox: no spaces, brackets, quotes, separators or line breaks. */
const PLAIN_ADDRESS = /^[^\s<>()[\]",;:\\@]+@[^\s<>()[\]",;:\\@]+$/;

export function isPlainAddress(address: string): boolean {
  return PLAIN_ADDRESS.test(address) && address.length <= 320;
}

/**
 * An address as headers and SMTP carry it: an internationalised domain in its ASCII form
 * (user@bücher.de goes out as user@xn--bcher-kva.de), which every server accepts.
 */
export function asciiAddress(address: string): string {
  const at = address.lastIndexOf('@');
  if (at < 0) return address;
  const ascii = domainToASCII(address.slice(at + 1));
  return ascii ? `${address.slice(0, at)}@${ascii}` : address;
}

function mailbox(value: MailAddress): MailAddress {
  if (!isPlainAddress(value.address))
    throw new Error(`not a plain email address: ${JSON.stringify(value.address)}`);
  return { name: oneLine(value.name ?? ''), address: asciiAddress(value.address) };
}

function formatAddress(value: MailAddress): string {
  return value.name ? `${encodePhrase(value.name)} <${value.address}>` : value.address;
}

function textBytes(body: string): Buffer {
  // Canonical form: CRLF line breaks inside text parts.
  return Buffer.from(body.replace(/\r?\n/g, '\r\n'), 'utf8');
}

function base64Lines(bytes: Buffer): string {
  const b64 = bytes.toString('base64');
  const lines: string[] = [];
  for (let i = 0; i < b64.length; i += 76) lines.push(b64.slice(i, i + 76));
  return lines.join('\r\n');
}

/** RFC 2047 encoded-words of at most ~45 input bytes each, split on character boundaries. */
function encodeWords(value: string): string {
  const words: string[] = [];
  let chunk = '';
  for (const ch of value) {
    if (Buffer.byteLength(chunk + ch) > 45) {
      words.push(chunk);
      chunk = '';
    }
    chunk += ch;
  }
  if (chunk) words.push(chunk);
  return words.map((w) => `=?UTF-8?B?${Buffer.from(w, 'utf8').toString('base64')}?=`).join('\r\n ');
}

function encodeText(value: string): string {
  const v = oneLine(value);
  return needsEncoding(v) ? encodeWords(v) : v;
}

function encodePhrase(name: string): string {
  const v = oneLine(name);
  if (needsEncoding(v)) return encodeWords(v);
  return /^[A-Za-z0-9 !#$%&'*+\-/=?^_`{|}~]*$/.test(v) ? v : `"${v.replace(/["\\]/g, '\\$&')}"`;
}

/** "Name <addr@host>" or "addr@host" (MAIL_FROM, read once at start). */
export function parseMailbox(value: string): MailAddress {
  const m = /^\s*(.*?)\s*<([^<>\s]+)>\s*$/.exec(value);
  if (m) return { name: m[1]!.replace(/^"(.*)"$/, '$1'), address: m[2]! };
  return { name: '', address: value.trim() };
}
