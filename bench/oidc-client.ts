/**
 * The relying parties of the OpenID Connect benchmark, in a process of their own: each of
 * CONCURRENCY loops is a browser with a Beckon session doing authorize → code → token → userinfo.
 */
import { createHash, randomBytes } from 'node:crypto';
import { connect, type Socket } from 'node:net';

interface Job {
  /** 'baseline': three GET /healthz per round trip instead, the HTTP stack's own ceiling right now. */
  mode?: 'oidc' | 'baseline';
  base: string;
  clientId: string;
  clientSecret: string;
  redirectUri: string;
  sessions: string[];
  seconds: number;
}

const b64 = (b: Buffer) => b.toString('base64url');

interface Answer {
  status: number;
  location: string | undefined;
  setCookie: string[];
  body: string;
}

/**
 * One kept-alive HTTP/1.1 connection, one request at a time: the request written as one string,
 * the answer read by its Content-Length. A load generator should cost little next to the server it
 * measures, which shares its cores: this costs about a third of node:http's CPU a request (which
 * itself costs half of fetch's). Anything it does not expect (a chunked answer, a closed
 * connection) fails the round trip instead of being measured wrong.
 */
class Connection {
  readonly #host: string;
  readonly #port: number;
  #socket: Socket | undefined;
  #buffer = '';
  #waiting: { resolve: (answer: Answer) => void; reject: (error: Error) => void } | undefined;

  constructor(base: string) {
    const url = new URL(base);
    this.#host = url.host;
    this.#port = Number(url.port);
  }

