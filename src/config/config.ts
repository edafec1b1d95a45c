import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { isPlainAddress, parseMailbox } from '../mail/mime.ts';
import { PRODUCTION_HASH_COST } from '../security/passwords.ts';

export type ProcessRole = 'all' | 'web' | 'worker';

/** A webhook receiver the operator allows even on an internal address; no port: any port. */
export interface AllowedWebhookHost {
  host: string;
  port: number | null;
}

export interface Config {
  nodeEnv: 'development' | 'production' | 'test';
  port: number;
  host: string;
  appUrl: string;
  databaseUrl: string | undefined;
  dataDir: string;
  smtpUrl: string | undefined;
  mailFrom: string;
  /**
   * The product's name in the sender of an organization's emails ("Northwind Academy via Beckon"):
   * PRODUCT_NAME, else MAIL_FROM's display name, else "Beckon".
   */
  productName: string;
  secretKey: string;
  processRole: ProcessRole;
  redisUrl: string | undefined;
  logLevel: string;
  bounceWebhookSecret: string | undefined;
  trustProxy: boolean;
  /** Seconds between two sends of the same invitation. */
  resendCooldownSeconds: number;
  maxBodyBytes: number;
  importMaxBytes: number;
  /** What an XLSX upload may inflate to (every part read, together). */
  importMaxUncompressedBytes: number;
  /** Where XLSX uploads are written while read; swept at start. */
  importTmpDir: string;
  webhookAllowedHosts: AllowedWebhookHost[];
  /** Requests per minute to the OpenID Connect token endpoint, per app (or per address without one). */
  oidcTokenRatePerMinute: number;
  /** Sign-in attempts per minute from one client address, whatever the addresses tried. */
  signinRatePerClientPerMinute: number;
  /** Whether someone who is only a learner (everywhere they belong) may create an organization. */
  learnersCreateOrganizations: boolean;
  /** log2 of scrypt's N for new password hashes; below the production cost only in test runs. */
  passwordHashCost: number;
}

export class ConfigError extends Error {
  readonly problems: string[];
  constructor(problems: string[]) {
    super(`Invalid configuration:\n  - ${problems.join('\n  - ')}`);
    this.problems = problems;
  }
}

type Env = Record<string, string | undefined>;

function intVar(
  env: Env,
  name: string,
  fallback: number,
  min: number,
  max: number,
  problems: string[],
): number {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < min || value > max) {
    problems.push(`${name} must be a whole number between ${min} and ${max} (got "${raw}")`);
    return fallback;
  }
  return value;
}

/**
 * `host`, `host:port`, `[ipv6]` or `[ipv6]:port`, comma-separated. Hosts are normalized the way
 * the URL parser normalizes a webhook URL's host (lower case, IPv4 in dotted decimal), so they
 * compare equal to it.
 */
function normalizedHost(text: string): string | undefined {
  try {
    return new URL(`http://${text}/`).hostname || undefined;
  } catch {
    return undefined;
  }
}

