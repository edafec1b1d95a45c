import { loadConfig } from '../../src/config/config.ts';
import { openDatabase } from '../../src/db/database.ts';
import type { MailTransport } from '../../src/mail/transport.ts';
import { type Runtime, type RuntimeOverrides, startRuntime } from '../../src/runtime.ts';
import { ManualClock } from '../../src/shared/clock.ts';
import { openTestDatabase } from './database.ts';
import { startSmtpServer, type TestSmtpServer } from './smtp.ts';

export interface TestApp extends Runtime {
  clock: ManualClock;
  smtp: TestSmtpServer | undefined;
  client(): TestClient;
  close(): Promise<void>;
}

export interface TestAppOptions {
  /** Start a real SMTP server on 127.0.0.1 and send through it. */
  smtp?: boolean;
  env?: Record<string, string>;
  mail?: MailTransport;
  /** Run job workers in this process (default true). */
  workers?: boolean;
  clockStart?: string;
  /** PostgreSQL only: a second process on another app's database (the other app drops it). */
  sameDatabaseAs?: TestApp;
  /** Extra runtime overrides (job timings…). */
  runtime?: Omit<RuntimeOverrides, 'clock' | 'database' | 'mail'>;
}

export const TEST_SECRET = 'test-secret-key-0123456789abcdef0123456789';
/** scrypt at N=2^4 in tests (production stays at 2^15, asserted in test/unit/password-hashing). */
export const TEST_PASSWORD_HASH_COST = '4';

export async function startTestApp(options: TestAppOptions = {}): Promise<TestApp> {
  const smtp = options.smtp ? await startSmtpServer() : undefined;
  const config = loadConfig({
    NODE_ENV: 'test',
    SECRET_KEY: TEST_SECRET,
    APP_URL: 'http://beckon.test',
    LOG_LEVEL: process.env.TEST_LOG_LEVEL ?? 'silent',
    PASSWORD_HASH_COST: TEST_PASSWORD_HASH_COST,
    BECKON_ROLE: options.workers === false ? 'web' : 'all',
    ...(smtp ? { SMTP_URL: smtp.url } : {}),
    ...options.env,
  });
  const clock = new ManualClock(options.clockStart ?? new Date().toISOString());
  const sharedUrl = (options.sameDatabaseAs?.database as { url?: string } | undefined)?.url;
  if (options.sameDatabaseAs && !sharedUrl)
    throw new Error('sameDatabaseAs needs PostgreSQL (TEST_DATABASE_URL)');
  const database = sharedUrl
    ? await openDatabase({ databaseUrl: sharedUrl, dataDir: 'memory' })
    : await openTestDatabase();
  const runtime = await startRuntime(config, { ...options.runtime, clock, database, mail: options.mail });
  await runtime.app.ready();
  return {
    ...runtime,
    clock,
    smtp,
    client: () => new TestClient(runtime),
    async close() {
      await runtime.stop();
      await smtp?.close();
    },
  };
}

export interface TestResponse<T = any> {
  status: number;
  body: T;
  headers: Record<string, string | string[] | number | undefined>;
}

/** A browser-like client: keeps the session cookie and sends the CSRF token on changes. */
export class TestClient {
  cookie: string | undefined;
  csrfToken: string | undefined;
  bearer: string | undefined;
  /** The client address the server sees (inject's default is 127.0.0.1). */
  remoteAddress: string | undefined;
  readonly #runtime: Runtime;

  constructor(runtime: Runtime) {
    this.#runtime = runtime;
  }

  withApiKey(key: string): this {
    this.bearer = key;
    return this;
  }

  from(address: string): this {
    this.remoteAddress = address;
    return this;
  }

  async request<T = any>(
    method: string,
    url: string,
    body?: unknown,
    headers: Record<string, string> = {},
  ): Promise<TestResponse<T>> {
    const h: Record<string, string> = { ...headers };
    if (this.cookie) h.cookie = this.cookie;
    if (this.csrfToken && method !== 'GET') h['x-csrf-token'] = this.csrfToken;
    if (this.bearer) h.authorization = `Bearer ${this.bearer}`;
    const isRaw = typeof body === 'string' || Buffer.isBuffer(body);
    if (body !== undefined && !isRaw) h['content-type'] = 'application/json';
    const res = await this.#runtime.app.inject({
      method: method as 'GET',
      url,
      headers: h,
      ...(this.remoteAddress ? { remoteAddress: this.remoteAddress } : {}),
      payload: body === undefined ? undefined : isRaw ? (body as string) : JSON.stringify(body),
    });
    const setCookie = res.headers['set-cookie'];
    for (const c of Array.isArray(setCookie) ? setCookie : setCookie ? [setCookie] : []) {
      const [pair] = c.split(';');
      if (pair!.startsWith('beckon_session=')) this.cookie = pair!.endsWith('=') ? undefined : pair;
    }
    let parsed: any = res.body;
    if (String(res.headers['content-type'] ?? '').includes('json') && res.body) parsed = JSON.parse(res.body);
    if (parsed && typeof parsed === 'object' && typeof parsed.csrfToken === 'string')
      this.csrfToken = parsed.csrfToken;
    return { status: res.statusCode, body: parsed, headers: res.headers };
  }

  get<T = any>(url: string) {
    return this.request<T>('GET', url);
  }
  post<T = any>(url: string, body?: unknown, headers?: Record<string, string>) {
    return this.request<T>('POST', url, body ?? {}, headers);
  }
  patch<T = any>(url: string, body?: unknown) {
    return this.request<T>('PATCH', url, body ?? {});
  }
  delete<T = any>(url: string) {
    return this.request<T>('DELETE', url);
  }
}