  #open(): Socket {
    const socket = connect({ port: this.#port, host: '127.0.0.1', noDelay: true });
    socket.setEncoding('latin1');
    const fail = (error: Error) => {
      this.#socket = undefined;
      this.#buffer = '';
      const waiting = this.#waiting;
      this.#waiting = undefined;
      waiting?.reject(error);
    };
    socket.on('data', (chunk: string) => {
      this.#buffer += chunk;
      try {
        this.#parse();
      } catch (error) {
        socket.destroy();
        fail(error as Error);
      }
    });
    socket.on('error', fail);
    socket.on('close', () => fail(new Error('connection closed')));
    return socket;
  }

  #parse() {
    const end = this.#buffer.indexOf('\r\n\r\n');
    if (end < 0 || !this.#waiting) return;
    const head = this.#buffer.slice(0, end);
    let length = 0;
    let location: string | undefined;
    const setCookie: string[] = [];
    const lines = head.split('\r\n');
    for (let i = 1; i < lines.length; i++) {
      const line = lines[i]!;
      const colon = line.indexOf(':');
      const name = line.slice(0, colon).toLowerCase();
      const value = line.slice(colon + 1).trim();
      if (name === 'content-length') length = Number(value);
      else if (name === 'location') location = value;
      else if (name === 'set-cookie') setCookie.push(value);
      else if (name === 'transfer-encoding') throw new Error(`unexpected transfer-encoding: ${value}`);
    }
    if (this.#buffer.length < end + 4 + length) return;
    const body = Buffer.from(this.#buffer.slice(end + 4, end + 4 + length), 'latin1').toString('utf8');
    this.#buffer = this.#buffer.slice(end + 4 + length);
    const waiting = this.#waiting;
    this.#waiting = undefined;
    waiting.resolve({ status: Number(lines[0]!.slice(9, 12)), location, setCookie, body });
  }

  send(path: string, options: { method?: string; headers?: Record<string, string>; body?: string } = {}) {
    this.#socket ??= this.#open();
    let request = `${options.method ?? 'GET'} ${path} HTTP/1.1\r\nhost: ${this.#host}\r\n`;
    for (const [name, value] of Object.entries(options.headers ?? {})) request += `${name}: ${value}\r\n`;
    if (options.body !== undefined) request += `content-length: ${Buffer.byteLength(options.body)}\r\n`;
    request += `\r\n${options.body ?? ''}`;
    return new Promise<Answer>((resolve, reject) => {
      this.#waiting = { resolve, reject };
      this.#socket!.write(request, 'utf8');
    });
  }

  close() {
    this.#socket?.destroy();
  }
}

class Browser {
  readonly cookies = new Map<string, string>();
  readonly connection: Connection;
  constructor(base: string, session: string) {
    this.connection = new Connection(base);
    this.cookies.set('beckon_session', session);
  }
  header() {
    return [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; ');
  }
  keep(res: Answer) {
    for (const c of res.setCookie) {
      const [pair] = c.split(';');
      const i = pair!.indexOf('=');
      const name = pair!.slice(0, i);
      const value = pair!.slice(i + 1);
      if (value) this.cookies.set(name, value);
      else this.cookies.delete(name);
    }
  }
}

async function roundTrip(job: Job, browser: Browser): Promise<void> {
  const verifier = b64(randomBytes(32));
  const challenge = b64(createHash('sha256').update(verifier).digest());
  const state = b64(randomBytes(12));
  let url = `${job.base}/oidc/auth?${new URLSearchParams({
    client_id: job.clientId,
    response_type: 'code',
    scope: 'openid email profile organization',
    redirect_uri: job.redirectUri,
    code_challenge: challenge,
    code_challenge_method: 'S256',
    state,
  })}`;
  let code: string | null = null;
  for (let hop = 0; hop < 6 && !code; hop++) {
    const at = new URL(url);
    const res = await browser.connection.send(at.pathname + at.search, {
      headers: { cookie: browser.header() },
    });
    browser.keep(res);
    const location = res.location;
    if (!location) throw new Error(`authorize: ${res.status} at ${url}`);
    const next = new URL(location, url);
    if (next.href.startsWith(job.redirectUri)) {
      if (next.searchParams.get('state') !== state) throw new Error('state mismatch');
      code = next.searchParams.get('code');
      if (!code) throw new Error(`authorize: ${next.searchParams.get('error')}`);
    }
    url = next.href;
  }
  const token = await browser.connection.send('/oidc/token', {
    method: 'POST',
    headers: {
      authorization: `Basic ${Buffer.from(`${job.clientId}:${job.clientSecret}`).toString('base64')}`,
      'content-type': 'application/x-www-form-urlencoded',
    },
    body: new URLSearchParams({
      grant_type: 'authorization_code',
      code: code!,
      redirect_uri: job.redirectUri,
      code_verifier: verifier,
    }).toString(),
  });
  const tokens = JSON.parse(token.body) as { access_token?: string; id_token?: string; error?: string };
  if (!tokens.access_token || !tokens.id_token) throw new Error(`token: ${token.status} ${tokens.error}`);
  const info = await browser.connection.send('/oidc/me', {
    headers: { authorization: `Bearer ${tokens.access_token}` },
  });
  const claims = JSON.parse(info.body) as { sub?: string };
  if (!claims.sub) throw new Error(`userinfo: ${info.status}`);
}

async function baselineTrip(browser: Browser): Promise<void> {
  for (let i = 0; i < 3; i++) {
    const res = await browser.connection.send('/healthz');
    if (res.status !== 200) throw new Error(`healthz: ${res.status}`);
  }
}

let go: (() => void) | undefined;

async function run(job: Job) {
  const browsers = job.sessions.map((s) => new Browser(job.base, s));
  const trip = job.mode === 'baseline' ? (_job: Job, browser: Browser) => baselineTrip(browser) : roundTrip;
  // Warm-up: the first sign-in of each browser goes through the interaction (one extra page).
  // The measured phase starts when the parent, having taken its "before" figures, says go.
  await Promise.all(browsers.map((b) => trip(job, b)));
  await new Promise<void>((resolve) => {
    go = resolve;
    process.send!({ warm: true });
  });
  const latencies: number[] = [];
  let errors = 0;
  let firstError: string | undefined;
  const cpuBefore = process.cpuUsage();
  const started = performance.now();
  const until = started + job.seconds * 1000;
  await Promise.all(
    browsers.map(async (browser) => {
      while (performance.now() < until) {
        const t0 = performance.now();
        try {
          await trip(job, browser);
          latencies.push(performance.now() - t0);
        } catch (error) {
          errors++;
          firstError ??= (error as Error).message;
        }
      }
    }),
  );
  const elapsed = (performance.now() - started) / 1000;
  const cpu = process.cpuUsage(cpuBefore);
  latencies.sort((a, b) => a - b);
  const at = (q: number) => latencies[Math.min(latencies.length - 1, Math.floor(q * latencies.length))] ?? 0;
  process.send!({
    count: latencies.length,
    elapsed,
    p50: at(0.5),
    p95: at(0.95),
    errors,
    firstError,
    cpuSeconds: (cpu.user + cpu.system) / 1e6,
  });
  for (const browser of browsers) browser.connection.close();
}

process.on('message', (message: Job | 'go') => {
  if (message === 'go') go?.();
  else void run(message);
});
process.send!({ ready: true });
