import { request as httpRequest } from 'node:http';
import type { AddressInfo } from 'node:net';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RegisteredRoute } from '../../src/http/route-catalog.ts';
import { orgWithOwner, sessionClient } from '../helpers/accounts.ts';
import { startTestApp, type TestApp } from '../helpers/app.ts';

/**
 * Generated malformed requests against every route the app registers, as an owner would send
 * them (API key or session with CSRF token) and as a stranger would. Any 5xx answer or dropped
 * connection fails the test and prints the request and the seed that reproduce it:
 *
 *   FUZZ_SEED=<seed> npx vitest run test/integration/generated-input.test.ts
 *
 * FUZZ_REQUESTS (default 5000) is the least number of requests sent in all; raise it for a longer
 * local run. FUZZ_KEEP_GOING=1 counts every 5xx instead of stopping at a route's first one.
 */
const SEED = Number(process.env.FUZZ_SEED ?? Math.floor(Math.random() * 2 ** 31));
const MIN_REQUESTS = Number(process.env.FUZZ_REQUESTS ?? 5000);
const KEEP_GOING = process.env.FUZZ_KEEP_GOING === '1';

type AuthKind = 'key' | 'session' | 'session-without-csrf' | 'none' | 'bad-bearer';

interface FuzzRequest {
  method: string;
  url: string;
  auth: AuthKind;
  /** Extra headers with odd values (file names, credentials, CSRF tokens). */
  headers?: Record<string, string>;
  contentType: string | undefined;
  body: string | Buffer | undefined;
}

interface Outcome {
  status?: number;
  error?: string;
  answer?: string;
}

/** What a route accepts, from the OpenAPI document the app builds from its TypeBox schemas. */
interface RouteSchemas {
  query: Array<{ name: string; schema: JsonSchema }>;
  body: JsonSchema | undefined;
}
type JsonSchema = Record<string, any>;

// ---------------------------------------------------------------------------------------------
// Values

const EXTREME_DATES = [
  '-271821-04-20T00:00:00.000Z',
  '+275760-09-13T00:00:00.000Z',
  '-004714-11-23T00:00:00Z',
  '+294277-01-01T00:00:00Z',
  '0000-01-01T00:00:00Z',
  '0001-01-01T00:00:00+14:00',
  '9999-12-31T23:59:59.999-14:00',
  '2024-02-30T00:00:00Z',
  '2024-01-01T24:00:00Z',
  '2024-01-01T23:59:60Z',
  '2024-13-01T00:00:00Z',
  '2024-01-01T00:00:00+99:99',
  '2024-01-01',
  '1970-01-01T00:00:00Z',
  'now',
];

const SPECIAL_STRINGS = [
  '',
  ' ',
  '\u0000',
  'a\u0000b',
  '\uD800',
  '\uFFFF',
  '\u202E',
  '\r\n',
  '💥',
  'null',
  'NaN',
  'Infinity',
  '-1',
  '1e400',
  '9007199254740993',
  '[]',
  '{}',
  "' OR 1=1 --",
  '{{ 7 | times: 7 }}',
  '{% for i in (1..99999999) %}x{% endfor %}',
  '<script>alert(1)</script>',
  '../../../etc/passwd',
  '%00',
  '%',
  '\\',
  'x@example.com',
  'x\u0000@example.com',
  '00000000-0000-0000-0000-000000000000',
  'ffffffff-ffff-ffff-ffff-ffffffffffff',
  ...EXTREME_DATES,
];

const specialString = fc.constantFrom(...SPECIAL_STRINGS);
const insertNul = (text: string, at: number) =>
  `${text.slice(0, at % (text.length + 1))}\u0000${text.slice(at % (text.length + 1))}`;
const withNul = (text: fc.Arbitrary<string>) => fc.tuple(text, fc.nat()).map(([s, at]) => insertNul(s, at));
const oddString: fc.Arbitrary<string> = fc.oneof(
  { arbitrary: specialString, weight: 4 },
  { arbitrary: fc.string({ unit: 'binary', maxLength: 40 }), weight: 2 },
  { arbitrary: withNul(fc.string({ maxLength: 20 })), weight: 2 },
  { arbitrary: fc.integer({ min: 256, max: 20_000 }).map((n) => 'x'.repeat(n)), weight: 1 },
);

