import { auditEntry, changedFields } from '../audit/changes.ts';
import { auditRepository as audit } from '../audit/repository.ts';
import type { Actor } from '../auth/permissions.ts';
import type { Executor, Trx } from '../db/types.ts';
import { ROLES } from '../invitations/schemas.ts';
import type { Deps } from '../shared/deps.ts';
import { badRequest, notFound } from '../shared/errors.ts';
import { isUuid } from '../shared/ids.ts';
import { cleanName } from '../shared/validation.ts';
import { type AppPatch, type AppRow, appRepository as repo } from './repository.ts';
import { APP_SECRET_PREFIX, hashClientSecret } from './secrets.ts';
import type { AppAccess, AppKind } from './tables.ts';
import { appOrigins, checkAppUrl, checkAppUrls } from './uris.ts';

export interface AppInput {
  name: string;
  kind: AppKind;
  redirectUris: string[];
  postLogoutRedirectUris?: string[];
  launchUrl?: string | null;
  access?: AppAccess;
  allowedRoles?: string[];
  allowedGroupIds?: string[];
}
export type AppChanges = Partial<Omit<AppInput, 'kind'>> & { disabled?: boolean };

export interface AppHooks {
  /** The app's secret changed, or it was disabled or deleted: its grants and tokens go. */
  revokeGrants(trx: Trx, clientId: string): Promise<void>;
  /** Anything about the app changed: copies kept in memory are stale. */
  changed(clientId: string): void;
}

const iso = (d: Date | null) => (d === null ? null : d.toISOString());

export function presentApp(row: AppRow) {
  return {
    id: row.id,
    name: row.name,
    kind: row.kind,
    clientId: row.client_id,
    redirectUris: row.redirect_uris,
    postLogoutRedirectUris: row.post_logout_redirect_uris,
    launchUrl: row.launch_url,
    access: row.access,
    allowedRoles: row.allowed_roles,
    allowedGroupIds: row.allowed_group_ids,
    origins: appOrigins(row),
    disabled: row.disabled_at !== null,
    disabledAt: iso(row.disabled_at),
    secretRotatedAt: iso(row.secret_rotated_at),
    createdAt: row.created_at.toISOString(),
    updatedAt: row.updated_at.toISOString(),
  };
}

/**
 * Apps of an organization: each an OpenID Connect client. A web app gets a client secret, shown
 * once and kept only as a keyed hash; a native (browser or mobile) app has none and must use PKCE.
 */
/** Two column values alike (text, null or a list of text, in order). */
const sameValue = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);

