import type { Static } from 'typebox';
import type { GroupDto } from '../../src/groups/schemas.ts';
import type { Locale } from '../../src/i18n/locales.ts';
import type { EventSchema, InvitationSchema } from '../../src/invitations/schemas.ts';
import type { MemberDto } from '../../src/members/schemas.ts';
import { intl, shownLanguage } from './i18n/current.ts';
import { msg } from './i18n/use-t.tsx';

/** A thin fetch wrapper: JSON in and out, the CSRF token on every change, errors as ApiError. */

/** Tells the server the language on screen (see shownLanguage). */
function withLanguage(headers: Record<string, string>): void {
  const language = shownLanguage();
  if (language) headers['accept-language'] = language;
}

export class ApiError extends Error {
  readonly status: number;
  readonly code: string;
  readonly field: string | undefined;
  readonly retryAfter: number | undefined;
  /** The rest of the error answer (e.g. an expired link's organization and inviter). */
  readonly details: Record<string, unknown>;
  constructor(
    status: number,
    code: string,
    message: string,
    field?: string,
    retryAfter?: number,
    details: Record<string, unknown> = {},
  ) {
    super(message);
    this.status = status;
    this.code = code;
    this.field = field;
    this.retryAfter = retryAfter;
    this.details = details;
  }
}

let csrfToken: string | undefined;
export function setCsrfToken(token: string | undefined): void {
  csrfToken = token;
}

type Listener = (error: ApiError) => void;
const listeners = new Set<Listener>();
/** The app listens for 401 / password_change_required to move the person to the right screen. */
export function onApiError(listener: Listener): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

export function api<T = any>(method: string, path: string, body?: unknown): Promise<T> {
  const headers: Record<string, string> = {};
  if (body !== undefined) headers['content-type'] = 'application/json';
  return send<T>(method, path, headers, body === undefined ? undefined : JSON.stringify(body));
}

/**
 * Every call to the API goes through here: the CSRF token on changes, the reader's language, one
 * error for an unreachable server or a refusal (which listeners hear), and the token a session
 * answer brings.
 */
async function send<T>(
  method: string,
  path: string,
  headers: Record<string, string>,
  body: BodyInit | undefined,
): Promise<T> {
  headers.accept = 'application/json';
  if (method !== 'GET' && csrfToken) headers['x-csrf-token'] = csrfToken;
  withLanguage(headers);
  let res: Response;
  try {
    res = await fetch(`/api/v1${path}`, { method, headers, body, credentials: 'same-origin' });
  } catch {
    throw new ApiError(0, 'network', 'Could not reach the server. Check your connection and try again.');
  }
  if (res.status === 204) return undefined as T;
  const text = await res.text();
  let data: any = null;
  try {
    data = text ? JSON.parse(text) : null;
  } catch {
    data = null;
  }
  if (!res.ok) {
    const e = data?.error ?? {};
    const retry = Number(res.headers.get('retry-after') ?? '');
    const error = new ApiError(
      res.status,
      e.code ?? 'error',
      e.message ?? `The server answered ${res.status}.`,
      e.field,
      Number.isFinite(retry) && retry > 0 ? retry : undefined,
      e,
    );
    for (const l of listeners) l(error);
    throw error;
  }
  if (data && typeof data.csrfToken === 'string') csrfToken = data.csrfToken;
  return data as T;
}

/** Sends a file as the raw request body (imports). */
export function upload<T = any>(path: string, file: File): Promise<T> {
  const type =
    file.type ||
    (/\.xlsx$/i.test(file.name)
      ? 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet'
      : 'text/csv');
  const sep = path.includes('?') ? '&' : '?';
  return send<T>(
    'POST',
    `${path}${sep}fileName=${encodeURIComponent(file.name)}`,
    { 'content-type': type },
    file,
  );
}

/** Sends a file as the raw body of a PUT or POST (a logo): the server reads its type from its bytes. */
export function sendFile<T = any>(method: 'PUT' | 'POST', path: string, file: Blob): Promise<T> {
  return send<T>(method, path, { 'content-type': file.type || 'application/octet-stream' }, file);
}