const isoDate = fc
  .date({ min: new Date(-8.64e15), max: new Date(8.64e15), noInvalidDate: true })
  .map((d) => d.toISOString());
const dateString = fc.oneof(
  { arbitrary: fc.constantFrom(...EXTREME_DATES), weight: 3 },
  { arbitrary: isoDate, weight: 2 },
  { arbitrary: fc.constant(new Date(Date.now() + 86_400_000).toISOString()), weight: 1 },
);

const uuidString = fc.uuid();
const base64url = (text: string) => Buffer.from(text).toString('base64url');
const cursorString = fc.oneof(
  fc.tuple(dateString, uuidString).map(([at, id]) => base64url(`${at}|${id}`)),
  fc.tuple(oddString, oddString).map(([at, id]) => base64url(`${at}|${id}`)),
  oddString.map(base64url),
  oddString,
  fc.uint8Array({ maxLength: 64 }).map((bytes) => Buffer.from(bytes).toString('base64url')),
);

const anyJson = fc.jsonValue({ maxDepth: 3 });
const oddNumber = fc.oneof(
  fc.integer(),
  fc.double(),
  fc.constantFrom(0, -1, 2 ** 31, 2 ** 53 + 1, -(2 ** 63), 1e308, 0.5),
);

// ---------------------------------------------------------------------------------------------
// Shapes from schemas: a well-formed value with one field made odd, so that requests get past the
// shape checks and the odd value reaches the handler, the service and the database.

const futureDate = () => new Date(Date.now() + 7 * 86_400_000).toISOString();

/** A plausible value for a string field, guessed from its format and name. */
function goodString(name: string, schema: JsonSchema, ids: string[]): fc.Arbitrary<string> {
  if (/cursor/i.test(name)) return fc.constant('');
  if (schema.format === 'date-time' || /At$|before|after|since|until/i.test(name))
    return fc.constantFrom(futureDate(), '2025-01-01T00:00:00Z');
  if (schema.format === 'email' || /email/i.test(name))
    return fc.constantFrom('ann@example.com', 'fuzz.invitee@example.com');
  if (schema.format === 'uuid' || /Id$|^id$/.test(name)) return fc.constantFrom(...ids);
  if (schema.format === 'uri' || /url/i.test(name)) return fc.constant('https://example.com/hook');
  if (/html|text|body/i.test(name)) return fc.constant('<p>Hi {{ person.name }}</p> {{ link }}');
  if (/subject/i.test(name)) return fc.constant('Join {{ organization.name }}');
  if (typeof schema.pattern === 'string') {
    try {
      const pattern = new RegExp(schema.pattern);
      return fc.stringMatching(pattern).filter((v) => v.length <= (schema.maxLength ?? 200));
    } catch {
      // A pattern fast-check cannot generate from: the plain strings below will do.
    }
  }
  const min = schema.minLength ?? 1;
  const max = Math.max(min, Math.min(schema.maxLength ?? 30, 30));
  return fc.oneof(
    fc.constantFrom('Fuzz', 'ann', 'Onboarding team').filter((v) => v.length >= min && v.length <= max),
    fc.string({ minLength: min, maxLength: max }),
  );
}