function allowedWebhookHosts(raw: string | undefined, problems: string[]): AllowedWebhookHost[] {
  const hosts: AllowedWebhookHost[] = [];
  for (const entry of (raw ?? '').split(',').map((e) => e.trim())) {
    if (!entry) continue;
    const parts = /^(\[[^\]]+\]|[^:/?#@\\[\]\s]+)(?::(\d{1,5}))?$/.exec(entry);
    const host = parts ? normalizedHost(parts[1]!) : undefined;
    const port = parts?.[2] === undefined ? null : Number(parts[2]);
    if (!host || (port !== null && (port < 1 || port > 65535))) {
      problems.push(`WEBHOOK_ALLOWED_HOSTS: "${entry}" is not a host name or host:port`);
      continue;
    }
    hosts.push({ host, port });
  }
  return hosts;
}

/**
 * Reads and validates configuration once, at start. Every problem is reported together
 * so an operator fixes them in one pass.
 */
export function loadConfig(env: Env = process.env): Config {
  const problems: string[] = [];
  const nodeEnvRaw = env.NODE_ENV ?? 'development';
  const nodeEnv = (
    ['development', 'production', 'test'].includes(nodeEnvRaw) ? nodeEnvRaw : 'development'
  ) as Config['nodeEnv'];
  const port = intVar(env, 'PORT', 3000, 0, 65535, problems);
  const host = env.HOST || '127.0.0.1';
  const appUrl = (env.APP_URL || `http://localhost:${port}`).replace(/\/+$/, '');
  try {
    const u = new URL(appUrl);
    if (!['http:', 'https:'].includes(u.protocol))
      problems.push('APP_URL must start with http:// or https://');
  } catch {
    problems.push(`APP_URL is not a valid URL (got "${appUrl}")`);
  }
  const databaseUrl = env.DATABASE_URL || undefined;
  if (databaseUrl && !/^postgres(ql)?:\/\//.test(databaseUrl)) {
    problems.push('DATABASE_URL must be a postgres:// URL');
  }
  const dataDir = resolve(env.DATA_DIR || './data');
  const smtpUrl = env.SMTP_URL || undefined;
  if (smtpUrl && !/^smtps?:\/\//.test(smtpUrl)) problems.push('SMTP_URL must start with smtp:// or smtps://');
  const mailFrom = env.MAIL_FROM || 'Beckon <no-reply@localhost>';
  if (/[\r\n]/.test(mailFrom)) problems.push('MAIL_FROM must be a single line');
  else if (!isPlainAddress(parseMailbox(mailFrom).address))
    problems.push(`MAIL_FROM must be an address or "Name <address>" (got "${mailFrom}")`);
  const productName = (env.PRODUCT_NAME || parseMailbox(mailFrom).name || 'Beckon').trim();
  if (/[\r\n]/.test(productName) || productName.length > 60)
    problems.push('PRODUCT_NAME must be a single line of at most 60 characters');
  const roleRaw = env.BECKON_ROLE || 'all';
  if (!['all', 'web', 'worker'].includes(roleRaw))
    problems.push('BECKON_ROLE must be one of all, web, worker');
  const redisUrl = env.REDIS_URL || undefined;
  if (redisUrl && !/^rediss?:\/\//.test(redisUrl)) problems.push('REDIS_URL must be a redis:// URL');

  let secretKey = env.SECRET_KEY || '';
  if (secretKey && secretKey.length < 32) problems.push('SECRET_KEY must be at least 32 characters');
  if (!secretKey) {
    if (nodeEnv === 'production') {
      problems.push('SECRET_KEY is required when NODE_ENV=production (generate one: openssl rand -hex 32)');
    } else {
      secretKey = readOrCreateSecret(dataDir);
    }
  }

  const passwordHashCost = intVar(env, 'PASSWORD_HASH_COST', PRODUCTION_HASH_COST, 4, 20, problems);
  // A cheap hash makes a test suite's many sign-ins fast; anywhere else it would weaken passwords.
  if (passwordHashCost < PRODUCTION_HASH_COST && nodeEnv !== 'test')
    problems.push(`PASSWORD_HASH_COST below ${PRODUCTION_HASH_COST} is allowed only when NODE_ENV=test`);

  const config: Config = {
    nodeEnv,
    port,
    host,
    appUrl,
    databaseUrl,
    dataDir,
    smtpUrl,
    mailFrom,
    productName,
    secretKey,
    processRole: roleRaw as ProcessRole,
    redisUrl,
    logLevel: env.LOG_LEVEL || (nodeEnv === 'test' ? 'silent' : 'info'),
    bounceWebhookSecret: env.BOUNCE_WEBHOOK_SECRET || undefined,
    trustProxy: env.TRUST_PROXY === 'true' || env.TRUST_PROXY === '1',
    resendCooldownSeconds: intVar(env, 'RESEND_COOLDOWN_SECONDS', 60, 0, 86400, problems),
    maxBodyBytes: intVar(env, 'MAX_BODY_BYTES', 1024 * 1024, 1024, 100 * 1024 * 1024, problems),
    importMaxBytes: intVar(env, 'IMPORT_MAX_BYTES', 50 * 1024 * 1024, 1024, 1024 * 1024 * 1024, problems),
    importMaxUncompressedBytes: intVar(
      env,
      'IMPORT_MAX_UNCOMPRESSED_BYTES',
      256 * 1024 * 1024,
      1024,
      4 * 1024 * 1024 * 1024,
      problems,
    ),
    // DATA_DIR is in use (so writable) only with the embedded database; tests and PostgreSQL
    // deployments may have none, so their uploads go under the system's temporary directory.
    importTmpDir: resolve(
      env.IMPORT_TMP_DIR ||
        (databaseUrl || nodeEnv === 'test'
          ? join(tmpdir(), 'beckon-import-tmp')
          : join(dataDir, 'import-tmp')),
    ),
    webhookAllowedHosts: allowedWebhookHosts(env.WEBHOOK_ALLOWED_HOSTS, problems),
    oidcTokenRatePerMinute: intVar(env, 'OIDC_TOKEN_RATE_PER_MINUTE', 600, 1, 1_000_000, problems),
    signinRatePerClientPerMinute: intVar(
      env,
      'SIGNIN_RATE_PER_CLIENT_PER_MINUTE',
      60,
      1,
      1_000_000,
      problems,
    ),
    learnersCreateOrganizations:
      env.LEARNERS_CREATE_ORGANIZATIONS === 'true' || env.LEARNERS_CREATE_ORGANIZATIONS === '1',
    passwordHashCost,
  };
  if (problems.length) throw new ConfigError(problems);
  return config;
}

/** The embedded default keeps a generated key next to the data so links survive restarts. */
function readOrCreateSecret(dataDir: string): string {
  const file = join(dataDir, 'secret.key');
  if (existsSync(file)) return readFileSync(file, 'utf8').trim();
  mkdirSync(dataDir, { recursive: true });
  const key = randomBytes(32).toString('hex');
  writeFileSync(file, key + '\n', { mode: 0o600, flag: 'wx' });
  return key;
}
