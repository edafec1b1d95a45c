/**
 * The relying parties of the OpenID Connect benchmark, in a process of their own: each of
 * CONCURRENCY loops is a browser with a Beckon session doing authorize → code → token → userinfo.
 */
import { createHash, randomBytes } from 'node:crypto';
import http from 'node:http';

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

// A load generator should cost little next to the server it measures, which shares its cores:
// node:http on kept-alive connections costs half the CPU per request of fetch.
const agent = new http.Agent({ keepAlive: true, maxSockets: 64 });

function send(
  url: string,
  options: { method?: string; headers?: http.OutgoingHttpHeaders; body?: string } = {},
) {
  return new Promise<Answer>((resolve, reject) => {
    const req = http.request(
      url,
      { method: options.method ?? 'GET', headers: options.headers, agent },
      (res) => {
        let body = '';
        res.setEncoding('utf8');
        res.on('data', (chunk: string) => {
          body += chunk;
        });
        res.on('end', () =>
          resolve({
            status: res.statusCode ?? 0,
            location: res.headers.location,
            setCookie: res.headers['set-cookie'] ?? [],
            body,
          }),
        );
        res.on('error', reject);
      },
    );
    req.on('error', reject);
    req.end(options.body);
  });
}

class Browser {
  readonly cookies = new Map<string, string>();
  constructor(session: string) {
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
    const res = await send(url, { headers: { cookie: browser.header() } });
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
  const token = await send(`${job.base}/oidc/token`, {
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
  const info = await send(`${job.base}/oidc/me`, {
    headers: { authorization: `Bearer ${tokens.access_token}` },
  });
  const claims = JSON.parse(info.body) as { sub?: string };
  if (!claims.sub) throw new Error(`userinfo: ${info.status}`);
}

async function baselineTrip(job: Job): Promise<void> {
  for (let i = 0; i < 3; i++) {
    const res = await send(`${job.base}/healthz`);
    if (res.status !== 200) throw new Error(`healthz: ${res.status}`);
  }
}

let go: (() => void) | undefined;

async function run(job: Job) {
  const browsers = job.sessions.map((s) => new Browser(s));
  const trip = job.mode === 'baseline' ? (_job: Job, _b: Browser) => baselineTrip(job) : roundTrip;
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
}

process.on('message', (message: Job | 'go') => {
  if (message === 'go') go?.();
  else void run(message);
});
process.send!({ ready: true });