export const get = <T = any>(path: string) => api<T>('GET', path);
export const post = <T = any>(path: string, body: unknown = {}) => api<T>('POST', path, body);
export const patch = <T = any>(path: string, body: unknown) => api<T>('PATCH', path, body);
export const del = <T = any>(path: string) => api<T>('DELETE', path);

// ---- Types of the answers the console reads ----

export type Role = 'owner' | 'admin' | 'hr' | 'curator' | 'manager' | 'learner';
export const ROLES: Role[] = ['learner', 'manager', 'curator', 'hr', 'admin', 'owner'];
/** Each role's name as a message id (`ui.role.*`). */
export const ROLE_LABEL_ID: Record<Role, string> = {
  owner: msg('ui.role.owner'),
  admin: msg('ui.role.admin'),
  hr: msg('ui.role.hr'),
  curator: msg('ui.role.curator'),
  manager: msg('ui.role.manager'),
  learner: msg('ui.role.learner'),
};

/** A role's name in the reader's language (`t` from useT); an unknown role shows as it is. */
export function roleLabel(t: (id: string) => string, role: string): string {
  const id = ROLE_LABEL_ID[role as Role];
  return id ? t(id) : role;
}

/**
 * `ROLE_LABEL[role]`: the same names, read when used, in the language the console shows now.
 * Kept for the pages that index it; new code uses `roleLabel(t, role)`.
 */
export const ROLE_LABEL: Record<string, string> = Object.defineProperties(
  {},
  Object.fromEntries(
    ROLES.map((role) => [
      role,
      { enumerable: true, get: () => intl().formatMessage({ id: ROLE_LABEL_ID[role] }) },
    ]),
  ),
);

export interface Membership {
  id: string;
  name: string;
  role: Role;
  permissions: string[];
  status: string;
}

export interface Session {
  user: {
    id: string;
    email: string;
    name: string;
    mustChangePassword: boolean;
    /** The console language and time zone the member chose (null: the browser's). */
    locale: Locale | null;
    timeZone: string | null;
  };
  organizations: Membership[];
  csrfToken: string;
}

export type InvitationStatus = 'scheduled' | 'pending' | 'expired' | 'accepted' | 'cancelled' | 'declined';

/** An invitation as the server presents it: the type of its own response schema. */
export type Invitation = Static<typeof InvitationSchema>;

/** One event of an invitation's timeline, as the server presents it. */
export type InvitationEvent = Static<typeof EventSchema>;

export interface TrainingDetail {
  id: string;
  name: string;
  launchUrl: string | null;
  appId?: string | null;
}

/** As the server presents it: the type of its own response schema. */
export type Group = Static<typeof GroupDto>;

/** As the server presents it: the type of its own response schema. */
export type Member = Static<typeof MemberDto>;

export interface Settings {
  inviteExpiryDays: number;
  manualEntryLimit: number;
  importRowLimit: number;
  requireGroup: boolean;
  reminderDaysBeforeExpiry: number | null;
  sendRatePerMinute: number;
  auditRetentionDays: number;
  /** IANA time zone: the organization's days in the overview. */
  timeZone: string;
}

/** Capabilities, mirroring the server's rules (SPEC §4); the server still decides. */
export function can(
  m: Pick<Membership, 'role' | 'permissions'>,
  capability: 'invitations' | 'templates' | 'settings',
): boolean {
  const granted = (p: string) => m.permissions.includes(p);
  switch (m.role) {
    case 'owner':
      return true;
    case 'admin':
      return true;
    case 'hr':
      return capability === 'invitations' || (capability === 'templates' && granted('templates'));
    case 'curator':
      return (
        (capability === 'invitations' && granted('people')) ||
        (capability === 'templates' && granted('templates'))
      );
    case 'manager':
      return capability === 'invitations';
    default:
      return false;
  }
}
