import { lazy } from 'react';

/**
 * Pages an administrator visits now and then load when first opened, each as its own chunk, so
 * the console's first load carries only the pages people use every day (people, groups, home).
 */
export const ApiKeysPage = lazy(() =>
  import('../api-keys/api-keys-page.tsx').then((m) => ({ default: m.ApiKeysPage })),
);
export const AppsPage = lazy(() => import('../apps/apps-page.tsx').then((m) => ({ default: m.AppsPage })));
export const AuditLogPage = lazy(() =>
  import('../audit/audit-log-page.tsx').then((m) => ({ default: m.AuditLogPage })),
);
export const DeliveryPage = lazy(() =>
  import('../delivery/delivery-page.tsx').then((m) => ({ default: m.DeliveryPage })),
);
export const ImportsPage = lazy(() =>
  import('../imports/imports-page.tsx').then((m) => ({ default: m.ImportsPage })),
);
export const JoinPageSettings = lazy(() =>
  import('../join-page/join-page-settings.tsx').then((m) => ({ default: m.JoinPageSettings })),
);
export const MailboxPage = lazy(() =>
  import('../mailbox/mailbox-page.tsx').then((m) => ({ default: m.MailboxPage })),
);
export const SendingDomainPage = lazy(() =>
  import('../sending-domain/sending-domain-page.tsx').then((m) => ({ default: m.SendingDomainPage })),
);
export const SettingsPage = lazy(() =>
  import('../settings/settings-page.tsx').then((m) => ({ default: m.SettingsPage })),
);
export const TemplatesPage = lazy(() =>
  import('../templates/templates-page.tsx').then((m) => ({ default: m.TemplatesPage })),
);
export const WebhooksPage = lazy(() =>
  import('../webhooks/webhooks-page.tsx').then((m) => ({ default: m.WebhooksPage })),
);