export function createAppService(
  deps: Pick<Deps, 'db' | 'clock' | 'tokens' | 'config'>,
  hooks: AppHooks = { revokeGrants: async () => {}, changed: () => {} },
) {
  const { revokeGrants } = hooks;
  const newSecret = () => `${APP_SECRET_PREFIX}${deps.tokens.random(32)}`;

  async function checkAccess(
    executor: Executor,
    orgId: string,
    input: Pick<AppInput, 'access' | 'allowedRoles' | 'allowedGroupIds'>,
  ) {
    const roles = [...new Set(input.allowedRoles ?? [])];
    const unknown = roles.find((r) => !(ROLES as readonly string[]).includes(r));
    if (unknown) throw badRequest('invalid_role', `Unknown role "${unknown}".`, { field: 'allowedRoles' });
    const groupIds = [...new Set(input.allowedGroupIds ?? [])];
    const found = groupIds.every(isUuid) ? await repo.existingGroupIds(executor, orgId, groupIds) : [];
    if (found.length !== groupIds.length)
      throw badRequest('unknown_group', 'A group in "allowedGroupIds" does not exist.', {
        field: 'allowedGroupIds',
      });
    if (input.access === 'restricted' && roles.length === 0 && groupIds.length === 0) {
      throw badRequest(
        'invalid_access',
        'An app open only to some people needs at least one role or group in "allowedRoles" or "allowedGroupIds".',
        { field: 'access' },
      );
    }
    return { roles, groupIds };
  }

  /** An app's changes go to the organization's audit log; the app's history reads them back. */
  const event = (
    trx: Trx,
    actor: Actor,
    app: { id: string; name: string },
    type: string,
    detail: Record<string, unknown> | null = null,
  ) =>
    audit.record(trx, [
      auditEntry(actor, deps.clock.now(), type, { type: 'app', id: app.id, label: app.name }, detail),
    ]);

  async function load(trx: Trx, orgId: string, id: string) {
    const row = isUuid(id) ? await repo.findForUpdate(trx, orgId, id) : undefined;
    if (!row) throw notFound('App');
    return row;
  }

  return {
    async list(actor: Actor) {
      return { items: (await repo.list(deps.db, actor.orgId)).map(presentApp) };
    },

    async get(actor: Actor, id: string) {
      const row = isUuid(id) ? await repo.find(deps.db, actor.orgId, id) : undefined;
      if (!row) throw notFound('App');
      return presentApp(row);
    },

    async create(actor: Actor, input: AppInput) {
      const name = cleanName(input.name, 'name', 100);
      const redirectUris = checkAppUrls(input.redirectUris, 'redirectUris', { min: 1 });
      const postLogout = checkAppUrls(input.postLogoutRedirectUris ?? [], 'postLogoutRedirectUris', {
        min: 0,
      });
      const launchUrl = input.launchUrl ? checkAppUrl(input.launchUrl, 'launchUrl') : null;
      const access = input.access ?? 'all';
      const { roles, groupIds } = await checkAccess(deps.db, actor.orgId, { ...input, access });
      const secret = input.kind === 'web' ? newSecret() : null;
      const now = deps.clock.now();
      return deps.db.transaction().execute(async (trx) => {
        const row = await repo.insert(trx, {
          org_id: actor.orgId,
          name,
          kind: input.kind,
          client_id: `app_${deps.tokens.random(16)}`,
          client_secret_hash: secret ? hashClientSecret(deps.config.secretKey, secret) : null,
          redirect_uris: redirectUris,
          post_logout_redirect_uris: postLogout,
          launch_url: launchUrl,
          access,
          allowed_roles: roles,
          allowed_group_ids: groupIds,
          disabled_at: null,
          created_at: now,
          updated_at: now,
        });
        await event(trx, actor, row, 'app.created', { name, kind: input.kind });
        return { ...presentApp(row), clientSecret: secret };
      });
    },

    async update(actor: Actor, id: string, input: AppChanges) {
      const app = await deps.db.transaction().execute(async (trx) => {
        const current = await load(trx, actor.orgId, id);
        const patch: AppPatch = {};
        if (input.name !== undefined) patch.name = cleanName(input.name, 'name', 100);
        if (input.redirectUris !== undefined)
          patch.redirect_uris = checkAppUrls(input.redirectUris, 'redirectUris', { min: 1 });
        if (input.postLogoutRedirectUris !== undefined)
          patch.post_logout_redirect_uris = checkAppUrls(
            input.postLogoutRedirectUris,
            'postLogoutRedirectUris',
            { min: 0 },
          );
        if (input.launchUrl !== undefined)
          patch.launch_url = input.launchUrl ? checkAppUrl(input.launchUrl, 'launchUrl') : null;
        if (
          input.access !== undefined ||
          input.allowedRoles !== undefined ||
          input.allowedGroupIds !== undefined
        ) {
          const access = input.access ?? current.access;
          // Inside the transaction: on PGlite a read through the pool would wait for it forever.
          const { roles, groupIds } = await checkAccess(trx, actor.orgId, {
            access,
            allowedRoles: input.allowedRoles ?? current.allowed_roles,
            allowedGroupIds: input.allowedGroupIds ?? current.allowed_group_ids,
          });
          Object.assign(patch, { access, allowed_roles: roles, allowed_group_ids: groupIds });
        }
        const now = deps.clock.now();
        if (input.disabled !== undefined && input.disabled !== (current.disabled_at !== null))
          patch.disabled_at = input.disabled ? now : null;
        // What the console sends unchanged (it sends every field) is neither written nor reported.
        for (const key of Object.keys(patch) as Array<keyof AppPatch>)
          if (key !== 'disabled_at' && sameValue(patch[key], current[key as keyof typeof current]))
            delete patch[key];
        const changed = Object.keys(patch);
        if (changed.length === 0) return presentApp(current);
        patch.updated_at = now;
        const row = await repo.update(trx, actor.orgId, current.id, patch);
        if (patch.disabled_at !== undefined) {
          await event(trx, actor, row, row.disabled_at ? 'app.disabled' : 'app.enabled');
          if (row.disabled_at) await revokeGrants(trx, row.client_id);
        }
        const fields = changed.filter((f) => f !== 'disabled_at');
        if (fields.length)
          await event(trx, actor, row, 'app.updated', {
            fields,
            // Before/after of what may be shown: the client secret's hash is never among them.
            ...changedFields(presentApp(current), presentApp(row)),
          });
        return presentApp(row);
      });
      hooks.changed(app.clientId);
      return app;
    },

    /** A new client secret, shown once; the old one stops working and the app's grants are revoked. */
    async rotateSecret(actor: Actor, id: string) {
      const app = await deps.db.transaction().execute(async (trx) => {
        const current = await load(trx, actor.orgId, id);
        if (current.kind !== 'web')
          throw badRequest('no_client_secret', 'A native app has no client secret: it signs in with PKCE.');
        const secret = newSecret();
        const now = deps.clock.now();
        const row = await repo.update(trx, actor.orgId, current.id, {
          client_secret_hash: hashClientSecret(deps.config.secretKey, secret),
          secret_rotated_at: now,
          updated_at: now,
        });
        await revokeGrants(trx, row.client_id);
        await event(trx, actor, row, 'app.secret_rotated');
        return { ...presentApp(row), clientSecret: secret };
      });
      hooks.changed(app.clientId);
      return app;
    },

    async remove(actor: Actor, id: string) {
      const clientId = await deps.db.transaction().execute(async (trx) => {
        const current = await load(trx, actor.orgId, id);
        await repo.delete(trx, actor.orgId, current.id);
        await revokeGrants(trx, current.client_id);
        await event(trx, actor, current, 'app.deleted', { name: current.name });
        return current.client_id;
      });
      hooks.changed(clientId);
    },

    async events(actor: Actor, id: string) {
      await this.get(actor, id);
      const rows = await audit.forTarget(deps.db, actor.orgId, 'app', id);
      return {
        items: rows.map((e) => ({
          type: e.action,
          actor: { type: e.actor_type, name: e.actor_name },
          detail: e.changes ?? null,
          at: new Date(e.at).toISOString(),
        })),
      };
    },
  };
}

export type AppService = ReturnType<typeof createAppService>;
