import { createAuthService } from './auth/service.ts';
import { createOrganizationService } from './organizations/service.ts';
import { createSetupService } from './setup/service.ts';
import type { Deps } from './shared/deps.ts';

/** Builds every feature service once, wiring them to the shared dependencies. */
export function createServices(deps: Deps) {
  const auth = createAuthService(deps);
  const organizations = createOrganizationService(deps);
  const setup = createSetupService(deps, auth);
  return { ...deps, auth, organizations, setup };
}

export type Services = ReturnType<typeof createServices>;
