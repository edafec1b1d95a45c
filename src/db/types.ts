import type { ColumnType, Generated, Insertable, Kysely, Selectable, Transaction, Updateable } from 'kysely';

/** Columns the database fills in when omitted. */
type Default<T> = ColumnType<T, T | undefined, T>;
type Timestamp = ColumnType<Date, Date | string, Date | string>;

export type Role = 'owner' | 'admin' | 'hr' | 'curator' | 'manager' | 'learner';
export type InvitationStatus = 'scheduled' | 'pending' | 'expired' | 'accepted' | 'cancelled' | 'declined';
export type DeliveryStatus = 'none' | 'queued' | 'sent' | 'failed' | 'bounced';
export type EmailStatus = 'queued' | 'sending' | 'sent' | 'captured' | 'failed' | 'cancelled';
export type ActorType = 'user' | 'api_key' | 'system' | 'invitee';

export interface OrganizationsTable {
  id: Generated<string>;
  name: string;
  invite_expiry_days: Default<number>;
  manual_entry_limit: Default<number>;
  import_row_limit: Default<number>;
  require_group: Default<boolean>;
  reminder_days_before_expiry: ColumnType<number | null, number | null | undefined, number | null>;
  send_rate_per_minute: Default<number>;
  credits_enabled: Default<boolean>;
  credits_balance: Default<number>;
  audit_retention_days: Default<number>;
  default_locale: Default<string>;
  allowed_locales: Default<string[]>;
  // 0031: the organization's branding.
  accent_color: ColumnType<string | null, string | null | undefined, string | null>;
  reply_to_inviter: Default<boolean>;
  /** IANA zone: the organization's days (the overview's charts). */
  time_zone: Default<string>;
  created_at: Timestamp;
  updated_at: Timestamp;
}

export interface UsersTable {
  id: Generated<string>;
  email: string;
  name: string;
  password_hash: string | null;
  must_change_password: Default<boolean>;
  email_verified_at: ColumnType<Date | null, Date | string | null | undefined, Date | string | null>;
  locale: Default<string | null>;
  time_zone: Default<string | null>;
  created_at: Timestamp;
  updated_at: Timestamp;
}

export interface MembersTable {
  id: Generated<string>;
  org_id: string;
  user_id: string;
  role: Role;
  permissions: Default<string[]>;
  status: Default<'active' | 'deactivated'>;
  first_sign_in_at: Timestamp | null;
  last_sign_in_at: Timestamp | null;
  created_at: Timestamp;
  updated_at: Timestamp;
}

export interface SessionsTable {
  id: Generated<string>;
  token_hash: string;
  user_id: string;
  csrf_token: string;
  created_at: Timestamp;
  expires_at: Timestamp;
}

export interface ApiKeysTable {
  id: Generated<string>;
  org_id: string;
  name: string;
  prefix: string;
  key_hash: string;
  /** The person who created it; for a key created by a key, that key's creator. */
  created_by: string | null;
  created_by_name: string | null;
  created_by_key_id: string | null;
  /** Made before creators were recorded: works with its own role, creates no keys. */
  creator_unknown: Default<boolean>;
  role: 'admin' | 'hr';
  created_at: Timestamp;
  last_used_at: Timestamp | null;
  revoked_at: Timestamp | null;
}

export interface GroupsTable {
  id: Generated<string>;
  org_id: string;
  name: string;
  created_at: Timestamp;
}

export interface TrainingsTable {
  id: Generated<string>;
  org_id: string;
  group_id: string;
  name: string;
  created_at: Timestamp;
  // 0019: where the training opens, and the app it belongs to.
  launch_url: ColumnType<string | null, string | null | undefined, string | null>;
  app_id: ColumnType<string | null, string | null | undefined, string | null>;
}

export interface GroupMembersTable {
  org_id: string;
  group_id: string;
  member_id: string;
  is_manager: Default<boolean>;
  created_at: Timestamp;
}