/** A value that satisfies the schema as far as we can tell (no odd fields yet). */
function goodValue(
  name: string,
  schema: JsonSchema | undefined,
  ids: string[],
  depth = 0,
): fc.Arbitrary<unknown> {
  if (!schema || depth > 5) return anyJson;
  const variants = schema.anyOf ?? schema.oneOf;
  if (Array.isArray(variants) && variants.length)
    return fc.oneof(...variants.map((v: JsonSchema) => goodValue(name, v, ids, depth + 1)));
  if (Array.isArray(schema.enum) && schema.enum.length) return fc.constantFrom(...schema.enum);
  if (schema.const !== undefined) return fc.constant(schema.const);
  const type = Array.isArray(schema.type) ? schema.type[0] : schema.type;
  switch (type) {
    case 'object': {
      const properties: Record<string, JsonSchema> = schema.properties ?? {};
      return fc.record(
        Object.fromEntries(
          Object.entries(properties).map(([key, s]) => [key, goodValue(key, s, ids, depth + 1)]),
        ),
        { requiredKeys: (schema.required ?? []).filter((k: string) => k in properties) },
      );
    }
    case 'array':
      return fc.array(goodValue(name, schema.items, ids, depth + 1), {
        minLength: Math.min(schema.minItems ?? 1, 3),
        maxLength: Math.max(Math.min(schema.maxItems ?? 3, 3), Math.min(schema.minItems ?? 1, 3)),
      });
    case 'string':
      return goodString(name, schema, ids);
    case 'integer':
    case 'number': {
      const min = schema.minimum ?? (schema.exclusiveMinimum ?? -1) + 1;
      return fc.integer({ min, max: Math.max(min, Math.min(schema.maximum ?? 100, 2 ** 31)) });
    }
    case 'boolean':
      return fc.boolean();
    case 'null':
      return fc.constant(null);
    default:
      return anyJson;
  }
}

type Path = Array<string | number>;
function leafPaths(value: unknown, path: Path = []): Path[] {
  if (Array.isArray(value)) return [path, ...value.flatMap((v, i) => leafPaths(v, [...path, i]))];
  if (value && typeof value === 'object')
    return [path, ...Object.entries(value).flatMap(([k, v]) => leafPaths(v, [...path, k]))];
  return [path];
}
function replaceAt(value: unknown, path: Path, replacement: (old: unknown) => unknown): unknown {
  if (path.length === 0) return replacement(value);
  const [head, ...rest] = path;
  const copy: any = Array.isArray(value) ? [...value] : { ...(value as object) };
  copy[head as string] = replaceAt(copy[head as string], rest, replacement);
  return copy;
}

const oddValue: fc.Arbitrary<(old: unknown) => unknown> = fc.oneof(
  {
    arbitrary: fc
      .nat()
      .map(
        (at) => (old: unknown) => insertNul(typeof old === 'string' ? old : (JSON.stringify(old) ?? ''), at),
      ),
    weight: 4,
  },
  { arbitrary: oddString.map((v) => () => v), weight: 3 },
  { arbitrary: dateString.map((v) => () => v), weight: 2 },
  { arbitrary: cursorString.map((v) => () => v), weight: 1 },
  { arbitrary: oddNumber.map((v) => () => v), weight: 1 },
  { arbitrary: anyJson.map((v) => () => v), weight: 1 },
  { arbitrary: fc.constant(() => undefined), weight: 1 },
);

/**
 * Mostly a well-formed value with one field (or the whole) replaced by something odd; a cursor or
 * a time field mostly gets an odd cursor or time, the likeliest to slip past the shape checks.
 */
function valueWithOneOddField(name: string, schema: JsonSchema | undefined, ids: string[]) {
  return fc
    .record({
      good: goodValue(name, schema, ids),
      which: fc.nat(),
      odd: oddValue,
      cursor: cursorString,
      date: dateString,
      aimed: fc.boolean(),
      keep: fc.integer({ min: 0, max: 9 }),
    })
    .map(({ good, which, odd, cursor, date, aimed, keep }) => {
      if (keep === 0) return good;
      const paths = leafPaths(good);
      const path = paths[which % paths.length]!;
      const key = String(path.at(-1) ?? name);
      if (aimed && /cursor/i.test(key)) return replaceAt(good, path, () => cursor);
      if (aimed && /At$|date|time|before|after|since|until/i.test(key))
        return replaceAt(good, path, () => date);
      return replaceAt(good, path, odd);
    });
}

// ---------------------------------------------------------------------------------------------
// Requests

/** Percent-encodes any string, lone surrogates included (as the bytes of U+D800…). */
function encode(text: string): string {
  try {
    return encodeURIComponent(text);
  } catch {
    return [...text].map((ch) => encodeURIComponent(ch.isWellFormed() ? ch : '\uFFFD')).join('');
  }
}

/** Paths behind wildcard routes (the console, the OpenID provider, the API docs). */
const wildcardTail = fc.constantFrom(
  '',
  'index.html',
  'auth',
  'token',
  'jwks',
  'me',
  'session/end',
  'token/introspection',
  'token/revocation',
  '.well-known/openid-configuration',
  'static/index.html',
);
const rawSegment = fc.constantFrom('%', '%zz', '%00', '%C0%AF', '..', '%2F', '%E2%80%AE');

