/** A thin fetch wrapper: JSON in and out, the CSRF token on every change, errors as ApiError. */

export class ApiError extends Error {
  readonly status: number;
  readonly code: string;
  readonly field: string | undefined;
  readonly retryAfter: number | undefined;
  constructor(status: number, code: string, message: string, field?: string, retryAfter?: number) {
    super(message);
    this.status = status;
    this.code = code;
    this.field = field;
    this.retryAfter = retryAfter;
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

export async function api<T = any>(method: string, path: string, body?: unknown): Promise<T> {
  const headers: Record<string, string> = { accept: 'application/json' };
  if (body !== undefined) headers['content-type'] = 'application/json';
  if (method !== 'GET' && csrfToken) headers['x-csrf-token'] = csrfToken;
  let res: Response;
  try {
    res = await fetch(`/api/v1${path}`, {
      method,
      headers,
      body: body === undefined ? undefined : JSON.stringify(body),
      credentials: 'same-origin',
    });
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
    );
    for (const l of listeners) l(error);
    throw error;
  }
  if (data && typeof data.csrfToken === 'string') csrfToken = data.csrfToken;
  return data as T;
}

/** Sends a file as the raw request body (imports). */
export async function upload<T = any>(path: string, file: File): Promise<T> {
  const type =
    file.type ||
    (/\.xlsx$/i.test(file.name)
      ? 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet'
      : 'text/csv');
  const headers: Record<string, string> = { accept: 'application/json', 'content-type': type };
  if (csrfToken) headers['x-csrf-token'] = csrfToken;
  const sep = path.includes('?') ? '&' : '?';
  const res = await fetch(`/api/v1${path}${sep}fileName=${encodeURIComponent(file.name)}`, {
    method: 'POST',
    headers,
    body: file,
    credentials: 'same-origin',
  });
  const data = await res.json().catch(() => null);
  if (!res.ok) {
    const e = data?.error ?? {};
    throw new ApiError(
      res.status,
      e.code ?? 'error',
      e.message ?? `The server answered ${res.status}.`,
      e.field,
    );
  }
  return data as T;
}

export const get = <T = any>(path: string) => api<T>('GET', path);
export const post = <T = any>(path: string, body: unknown = {}) => api<T>('POST', path, body);
export const patch = <T = any>(path: string, body: unknown) => api<T>('PATCH', path, body);
export const del = <T = any>(path: string) => api<T>('DELETE', path);

// ---- Types of the answers the console reads ----

export type Role = 'owner' | 'admin' | 'hr' | 'curator' | 'manager' | 'learner';
export const ROLES: Role[] = ['learner', 'manager', 'curator', 'hr', 'admin', 'owner'];
export const ROLE_LABEL: Record<string, string> = {
  owner: 'Owner',
  admin: 'Admin',
  hr: 'HR',
  curator: 'Curator',
  manager: 'Manager',
  learner: 'Learner',
};

export interface Membership {
  id: string;
  name: string;
  role: Role;
  permissions: string[];
  status: string;
}

export interface Session {
  user: { id: string; email: string; name: string; mustChangePassword: boolean };
  organizations: Membership[];
  csrfToken: string;
}

export type InvitationStatus = 'scheduled' | 'pending' | 'expired' | 'accepted' | 'cancelled' | 'declined';

export interface Invitation {
  id: string;
  email: string;
  status: InvitationStatus;
  role: Role;
  groups: Array<{ id: string; name: string }>;
  message: string | null;
  createdAt: string;
  updatedAt: string;
  expiresAt: string | null;
  sendAt: string | null;
  sentCount: number;
  lastSentAt: string | null;
  lastEvent: {
    type: string;
    at: string;
    actorName?: string | null;
    actor?: { type?: string; name?: string } | null;
  } | null;
  delivery: { status: 'none' | 'queued' | 'sent' | 'failed' | 'bounced'; detail: string | null };
  user: { id: string; name: string } | null;
  invitedBy?: string | { id?: string; name?: string } | null;
  actions?: string[];
  statusReason?: string | null;
}

export interface InvitationEvent {
  type: string;
  at: string;
  actor: { type: string; name: string | null } | null;
  detail: any;
}

export interface Group {
  id: string;
  name: string;
  trainings: string[];
  managerIds?: string[];
  memberCount?: number;
}

export interface Member {
  id: string;
  userId: string;
  email: string;
  name: string;
  role: Role;
  permissions: string[];
  status: 'active' | 'deactivated';
  firstSignInAt: string | null;
  lastSignInAt: string | null;
  neverSignedIn: boolean;
  groups: Array<{ id: string; name: string }>;
}

export interface Settings {
  inviteExpiryDays: number;
  manualEntryLimit: number;
  importRowLimit: number;
  requireGroup: boolean;
  reminderDaysBeforeExpiry: number | null;
  sendRatePerMinute: number;
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
