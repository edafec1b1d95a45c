export interface CheckResult {
  email: string;
  ok: boolean;
  code?: string;
  message?: string;
  suggestion?: string;
  /** Which sentence the message is (the server's check), for the reader's language. */
  reasonCode?: string;
  domain?: string;
}

export const EMAIL_RE = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

export function parseEmails(text: string): string[] {
  return text
    .split(/[\s,;]+/)
    .map((s) => s.trim().replace(/^<|>$/g, ''))
    .filter(Boolean);
}
