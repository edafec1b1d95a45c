import { createApiKeyService } from './api-keys/service.ts';
import { createAppService } from './apps/service.ts';
import { createAuditService } from './audit/service.ts';
import { createPasswordResetService } from './auth/password-reset.ts';
import { createAuthService } from './auth/service.ts';
import { createSigninThrottle } from './auth/signin-throttle.ts';
import { createBrandingService } from './branding/service.ts';
import { createCreditService } from './credits/service.ts';
import { createDeliveryService } from './delivery/service.ts';
import { createGroupService } from './groups/service.ts';
import { createImportService } from './imports/service.ts';
import { type BulkResendOptions, createBulkResendService } from './invitations/bulk-resend.ts';
import { createInvitationPublicService } from './invitations/public-service.ts';
import { createSendBatches } from './invitations/send-batches.ts';
import { createInvitationService, type InvitationServiceOptions } from './invitations/service.ts';
import { createJoinService } from './join/service.ts';
import { createOutbox } from './mail/outbox.ts';
import { createMemberProfileService } from './members/profile-service.ts';
import { createMemberService } from './members/service.ts';
import { appChanged, revokeAppGrants } from './oidc/revoke.ts';
import { createOpsService } from './ops/service.ts';
import { createOrganizationService } from './organizations/service.ts';
import { createOverviewService } from './overview/service.ts';
import { createPeopleExportService } from './people-export/service.ts';
import { createSendingDomainService } from './sending-domain/service.ts';
import { createSetupService } from './setup/service.ts';
import type { Deps } from './shared/deps.ts';
import { createTemplateService } from './templates/service.ts';
import { createWebhookService } from './webhooks/service.ts';

/** Tuning that is not configuration: tests lower thresholds so they need fewer rows. */
export interface ServiceOptions {
  bulkResend?: BulkResendOptions;
  invitations?: InvitationServiceOptions;
}

/** Builds every feature service once, wiring them to the shared dependencies. */
export function createServices(deps: Deps, options: ServiceOptions = {}) {
  const outbox = createOutbox(deps);
  const signinThrottle = createSigninThrottle(deps, outbox);
  const auth = createAuthService(deps, signinThrottle);
  const organizations = createOrganizationService(deps);
  const branding = createBrandingService(deps);
  const setup = createSetupService(deps, auth);
  const groups = createGroupService(deps);
  const members = createMemberService(deps);
  const memberProfiles = createMemberProfileService(deps, members);
  const apiKeys = createApiKeyService(deps);
  const passwordResets = createPasswordResetService(deps, outbox, signinThrottle);
  const join = createJoinService(deps, auth, outbox);
  const invitations = createInvitationService(deps, outbox, options.invitations);
  const sendBatches = createSendBatches(deps, outbox);
  const invitationLinks = createInvitationPublicService(deps, auth, outbox);
  const templates = createTemplateService(deps);
  const bulkResend = createBulkResendService(deps, outbox, options.bulkResend);
  const imports = createImportService(deps, outbox);
  const webhooks = createWebhookService(deps);
  const credits = createCreditService(deps);
  const audit = createAuditService(deps);
  const apps = createAppService(deps, { revokeGrants: revokeAppGrants, changed: appChanged });
  const peopleExport = createPeopleExportService(deps, { invitations, members });
  const ops = createOpsService(deps.db);
  const delivery = createDeliveryService(deps);
  const sendingDomain = createSendingDomainService(deps, outbox);
  const overview = createOverviewService(deps);
  return {
    ...deps,
    ops,
    delivery,
    sendingDomain,
    overview,
    credits,
    audit,
    apps,
    webhooks,
    auth,
    organizations,
    branding,
    setup,
    groups,
    members,
    memberProfiles,
    apiKeys,
    passwordResets,
    join,
    outbox,
    invitations,
    sendBatches,
    invitationLinks,
    templates,
    bulkResend,
    imports,
    peopleExport,
  };
}

export type Services = ReturnType<typeof createServices>;
