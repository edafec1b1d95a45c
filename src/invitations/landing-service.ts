import type { Executor } from '../db/types.ts';
import { badRequest } from '../shared/errors.ts';
import { isUuid } from '../shared/ids.ts';
import { appOrigins, type ContinueTo, cleanReturnPath, continueTo } from './landing.ts';
import { landingRepository as repo } from './landing-repository.ts';

export interface LandingInput {
  appId?: string | null;
  returnPath?: string | null;
}

export interface Landing {
  app_id: string | null;
  return_path: string | null;
}

/**
 * Checks an app and return path given with an invitation (or a join page, or a training): the app
 * must be one of the organization's and enabled; the return path needs an app and must stay on
 * its registered origins. Errors name the field as the caller knows it.
 */
export async function checkLanding(
  db: Executor,
  orgId: string,
  input: LandingInput,
  fields: { appId: string; returnPath: string } = { appId: 'appId', returnPath: 'returnPath' },
): Promise<Landing> {
  const appId = input.appId ?? null;
  const rawPath = input.returnPath?.trim() ? input.returnPath : null;
  if (!appId) {
    if (rawPath)
      throw badRequest('app_required', `"${fields.returnPath}" needs "${fields.appId}": the app it is on.`, {
        field: fields.returnPath,
      });
    return { app_id: null, return_path: null };
  }
  const [app] = isUuid(appId) ? await repo.appsByIds(db, orgId, [appId]) : [];
  if (!app)
    throw badRequest('unknown_app', `"${fields.appId}" is not an app of this organization.`, {
      field: fields.appId,
    });
  if (app.disabled)
    throw badRequest('app_disabled', `${app.name} is disabled: enable it first.`, { field: fields.appId });
  return {
    app_id: app.id,
    return_path: rawPath ? cleanReturnPath(app, rawPath, fields.returnPath) : null,
  };
}

/** Where a person continues after accepting or joining with this landing, if anywhere. */
export async function continueFor(
  db: Executor,
  orgId: string,
  landing: { app_id: string | null; return_path: string | null },
): Promise<ContinueTo | null> {
  if (!landing.app_id) return null;
  const [app] = await repo.appsByIds(db, orgId, [landing.app_id]);
  return continueTo(app, landing.return_path);
}

/** Where a member continues from the console: the app of the newest invitation they accepted. */
export async function continueForMember(
  db: Executor,
  orgId: string,
  userId: string,
): Promise<ContinueTo | null> {
  const landing = await repo.latestAcceptedLanding(db, orgId, userId);
  return landing ? continueFor(db, orgId, landing) : null;
}

/** App names (and nothing for deleted apps) for a page of rows. */
export async function appNames(db: Executor, orgId: string, ids: (string | null)[]) {
  const wanted = [...new Set(ids.filter((id): id is string => Boolean(id)))];
  const apps = await repo.appsByIds(db, orgId, wanted);
  return new Map(apps.map((a) => [a.id, { id: a.id, name: a.name }]));
}

/**
 * Where each training opens: its own launch URL, else (for a training of an app) the app's launch
 * URL. A disabled or deleted app opens nothing. The trainings claim says the same
 * (src/oidc/account-repository.ts).
 */
export async function trainingLaunches<T extends { launch_url: string | null; app_id: string | null }>(
  db: Executor,
  orgId: string,
  trainings: T[],
): Promise<Array<T & { launchUrl: string | null; app: { id: string; name: string } | null }>> {
  const ids = [...new Set(trainings.map((t) => t.app_id).filter((id): id is string => Boolean(id)))];
  const apps = new Map((await repo.appsByIds(db, orgId, ids)).map((a) => [a.id, a]));
  return trainings.map((t) => {
    const app = t.app_id ? apps.get(t.app_id) : undefined;
    return {
      ...t,
      launchUrl: t.launch_url ?? (app && !app.disabled ? app.launchUrl : null),
      app: app ? { id: app.id, name: app.name } : null,
    };
  });
}

/** The enabled apps an inviter may pick, with the origins a return path may use. */
export async function appChoices(db: Executor, orgId: string) {
  const apps = await repo.appsOfOrg(db, orgId);
  return apps
    .filter((a) => !a.disabled)
    .map((a) => ({ id: a.id, name: a.name, origins: appOrigins(a), launchUrl: a.launchUrl }));
}
