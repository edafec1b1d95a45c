import type { Executor } from '../db/types.ts';

export type EmailKind = 'invitation' | 'reminder' | 'join_verification' | 'account_ready' | 'password_reset';

export interface EmailVars {
  organizationName?: string;
  inviterName?: string | null;
  recipientEmail?: string;
  recipientName?: string | null;
  message?: string | null;
  expiresAt?: Date | null;
  link?: string;
  [key: string]: unknown;
}

export interface RenderedEmail {
  subject: string;
  html: string;
  text: string;
}

const esc = (s: string) =>
  s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&#39;');
const oneLine = (s: string) => s.replace(/[\r\n\u2028\u2029]+/g, ' ').trim();
const formatDate = (d: Date) =>
  d.toLocaleString('en-GB', { dateStyle: 'long', timeStyle: 'short', timeZone: 'UTC' }) + ' UTC';

/**
 * Default content per kind. (Organization templates in Liquid replace these: see src/templates/.)
 * Subjects are single-line by construction: no header injection through names.
 */
export async function renderEmail(_db: Executor, _orgId: string | null, kind: EmailKind, vars: EmailVars): Promise<RenderedEmail> {
  const org = oneLine(vars.organizationName ?? 'Beckon');
  const inviter = vars.inviterName ? oneLine(vars.inviterName) : null;
  const link = vars.link ?? '';
  const expires = vars.expiresAt ? formatDate(new Date(vars.expiresAt)) : null;
  const lines: string[] = [];
  let subject: string;
  let action: string;
  switch (kind) {
    case 'invitation':
      subject = inviter ? `${inviter} invited you to join ${org}` : `You are invited to join ${org}`;
      lines.push(inviter ? `${inviter} invited you to join ${org} on Beckon.` : `You are invited to join ${org} on Beckon.`);
      action = 'Accept the invitation';
      break;
    case 'reminder':
      subject = `Reminder: your invitation to ${org}${expires ? ` expires ${expires}` : ''}`;
      lines.push(`This is a reminder that ${inviter ?? 'someone'} invited you to join ${org}.`);
      action = 'Accept the invitation';
      break;
    case 'join_verification':
      subject = `Confirm your email address to join ${org}`;
      lines.push(`Someone (hopefully you) asked to join ${org} with this address.`, 'If it was not you, ignore this email.');
      action = 'Confirm and join';
      break;
    case 'account_ready':
      subject = `Your ${org} account is ready`;
      lines.push(`An administrator created your account in ${org}. Sign in with the temporary password they gave you; you will choose your own at first sign-in.`);
      action = 'Sign in';
      break;
    case 'password_reset':
      subject = 'Reset your Beckon password';
      lines.push('Someone asked to reset the password for this address. If it was not you, ignore this email.');
      action = 'Choose a new password';
      break;
  }
  const message = vars.message ? String(vars.message) : null;
  const expiryLine = expires ? `This link expires on ${expires}.` : null;
  const text = [
    ...lines,
    '',
    ...(message ? [`Message from ${inviter ?? org}:`, message, ''] : []),
    `${action}: ${link}`,
    ...(expiryLine ? ['', expiryLine] : []),
    '',
    '— Beckon',
  ].join('\n');
  const html = `<!doctype html><html><body style="font-family:system-ui,sans-serif;line-height:1.5;color:#1f2933">
${lines.map((l) => `<p>${esc(l)}</p>`).join('\n')}
${message ? `<blockquote style="border-left:3px solid #cbd2d9;margin:0;padding-left:12px">${esc(message).replace(/\n/g, '<br>')}</blockquote>` : ''}
<p><a href="${link}" style="display:inline-block;background:#2563eb;color:#fff;padding:10px 16px;border-radius:6px;text-decoration:none">${esc(action)}</a></p>
<p style="font-size:13px;color:#52606d">Or paste this link into your browser: ${link}</p>
${expiryLine ? `<p style="font-size:13px;color:#52606d">${esc(expiryLine)}</p>` : ''}
</body></html>`;
  return { subject, html, text };
}
