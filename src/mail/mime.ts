import { randomBytes } from 'node:crypto';
import type { OutgoingMessage } from './transport.ts';

/**
 * Composes the RFC 5322 message ourselves: multipart/alternative, both parts UTF-8 in base64
 * (safe for any line length and any server, no 8BITMIME needed). Handing nodemailer a finished
 * message skips its streaming MIME builder, which was the largest CPU cost per email.
 * Header values are single lines by construction (CR/LF removed) and non-ASCII ones are
 * RFC 2047 encoded, so nothing a template or a name contains can add a header.
 */
export function composeMessage(
  message: OutgoingMessage,
  date: Date,
): { raw: string; envelope: { from: string; to: string[] } } {
  const from = parseMailbox(message.from);
  const boundary = `=_beckon_${randomBytes(12).toString('hex')}`;
  const headers: Array<[string, string]> = [
    ['From', from.name ? `${encodePhrase(from.name)} <${from.address}>` : from.address],
    ['To', oneLine(message.to)],
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
  const part = (type: string, body: string) =>
    `--${boundary}\r\nContent-Type: ${type}; charset=utf-8\r\nContent-Transfer-Encoding: base64\r\n\r\n${base64Lines(body)}\r\n`;
  const raw = `${headers.map(([k, v]) => `${k}: ${v}`).join('\r\n')}\r\n\r\n${part('text/plain', message.text)}${part('text/html', message.html)}--${boundary}--\r\n`;
  return { raw, envelope: { from: from.address, to: [oneLine(message.to)] } };
}

const oneLine = (s: string) => s.replace(/[\r\n\u2028\u2029]+/g, ' ').trim();
const needsEncoding = (s: string) => /[^\x20-\x7e]/.test(s);

function base64Lines(body: string): string {
  // Canonical form: CRLF line breaks inside text parts.
  const b64 = Buffer.from(body.replace(/\r?\n/g, '\r\n'), 'utf8').toString('base64');
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

/** "Name <addr@host>" or "addr@host". */
export function parseMailbox(value: string): { name: string | null; address: string } {
  const m = /^\s*(.*?)\s*<([^<>\s]+)>\s*$/.exec(value);
  if (m) return { name: m[1]!.replace(/^"(.*)"$/, '$1') || null, address: m[2]! };
  return { name: null, address: value.trim() };
}