function segmentFor(param: string, ids: string[], orgId: () => string): fc.Arbitrary<string> {
  const odd = fc.oneof(
    oddString.map((v) => encode(v.slice(0, 2000))),
    rawSegment,
    uuidString,
  );
  if (param === 'org')
    return fc.oneof({ arbitrary: fc.constant(null).map(orgId), weight: 8 }, { arbitrary: odd, weight: 2 });
  return fc.oneof({ arbitrary: fc.constantFrom(...ids), weight: 3 }, { arbitrary: odd, weight: 3 });
}

const BOUNDARY = 'fuzzBoundary7MA4YWxkTrZu0gW';
const multipartFile = (content: string, filename = 'people.csv') =>
  `--${BOUNDARY}\r\nContent-Disposition: form-data; name="file"; filename="${filename}"\r\n` +
  `Content-Type: text/csv\r\n\r\n${content}\r\n--${BOUNDARY}--\r\n`;

const rawBody: fc.Arbitrary<{ contentType: string | undefined; body: string | Buffer }> = fc.oneof(
  fc.record({
    contentType: fc.constantFrom(
      'application/json',
      'application/json; charset=utf-16',
      'application/json; charset=x',
    ),
    body: fc.oneof(
      fc.constantFrom('', '{', '{"a":', 'nul', '[', '"\u0000"', '{"__proto__":{"x":1}}', '1e999999'),
      fc.nat({ max: 5000 }).map((n) => `${'['.repeat(n)}${']'.repeat(n)}`),
      fc.string({ unit: 'binary', maxLength: 60 }),
    ),
  }),
  fc.record({
    contentType: fc.constantFrom(
      undefined,
      'text/plain',
      'text/csv',
      'application/x-www-form-urlencoded',
      'application/xml',
      'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
      'image/png',
      '',
      ';;;',
    ),
    body: fc.oneof(
      fc.string({ unit: 'binary', maxLength: 200 }),
      fc.uint8Array({ maxLength: 400 }).map((b) => Buffer.from(b)),
      fc.constantFrom('email\nann@example.com\n', 'email\n\u0000@x.io\n', 'PK\u0003\u0004garbage'),
    ),
  }),
  // Multipart: no boundary, an odd boundary, a body cut short, odd names and contents.
  fc.record({
    contentType: fc.constantFrom(
      'multipart/form-data',
      'multipart/form-data; boundary=',
      `multipart/form-data; boundary=${'b'.repeat(200)}`,
      'multipart/mixed',
    ),
    body: fc.constantFrom(multipartFile('email\nann@example.com\n'), '', '--x\r\n'),
  }),
  fc
    .tuple(fc.constantFrom('email\nann@example.com\n', 'email\n\u0000\n', ''), fc.nat(), fc.string())
    .map(([content, cut, filename]) => {
      const full = multipartFile(content, filename.replace(/["\r\n]/g, ''));
      return {
        contentType: `multipart/form-data; boundary=${BOUNDARY}`,
        body: full.slice(0, cut % (full.length + 1)),
      };
    }),
);

function requestFor(
  route: RegisteredRoute,
  schemas: RouteSchemas | undefined,
  ids: string[],
  orgId: () => string,
): fc.Arbitrary<FuzzRequest> {
  const segments = route.path.split('/').map((part) => {
    if (part.startsWith(':')) return segmentFor(part.slice(1), ids, orgId);
    if (part === '*')
      return fc.oneof(
        oddString.map((v) => encode(v.slice(0, 2000))),
        rawSegment,
        wildcardTail,
      );
    return fc.constant(part);
  });
  const path = fc.tuple(...segments).map((parts) => parts.join('/'));

  // Query strings stay within Node's 16 KB header limit, so that the handlers see them.
  const cap = (text: string, max: number) => encode(text.slice(0, max));
  const querySchema = {
    type: 'object',
    properties: Object.fromEntries((schemas?.query ?? []).map((q) => [q.name, q.schema])),
  };
  const query = fc
    .tuple(
      valueWithOneOddField('query', querySchema, ids),
      fc.array(fc.tuple(oddString, oddString), { maxLength: 2 }),
      fc.boolean(),
    )
    .map(([known, extra, repeat]) => {
      const pairs: Array<[string, string]> = [];
      const entries: Array<[string, unknown]> =
        known && typeof known === 'object' ? Object.entries(known) : [['q', known]];
      for (const [k, v] of entries) {
        if (v === undefined) continue;
        for (const item of Array.isArray(v) && repeat ? v : [v])
          pairs.push([k, typeof item === 'string' ? item : JSON.stringify(item)]);
      }
      if (!repeat) pairs.push(...extra);
      return pairs.map(([k, v]) => `${cap(k, 100)}=${cap(v ?? '', 1000)}`).join('&');
    });

  const jsonBody = fc
    .oneof(
      { arbitrary: valueWithOneOddField('body', schemas?.body, ids), weight: schemas?.body ? 8 : 1 },
      { arbitrary: anyJson, weight: 1 },
    )
    .map((value) => ({ contentType: 'application/json', body: JSON.stringify(value) as string | Buffer }));
  const body = fc.oneof(
    { arbitrary: jsonBody, weight: 6 },
    { arbitrary: rawBody, weight: 3 },
    { arbitrary: fc.constant({ contentType: undefined, body: undefined }), weight: 1 },
  );

  const auth = fc.oneof(
    { arbitrary: fc.constant<AuthKind>('key'), weight: 4 },
    { arbitrary: fc.constant<AuthKind>('session'), weight: 4 },
    {
      arbitrary: fc.constantFrom<AuthKind>('session-without-csrf', 'none', 'bad-bearer'),
      weight: 1,
    },
  );

  // Header values are Latin-1 text without control characters, or the client refuses to send them.
  const headerText = oddString.map((v) => v.replace(/[^\x20-\x7e]/g, '').slice(0, 2000));
  const headers = fc.option(
    fc.oneof(
      headerText.map((v) => ({ 'content-disposition': `attachment; filename="${v.replaceAll('"', '')}"` })),
      oddString.map((v) => ({
        'content-disposition': `attachment; filename*=UTF-8''${encode(v.slice(0, 500))}`,
      })),
      headerText.map((v) => ({ authorization: v })),
      headerText.map((v) => ({ cookie: `beckon_session=${v.replace(/[;,\s]/g, '')}`, 'x-csrf-token': v })),
      headerText.map((v) => ({ accept: v, 'accept-language': v })),
    ),
    { nil: undefined },
  );

  return fc
    .record({ path, query, body, auth, headers })
    .map(({ path: p, query: q, body: b, auth: a, headers: h }) => ({
      method: route.method,
      url: q ? `${p}?${q}` : p,
      auth: a,
      headers: h,
      contentType: b.contentType,
      body: b.body,
    }));
}

// ---------------------------------------------------------------------------------------------

function describeRequest(req: FuzzRequest, outcome: Outcome): string {
  const body = req.body === undefined ? '' : Buffer.from(req.body).toString('utf8');
  return [
    `${req.method} ${req.url.length > 1000 ? `${req.url.slice(0, 1000)}…` : req.url} (${req.auth})`,
    `content-type: ${req.contentType ?? '(none)'}`,
    ...(req.headers ? [`headers: ${JSON.stringify(req.headers).slice(0, 600)}`] : []),
    `body (${Buffer.byteLength(body)} bytes): ${JSON.stringify(body.length > 600 ? `${body.slice(0, 600)}…` : body)}`,
    outcome.error ? `connection: ${outcome.error}` : `answer: ${outcome.status} ${outcome.answer ?? ''}`,
  ].join('\n');
}

describe('generated malformed requests on every route', () => {
  let t: TestApp;
  let port: number;
  let routes: RegisteredRoute[];
  const schemas = new Map<string, RouteSchemas>();
  const actor = { orgId: '', keys: [] as string[], sessions: [] as Array<{ cookie: string; csrf: string }> };
  const ids: string[] = [];
  let sent = 0;
  let clientAddress = 0;

  async function becomeOwner() {
    const owner = await orgWithOwner(t, 'Fuzz Inc');
    actor.orgId = owner.org.id;
    actor.sessions = [];
    actor.keys = [];
    for (let i = 0; i < 4; i++) {
      const client = i === 0 ? owner.client : await sessionClient(t, owner.user.id);
      actor.sessions.push({ cookie: client.cookie!, csrf: client.csrfToken! });
      const key = await client.post(`/api/v1/orgs/${owner.org.id}/api-keys`, { name: `fuzz ${i}` });
      if (key.status !== 201) throw new Error(`API key: ${key.status} ${JSON.stringify(key.body)}`);
      actor.keys.push(key.body.key);
    }
    // Real rows, so some requests name things that exist.
    const base = `/api/v1/orgs/${owner.org.id}`;
    const made = await Promise.all([
      owner.client.post(`${base}/groups`, { name: 'Fuzzers', trainings: ['Intro'] }),
      owner.client.post(`${base}/invitations`, { emails: ['fuzz.invitee@example.com'] }),
      owner.client.post(`${base}/templates`, {
        kind: 'invitation',
        name: 'Fuzz',
        subject: 'Join {{ organization.name }}',
        html: '<a href="{{ link }}">Join</a>',
        text: 'Join {{ link }}',
      }),
      owner.client.post(`${base}/webhooks`, {
        url: 'https://example.com/hook',
        events: ['invitation.created'],
      }),
      owner.client.get(`${base}/members`),
    ]);
    const found = JSON.stringify(made.map((r) => r.body)).match(
      /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/g,
    );
    ids.splice(0, ids.length, ...new Set(found ?? []));
    if (ids.length === 0) ids.push('00000000-0000-4000-8000-000000000000');
  }

  async function ownerStillActs(): Promise<boolean> {
    const checks = [
      ...actor.sessions.map((s) =>
        send(
          { method: 'GET', url: '/api/v1/session', auth: 'session', contentType: undefined, body: undefined },
          s,
        ),
      ),
      ...actor.keys.map((k) =>
        send(
          {
            method: 'GET',
            url: `/api/v1/orgs/${actor.orgId}`,
            auth: 'key',
            contentType: undefined,
            body: undefined,
          },
          undefined,
          k,
        ),
      ),
    ];
    return (await Promise.all(checks)).every((o) => o.status === 200);
  }

  function send(
    req: FuzzRequest,
    session = actor.sessions[sent % 4],
    key = actor.keys[sent % 4],
  ): Promise<Outcome> {
    clientAddress++;
    const headers: Record<string, string> = {
      // A client address per request, so per-address rate limits do not hide the handlers.
      'x-forwarded-for': `10.${(clientAddress >> 16) & 255}.${(clientAddress >> 8) & 255}.${clientAddress & 255}`,
    };
    if (req.contentType !== undefined) headers['content-type'] = req.contentType;
    // Framed by length on every method: Node's client would send a GET body unframed.
    if (req.body !== undefined) headers['content-length'] = String(Buffer.byteLength(req.body));
    if (req.auth === 'key') headers.authorization = `Bearer ${key}`;
    if (req.auth === 'bad-bearer') headers.authorization = 'Bearer bk_not-a-key';
    if (req.auth === 'session' || req.auth === 'session-without-csrf') headers.cookie = session!.cookie;
    if (req.auth === 'session') headers['x-csrf-token'] = session!.csrf;
    Object.assign(headers, req.headers);
    return new Promise((resolve) => {
      let outgoing: ReturnType<typeof httpRequest>;
      try {
        outgoing = httpRequest(
          { host: '127.0.0.1', port, method: req.method, path: req.url, headers, agent: false },
          (res) => {
            const chunks: Buffer[] = [];
            res.on('data', (c: Buffer) => chunks.push(c));
            res.on('end', () =>
              resolve({
                status: res.statusCode,
                answer: Buffer.concat(chunks).toString('utf8').slice(0, 300),
              }),
            );
            res.on('error', (e) => resolve({ error: e.message }));
          },
        );
      } catch (e) {
        // The client itself refused the request (an unsendable path): nothing reached the server.
        resolve({ status: 400, answer: `client refused: ${(e as Error).message}` });
        return;
      }
      outgoing.setTimeout(20_000, () => outgoing.destroy(new Error('no answer within 20 s')));
      outgoing.on('error', (e) => resolve({ error: e.message }));
      outgoing.end(req.body);
    });
  }

  beforeAll(async () => {
    t = await startTestApp({ workers: false, env: { TRUST_PROXY: 'true' } });
    await t.app.listen({ host: '127.0.0.1', port: 0 });
    port = (t.app.server.address() as AddressInfo).port;
    routes = t.app.registeredRoutes();
    const doc = t.app.swagger() as { paths?: Record<string, Record<string, any>> };
    for (const [path, operations] of Object.entries(doc.paths ?? {})) {
      for (const [method, op] of Object.entries(operations)) {
        const parameters: Array<{ in: string; name: string; schema: JsonSchema }> = op.parameters ?? [];
        schemas.set(`${method.toUpperCase()} ${path.replace(/\{(\w+)\}/g, ':$1')}`, {
          query: parameters.filter((p) => p.in === 'query').map((p) => ({ name: p.name, schema: p.schema })),
          body: op.requestBody?.content?.['application/json']?.schema,
        });
      }
    }
    await becomeOwner();
  });
  afterAll(() => t?.close());

  // A loaded machine runs about 100 requests a second; the default file timeout would cut a long run.
  it('answers every request with a status below 500 and never drops the connection', {
    timeout: 120_000 + MIN_REQUESTS * 50,
  }, async () => {
    // The route table was read: the routes exist with their parameters.
    expect(routes.length).toBeGreaterThan(50);
    expect(routes).toContainEqual({ method: 'POST', path: '/api/v1/orgs/:org/imports' });
    expect(routes).toContainEqual({ method: 'GET', path: '/api/v1/orgs/:org/invitations/:id' });
    const runsPerRoute = Math.ceil(MIN_REQUESTS / routes.length);
    const failures: string[] = [];
    let serverErrors = 0;
    const failingRoutes = new Set<string>();
    const answers = new Map<string, number>();
    for (const [index, route] of routes.entries()) {
      // Only a change (sign-out, password change, a removed key) can leave the owner unable to act.
      const previous = routes[index - 1];
      if (previous && !['GET', 'HEAD'].includes(previous.method) && !(await ownerStillActs()))
        await becomeOwner();
      const routeSchemas = schemas.get(`${route.method === 'HEAD' ? 'GET' : route.method} ${route.path}`);
      const property = fc.asyncProperty(
        requestFor(route, routeSchemas, ids, () => actor.orgId),
        async (req) => {
          sent++;
          const outcome = await send(req);
          const kind = outcome.status ? `${String(outcome.status)[0]}xx` : 'dropped';
          answers.set(kind, (answers.get(kind) ?? 0) + 1);
          if (outcome.error === undefined && (outcome.status ?? 500) < 500) return;
          serverErrors++;
          failingRoutes.add(`${route.method} ${route.path}`);
          if (KEEP_GOING) {
            failures.push(describeRequest(req, outcome));
            return;
          }
          throw new Error(describeRequest(req, outcome));
        },
      );
      const details = await fc.check(property, { seed: SEED + index, numRuns: runsPerRoute });
      if (details.failed) {
        failures.push(
          `${route.method} ${route.path} (FUZZ_SEED=${SEED}, fast-check seed ${details.seed}, path ${details.counterexamplePath})\n` +
            `${details.errorInstance instanceof Error ? details.errorInstance.message : String(details.errorInstance)}`,
        );
      }
    }
    console.info(
      `generated-input: FUZZ_SEED=${SEED}, ${routes.length} routes, ${sent} requests, ${serverErrors} 5xx or dropped on ${failingRoutes.size} routes; answers ${JSON.stringify(Object.fromEntries(answers))}`,
    );
    expect(failures, `FUZZ_SEED=${SEED}\n\n${failures.join('\n\n')}`).toEqual([]);
    expect(sent).toBeGreaterThanOrEqual(MIN_REQUESTS);
    // Some requests got through to the handlers and succeeded: the generator is not all noise.
    expect(answers.get('2xx') ?? 0).toBeGreaterThan(MIN_REQUESTS / 50);
  });
});