export interface TrainingAssignmentsTable {
  id: Generated<string>;
  org_id: string;
  member_id: string;
  training_id: string;
  group_id: string | null;
  assigned_at: Timestamp;
}

export interface InvitationsTable {
  id: Generated<string>;
  org_id: string;
  email: string;
  role: Role;
  group_ids: Default<string[]>;
  /** The language of its emails and pages; null: the organization's default. */
  locale: Default<string | null>;
  message: string | null;
  status: InvitationStatus;
  link_version: Default<number>;
  send_at: Timestamp | null;
  expires_at: Timestamp | null;
  sent_count: Default<number>;
  last_sent_at: Timestamp | null;
  reminded_at: Timestamp | null;
  delivery_status: Default<DeliveryStatus>;
  delivery_detail: string | null;
  last_event_type: string;
  last_event_at: Timestamp;
  created_by_user_id: string | null;
  created_by_name: string | null;
  accepted_user_id: string | null;
  accepted_at: Timestamp | null;
  import_id: string | null;
  credit_held: Default<boolean>;
  created_at: Timestamp;
  updated_at: Timestamp;
  // 0019: the caller's JSON object (never shown to the invitee), and where the person continues.
  metadata: ColumnType<Record<string, unknown> | null, string | null | undefined, string | null>;
  app_id: ColumnType<string | null, string | null | undefined, string | null>;
  return_path: ColumnType<string | null, string | null | undefined, string | null>;
  // 0025: the first `viewed` event's time, set by a trigger on invitation_events.
  first_viewed_at: ColumnType<Date | null, Date | string | null | undefined, Date | string | null>;
  // 0028: days its link works (within the organization's period); null: the organization's.
  expiry_days: ColumnType<number | null, number | null | undefined, number | null>;
}

/** 0030: a sending domain's DKIM key; the private part encrypted with SECRET_KEY. */
export interface DkimKeysTable {
  domain: string;
  selector: string;
  private_key_encrypted: string;
  public_key: string;
  created_at: Timestamp;
}

export interface InvitationEventsTable {
  id: Generated<string>;
  org_id: string;
  invitation_id: string;
  type: string;
  actor_type: ActorType;
  actor_id: string | null;
  actor_name: string | null;
  detail: unknown;
  at: Timestamp;
}

export interface EmailsTable {
  id: Generated<string>;
  org_id: string | null;
  invitation_id: string | null;
  kind: string;
  to_address: string;
  subject: string;
  html: string;
  text: string;
  link_version: number | null;
  status: Default<EmailStatus>;
  attempts: Default<number>;
  last_response: string | null;
  message_id: string;
  send_after: Timestamp;
  created_at: Timestamp;
  sent_at: Timestamp | null;
  // 0002_mail.sql
  link_path: ColumnType<string | null, string | null | undefined, string | null>;
  link_ott_id: ColumnType<string | null, string | null | undefined, string | null>;
  claimed_at: ColumnType<Date | null, Date | string | null | undefined, Date | string | null>;
  claim_job_id: ColumnType<string | null, string | null | undefined, string | null>;
  bounced_at: ColumnType<Date | null, Date | string | null | undefined, Date | string | null>;
  // 0032: the sender's display name and the Reply-To, decided when queued.
  from_name: ColumnType<string | null, string | null | undefined, string | null>;
  reply_to_address: ColumnType<string | null, string | null | undefined, string | null>;
  reply_to_name: ColumnType<string | null, string | null | undefined, string | null>;
}

export interface OneTimeTokensTable {
  id: Generated<string>;
  purpose: string;
  token_hash: string;
  org_id: string | null;
  user_id: string | null;
  email: string | null;
  data: unknown;
  created_at: Timestamp;
  expires_at: Timestamp;
  used_at: Timestamp | null;
}

export interface SchemaMigrationsTable {
  version: number;
  name: string;
  /** SHA-256 of the file as applied; null only for rows from before checksums were kept. */
  checksum: string | null;
  applied_at: Timestamp;
}

