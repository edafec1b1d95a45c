import { domainToASCII, domainToUnicode } from 'node:url';
import { badRequest } from './errors.ts';

// Control characters (CR, LF, NUL…) would let a value break out of an email header.
// biome-ignore lint/suspicious/noControlCharactersInRegex: matching control characters is the point
const CONTROL = /[\u0000-\u001f\u007f\u2028\u2029]/;

// Embeddings, overrides and isolates reorder the text after them: "\u202egnp.exe" shows as "exe.png".
const DIRECTION_CONTROL = /[\u202a-\u202e\u2066-\u2069]/;
// Nothing visible: spaces, and format characters such as zero-width spaces and joiners.
const INVISIBLE = /[\p{Cf}\p{Z}]/gu;

/**
 * Trims a person's, group's or organization's name; refuses one with nothing visible in it, an
 * overlong one, control characters and text-direction controls.
 */
export function cleanName(value: string, field: string, max = 100): string {
  const name = value.normalize('NFC').trim().replace(/\s+/g, ' ');
  if (!name.replace(INVISIBLE, ''))
    throw badRequest('invalid_name', `"${field}" must not be empty.`, { field });
  if (name.length > max)
    throw badRequest('invalid_name', `"${field}" must be at most ${max} characters.`, { field });
  if (CONTROL.test(value.replace(/[\t ]/g, ' '))) {
    throw badRequest('invalid_name', `"${field}" must not contain line breaks or control characters.`, {
      field,
    });
  }
  if (DIRECTION_CONTROL.test(name)) {
    throw badRequest('invalid_name', `"${field}" must not contain text-direction control characters.`, {
      field,
    });
  }
  return name;
}

/** Multi-line free text (personal messages): line breaks allowed, other control characters not. */
export function cleanMessage(value: string, field: string, max = 2000): string {
  const text = value.normalize('NFC').replace(/\r\n?/g, '\n').trim();
  if (text.length > max)
    throw badRequest('invalid_message', `"${field}" must be at most ${max} characters.`, { field });
  // biome-ignore lint/suspicious/noControlCharactersInRegex: matching control characters is the point
  if (/[\u0000-\u0008\u000b-\u001f\u007f]/.test(text)) {
    throw badRequest('invalid_message', `"${field}" must not contain control characters.`, { field });
  }
  return text;
}

const LOCAL = /^[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+(\.[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+)*$/;
const LABEL = /^(?!-)[A-Za-z0-9-]{1,63}(?<!-)$/;

/**
 * A domain as Beckon keeps it, or null when it is not one: lower case, and an internationalised
 * domain in its Unicode form (xn--bcher-kva.de is kept as bücher.de), so both spellings are one
 * domain and people read it as they write it. It is checked in its ASCII form, the one DNS and
 * mail use (`mail/mime.ts` writes it so in headers and the SMTP envelope).
 */
export function canonicalDomain(raw: string): string | null {
  const lower = raw.toLowerCase();
  const ascii = domainToASCII(lower);
  const labels = (ascii || lower).split('.');
  if (
    labels.length < 2 ||
    !labels.every((l) => LABEL.test(l)) ||
    !/^[a-z]{2,63}$|^xn--[a-z0-9-]+$/.test(labels.at(-1)!)
  )
    return null;
  const unicode = domainToUnicode(ascii) || ascii;
  // The ASCII form of "-bücher" is a valid label: the rule on hyphens holds for what was typed.
  if (unicode.split('.').some((l) => l.startsWith('-') || l.endsWith('-'))) return null;
  return unicode;
}

export type EmailCheck =
  | { ok: true; email: string }
  | {
      ok: false;
      code: 'invalid_email' | 'email_too_long';
      message: string;
      /** What is wrong, for a message in another language (the domain: `domain`). */
      reason: EmailProblem;
      domain?: string;
    };

export type EmailProblem =
  | 'too_long'
  | 'empty'
  | 'spaces'
  | 'shape'
  | 'local_too_long'
  | 'local_characters'
  | 'domain';

// Full-width forms (what a Japanese keyboard types in full-width mode) and the ideographic space.
const FULL_WIDTH = /[\uFF01-\uFF5E\u3000]/g;

/**
 * Validates and normalises an address: full-width letters, digits and signs made ASCII
 * ("ｕｓｅｒ＠ｅｘａｍｐｌｅ．ｃｏｍ" is user@example.com), trimmed, domain lower-cased.
 * Comparison elsewhere is case-insensitive.
 */
export function checkEmail(raw: string): EmailCheck {
  const value = raw.replace(FULL_WIDTH, (c) => c.normalize('NFKC')).trim();
  if (value.length > 254)
    return {
      ok: false,
      code: 'email_too_long',
      reason: 'too_long',
      message: 'The address is longer than 254 characters.',
    };
  if (!value) return { ok: false, code: 'invalid_email', reason: 'empty', message: 'The address is empty.' };
  if (CONTROL.test(value) || /\s/.test(value))
    return {
      ok: false,
      code: 'invalid_email',
      reason: 'spaces',
      message: 'The address contains spaces or control characters.',
    };
  const at = value.lastIndexOf('@');
  if (at <= 0 || at === value.length - 1)
    return {
      ok: false,
      code: 'invalid_email',
      reason: 'shape',
      message: 'The address needs a name, an @ and a domain.',
    };
  const local = value.slice(0, at);
  const domain = value.slice(at + 1).toLowerCase();
  if (local.length > 64)
    return {
      ok: false,
      code: 'email_too_long',
      reason: 'local_too_long',
      message: 'The part before the @ is longer than 64 characters.',
    };
  if (!LOCAL.test(local))
    return {
      ok: false,
      code: 'invalid_email',
      reason: 'local_characters',
      message: 'The part before the @ contains characters an address cannot have.',
    };
  const canonical = canonicalDomain(domain);
  if (!canonical) {
    return {
      ok: false,
      code: 'invalid_email',
      reason: 'domain',
      domain,
      message: `"${domain}" is not a valid domain.`,
    };
  }
  return { ok: true, email: `${local}@${canonical}` };
}