/**
 * Feature migrations add their tables here (see the interfaces exported by each feature's
 * `tables.ts`), so this file stays the single map of the schema.
 */
export interface WebhookEndpointsTable {
  id: Generated<string>;
  org_id: string;
  url: string;
  events: Default<string[]>;
  enabled: Default<boolean>;
  last_delivery_at: Timestamp | null;
  last_status: string | null;
  secret_version: Default<number>;
  created_at: Timestamp;
  updated_at: Timestamp;
}

export interface WebhookDeliveriesTable {
  id: Generated<string>;
  endpoint_id: string;
  delivery_id: string;
  event: string;
  payload: unknown;
  attempts: Default<number>;
  status: Default<'pending' | 'delivered' | 'failed'>;
  response_status: string | null;
  response_body: string | null;
  duration_ms: number | null;
  created_at: Timestamp;
  last_attempt_at: Timestamp | null;
}

export interface WebhookOutboxTable {
  event_id: string;
}

export interface CreditTransactionsTable {
  id: Generated<string>;
  org_id: string;
  delta: number;
  reason: 'purchase' | 'adjustment' | 'hold' | 'release' | 'spend';
  invitation_id: string | null;
  actor_name: string | null;
  note: string | null;
  at: Timestamp;
}

export interface Database {
  organizations: OrganizationsTable;
  users: UsersTable;
  members: MembersTable;
  sessions: SessionsTable;
  api_keys: ApiKeysTable;
  groups: GroupsTable;
  trainings: TrainingsTable;
  group_members: GroupMembersTable;
  training_assignments: TrainingAssignmentsTable;
  invitations: InvitationsTable;
  dkim_keys: DkimKeysTable;
  invitation_events: InvitationEventsTable;
  webhook_endpoints: WebhookEndpointsTable;
  webhook_outbox: WebhookOutboxTable;
  webhook_deliveries: WebhookDeliveriesTable;
  credit_transactions: CreditTransactionsTable;
  emails: EmailsTable;
  one_time_tokens: OneTimeTokensTable;
  schema_migrations: SchemaMigrationsTable;
  join_pages: import('../join/tables.ts').JoinPagesTable;
  imports: import('../imports/tables.ts').ImportsTable;
  import_rows: import('../imports/tables.ts').ImportRowsTable;
  email_templates: import('../templates/tables.ts').EmailTemplatesTable;
  mail_throttle: import('../mail/tables.ts').MailThrottleTable;
  bulk_resends: import('../invitations/bulk-resend-tables.ts').BulkResendsTable;
  signin_throttles: import('../auth/tables.ts').SigninThrottlesTable;
  audit_events: import('../audit/tables.ts').AuditEventsTable;
  apps: import('../apps/tables.ts').AppsTable;
  oidc_payloads: import('../oidc/tables.ts').OidcPayloadsTable;
  oidc_signing_keys: import('../oidc/tables.ts').OidcSigningKeysTable;
  organization_logos: import('../branding/tables.ts').OrganizationLogosTable;
  overview_states: import('../overview/tables.ts').OverviewStatesTable;
  overview_cohorts: import('../overview/tables.ts').OverviewCohortsTable;
  overview_daily: import('../overview/tables.ts').OverviewDailyTable;
}

export type Db = Kysely<Database>;
export type Trx = Transaction<Database>;
/** Either the outer handle or a transaction: repositories accept both. */
export type Executor = Kysely<Database> | Transaction<Database>;

export type Organization = Selectable<OrganizationsTable>;
export type User = Selectable<UsersTable>;
export type Member = Selectable<MembersTable>;
export type Invitation = Selectable<InvitationsTable>;
export type NewInvitation = Insertable<InvitationsTable>;
export type InvitationUpdate = Updateable<InvitationsTable>;
export type InvitationEvent = Selectable<InvitationEventsTable>;
export type Email = Selectable<EmailsTable>;
export type Group = Selectable<GroupsTable>;
