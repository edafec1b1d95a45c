import { setImmediate as yieldToEventLoop } from 'node:timers/promises';
import { Liquid, Tag, type Template } from 'liquidjs';
import type { EmailKind, EmailVars, RenderedEmail } from '../mail/render.ts';
import { AppError } from '../shared/errors.ts';
import { roleName, type TemplateContent } from './builtins/index.ts';
import { type EmailLanguage, ENGLISH_UTC, formatEmailDate } from './dates.ts';
import { VARIABLES } from './variables.ts';
import {
  chargeCaptures,
  chargeFilterWork,
  cpuLimitedContext,
  indexTokenPositions,
  markupOf,
} from './work-limits.ts';

/** Limits on what an organization's template may cost us. */
export const TEMPLATE_LIMITS = {
  /** Source size per body (bytes, UTF-8). */
  bodyBytes: 50_000,
  subjectChars: 500,
  /** Liquid tags and outputs per field, and characters inside them: parsing cost (see markupOf). */
  markupTags: 500,
  markupChars: 10_000,
  /** Rendered size per body (bytes). */
  renderedBytes: 250_000,
  /**
   * CPU time to render the sample data when a template is saved or previewed (ms; see
   * cpuLimitedContext). It is checked between tags and outputs, so it bounds loops; the work
   * inside one tag or output is bounded by workUnits.
   */
  renderMs: 20,
  /**
   * Wall time to render an email (liquidjs renderLimit): the template already rendered within
   * renderMs and its work is bounded by workUnits, so this is a backstop that a busy machine or a
   * garbage-collection pause does not trip (which would send the built-in template instead, or
   * fail the built-in one), and that costs no system call per render.
   */
  sendRenderMs: 200,
  /**
   * liquidjs memoryLimit per render: range elements, characters and array elements that filters
   * read (see work-limits.ts). At most about 0.15 µs of work per unit, so ~15 ms; a real email
   * uses a few thousand.
   */
  workUnits: 100_000,
};

/** Where the link goes in a rendered email (only [A-Z_]: survives HTML escaping untouched). */
const SAMPLE_LINK = '__BECKON_LINK__';

class DisabledTag extends Tag {
  constructor(
    token: ConstructorParameters<typeof Tag>[0],
    remain: ConstructorParameters<typeof Tag>[1],
    liquid: Liquid,
  ) {
    super(token, remain, liquid);
    throw new Error(`The "${token.name}" tag is not available in email templates`);
  }
  *render(): Generator<unknown, void, unknown> {}
}

function makeEngine(html: boolean): Liquid {
  const engine = new Liquid({
    ...(html ? { outputEscape: 'escape' as const } : {}),
    strictVariables: true,
    strictFilters: true,
    ownPropertyOnly: true,
    // No file system: partials and layouts resolve against an empty in-memory map (and their tags are disabled).
    templates: {},
    // No parseLimit: liquidjs counts it over the engine's lifetime, not per template. Sizes are checked before parsing.
    renderLimit: TEMPLATE_LIMITS.sendRenderMs,
    memoryLimit: TEMPLATE_LIMITS.workUnits,
  });
  for (const name of ['include', 'render', 'layout', 'block']) engine.registerTag(name, DisabledTag);
  if (html) {
    // Every output is escaped in HTML: `raw` is a no-op, so a name like <script> cannot get through.
    engine.registerFilter('raw', (value: unknown) => value);
    // Plain text to HTML: escaped, line breaks kept. Its output is already safe.
    engine.registerFilter('text_to_html', {
      raw: true,
      handler: (value: unknown) =>
        value == null
          ? ''
          : String(value)
              .replace(/&/g, '&amp;')
              .replace(/</g, '&lt;')
              .replace(/>/g, '&gt;')
              .replace(/"/g, '&quot;')
              .replace(/'/g, '&#39;')
              .replace(/\r?\n/g, '<br>\n'),
    });
  } else {
    engine.registerFilter('text_to_html', (value: unknown) => (value == null ? '' : String(value)));
  }
  chargeFilterWork(engine);
  chargeCaptures(engine);
  return engine;
}

indexTokenPositions();

const htmlEngine = makeEngine(true);
const textEngine = makeEngine(false);

export type TemplateField = 'subject' | 'html' | 'text';
const FIELD_LABELS: Record<TemplateField, string> = {
  subject: 'subject',
  html: 'HTML body',
  text: 'text body',
};
const engineFor = (field: TemplateField) => (field === 'html' ? htmlEngine : textEngine);

const str = (x: unknown): string | null => (x === null || x === undefined || x === '' ? null : String(x));
const date = (x: unknown): Date | null => {
  if (x === null || x === undefined || x === '') return null;
  const d = x instanceof Date ? x : new Date(String(x));
  return Number.isNaN(d.getTime()) ? null : d;
};

const stringList = (x: unknown): string[] => (Array.isArray(x) ? x.map(String) : []);

/**
 * The Liquid scope for a kind: every documented variable is present (null when unknown). Dates and
 * role names are in the email's language, times in its zone.
 */
export function scopeFor(
  kind: EmailKind,
  vars: EmailVars,
  language: EmailLanguage = ENGLISH_UTC,
): Record<string, unknown> {
  const expires = date(vars.expiresAt);
  const formatDate = (d: Date) => formatEmailDate(d, language);
  const accent = str(vars.accentColor) ?? '#2563eb';
  const base = {
    organization: {
      name: str(vars.organizationName) ?? 'Beckon',
      accent_color: accent,
      accent_text_color: str(vars.accentTextColor) ?? '#ffffff',
      logo: vars.logo ?? null,
    },
    recipient: { email: str(vars.recipientEmail) ?? '', name: str(vars.recipientName) },
    link: vars.link ?? '',
  };
  const beckon = { ...base.organization, name: 'Beckon', logo: null };
  switch (kind) {
    case 'invitation':
    case 'reminder': {
      const role = str(vars.role) ?? 'learner';
      return {
        ...base,
        recipient: { email: base.recipient.email },
        inviter: { name: str(vars.inviterName) },
        invitation: {
          role,
          role_name: roleName(role, language.locale),
          groups: stringList(vars.groups),
          trainings: stringList(vars.trainings),
          expires_at: expires ? formatDate(expires) : null,
          expires_at_iso: expires?.toISOString() ?? null,
        },
        message: str(vars.message),
        decline_link: base.link ? `${base.link}?decline=1` : '',
      };
    }
    case 'renewal_requested':
      return {
        ...base,
        recipient: { email: base.recipient.email },
        invitee: { email: str(vars.inviteeEmail) ?? '' },
      };
    case 'join_verification':
      return {
        organization: base.organization,
        recipient: { email: base.recipient.email },
        link: base.link,
        link_expires_at: expires ? formatDate(expires) : null,
      };
    case 'account_ready':
      return {
        ...base,
        inviter: { name: str(vars.inviterName) },
        password_change_required: vars.passwordChangeRequired === true,
      };
    case 'added_to_organization':
      return { ...base, inviter: { name: str(vars.inviterName) } };
    case 'password_reset':
      return {
        ...base,
        organization: beckon,
        link_expires_at: expires ? formatDate(expires) : null,
      };
    case 'sign_in_paused':
      return {
        ...base,
        organization: beckon,
        paused_until: expires ? formatDate(expires) : null,
      };
  }
}

/** Example data for previews and validation, from the documented examples. */
export function sampleVars(kind: EmailKind): EmailVars {
  const ex = (name: string) => VARIABLES[kind].find((x) => x.name === name)?.example ?? null;
  const expires = new Date(Date.UTC(2026, 10, 29, 10, 0));
  return {
    organizationName: String(ex('organization.name') ?? 'Acme Training'),
    inviterName: ex('inviter.name') as string | null,
    recipientEmail: String(ex('recipient.email') ?? 'sam@example.com'),
    recipientName: ex('recipient.name') as string | null,
    role: 'learner',
    groups: (ex('invitation.groups') as string | null)?.split(', ') ?? [],
    trainings: (ex('invitation.trainings') as string | null)?.split(', ') ?? [],
    inviteeEmail: ex('invitee.email') as string | null,
    message: ex('message') as string | null,
    expiresAt: expires,
    passwordChangeRequired: true,
    link: SAMPLE_LINK,
  };
}

function allowedPaths(kind: EmailKind): string[][] {
  return VARIABLES[kind].map((x) => x.name.split('.'));
}

export function invalidTemplate(message: string, field: TemplateField, line?: number): AppError {
  return new AppError(400, 'invalid_template', message, { details: { field, ...(line ? { line } : {}) } });
}

interface LiquidErr {
  message: string;
  token?: { getPosition?: () => [number, number] };
}
const lineOf = (err: unknown): number | undefined => (err as LiquidErr).token?.getPosition?.()[0];
const cleanMessage = (err: unknown) =>
  String((err as LiquidErr).message ?? err)
    .replace(/, line:\d+, col:\d+$/, '')
    .split('\n')[0]!;

/** Parses one field; unknown tags, filters and syntax errors come back with their line. */
const parsedCache = new Map<string, Template[]>();
function parseField(field: TemplateField, source: string): Template[] {
  const key = `${field === 'html' ? 'h' : 't'}\u0000${source}`;
  const hit = parsedCache.get(key);
  if (hit) return hit;
  try {
    const tpl = engineFor(field).parse(source);
    if (parsedCache.size >= 500) parsedCache.delete(parsedCache.keys().next().value!);
    parsedCache.set(key, tpl);
    return tpl;
  } catch (err) {
    const line = lineOf(err);
    const message = cleanMessage(err).replace(/^undefined filter: (.+)$/, 'Unknown filter "$1"');
    throw invalidTemplate(`${message}${line ? ` on line ${line}` : ''}`, field, line);
  }
}

/** Every variable not defined by the template itself must be one of the kind's documented variables. */
function checkVariables(kind: EmailKind, field: TemplateField, tpl: Template[]): void {
  const allowed = allowedPaths(kind);
  const analysis = engineFor(field).analyzeSync(tpl, { partials: false });
  for (const uses of Object.values(analysis.globals)) {
    for (const use of uses) {
      const segments = use.segments;
      const path: string[] = [];
      for (const s of segments) {
        if (typeof s !== 'string') break;
        path.push(s);
      }
      // Known when the path is a documented variable or leads to one (`organization`), or reads a
      // property of a documented string value (`message.size`).
      const ok =
        path.length > 0 &&
        allowed.some(
          (a) =>
            a.every((seg, i) => i >= path.length || seg === path[i]) ||
            (path.length > a.length &&
              a.every((seg, i) => seg === path[i]) &&
              path.length === a.length + 1 &&
              ['size', 'first', 'last'].includes(path[a.length]!)),
        );
      if (!ok || path.length < segments.length) {
        const name = String(use);
        throw invalidTemplate(
          `Unknown variable "${name}" on line ${use.location.row}`,
          field,
          use.location.row,
        );
      }
    }
  }
}

/** Validates a template for a kind: size, syntax, variables, filters, the link, and a timed render of sample data. */
export async function validateTemplate(
  kind: EmailKind,
  content: TemplateContent,
  language: EmailLanguage = ENGLISH_UTC,
): Promise<void> {
  if (!content.subject.trim()) throw invalidTemplate('The subject is empty.', 'subject');
  if (content.subject.length > TEMPLATE_LIMITS.subjectChars)
    throw invalidTemplate(
      `The subject is longer than ${TEMPLATE_LIMITS.subjectChars} characters.`,
      'subject',
    );
  for (const field of ['html', 'text'] as const) {
    if (!content[field].trim())
      throw invalidTemplate(`The ${field === 'html' ? 'HTML' : 'text'} body is empty.`, field);
    if (Buffer.byteLength(content[field]) > TEMPLATE_LIMITS.bodyBytes) {
      throw invalidTemplate(
        `The ${field === 'html' ? 'HTML' : 'text'} body is larger than ${TEMPLATE_LIMITS.bodyBytes / 1000} KB.`,
        field,
      );
    }
  }
  for (const field of ['subject', 'html', 'text'] as const) {
    const markup = markupOf(content[field]);
    if (markup.tags > TEMPLATE_LIMITS.markupTags || markup.chars > TEMPLATE_LIMITS.markupChars) {
      throw invalidTemplate(
        `The ${FIELD_LABELS[field]} has more than ${TEMPLATE_LIMITS.markupTags} Liquid tags and outputs, or more than ${TEMPLATE_LIMITS.markupChars.toLocaleString('en')} characters inside them.`,
        field,
      );
    }
  }
  // Each step is bounded on its own; the event loop runs between them.
  const parsed = {} as Record<TemplateField, Template[]>;
  for (const field of ['subject', 'html', 'text'] as const) {
    await yieldToEventLoop();
    parsed[field] = parseField(field, content[field]);
    checkVariables(kind, field, parsed[field]);
  }
  const scope = scopeFor(kind, sampleVars(kind), language);
  for (const field of ['subject', 'html', 'text'] as const) {
    await yieldToEventLoop();
    const out = await renderField(field, parsed[field], scope, TEMPLATE_LIMITS.renderMs);
    // The length first: a huge output (built by loops, not charged per character) is never flattened.
    if (
      out.length > TEMPLATE_LIMITS.renderedBytes ||
      Buffer.byteLength(out) > TEMPLATE_LIMITS.renderedBytes
    ) {
      throw invalidTemplate(
        `The ${field} renders to more than ${TEMPLATE_LIMITS.renderedBytes / 1000} KB.`,
        field,
      );
    }
    if (field !== 'subject' && !out.includes(SAMPLE_LINK)) {
      throw invalidTemplate(
        `The ${field === 'html' ? 'HTML' : 'text'} body must contain the link: add {{ link }}.`,
        field,
      );
    }
  }
}

async function renderField(
  field: TemplateField,
  tpl: Template[],
  scope: Record<string, unknown>,
  /** Limit the render to this much CPU time (saves and previews) instead of sendRenderMs of wall time. */
  cpuMs?: number,
): Promise<string> {
  const renderMs = cpuMs ?? TEMPLATE_LIMITS.sendRenderMs;
  try {
    // Synchronous: no tag or filter here does I/O, and it is several times faster than render().
    const engine = engineFor(field);
    return String(engine.renderSync(tpl, cpuMs ? cpuLimitedContext(engine, scope, cpuMs) : scope));
  } catch (err) {
    const line = lineOf(err);
    let message = cleanMessage(err);
    if (/render time limit exceeded|memory alloc limit exceeded|template render limit/i.test(message)) {
      message = `The ${field} takes too long or does too much work to render (limit ${renderMs} ms)`;
    } else if (/^undefined variable: (.+)$/.test(message)) {
      message = message.replace(/^undefined variable: (.+)$/, 'Unknown variable "$1"');
    }
    throw invalidTemplate(`${message}${line ? ` on line ${line}` : ''}`, field, line);
  }
}

const oneLine = (s: string) =>
  s
    .replace(/[\r\n\u2028\u2029]+/g, ' ')
    .replace(/\s{2,}/g, ' ')
    .trim();

/**
 * Rendering is memoized on the values of the variables a template actually uses (found by static
 * analysis): an import of 100,000 invitations with the built-in template, which names no
 * per-recipient variable, renders once per batch instead of 100,000 times.
 */
interface Compiled {
  roots: string[];
  results: Map<string, string>;
}
const compiledCache = new WeakMap<Template[], Compiled>();
function compiled(field: TemplateField, tpl: Template[], source: string): Compiled | null {
  // Templates that read the clock ("now", "today") are rendered every time.
  if (/\b(now|today)\b/.test(source)) return null;
  let c = compiledCache.get(tpl);
  if (!c) {
    c = {
      roots: Object.keys(engineFor(field).analyzeSync(tpl, { partials: false }).globals).sort(),
      results: new Map(),
    };
    compiledCache.set(tpl, c);
  }
  return c;
}

/** A render that held the event loop this long lets it run before the next field or email. */
const LONG_RENDER_MS = 2;

async function renderSource(
  field: TemplateField,
  source: string,
  scope: Record<string, unknown>,
): Promise<string> {
  const started = performance.now();
  const out = await renderSourceNow(field, source, scope);
  if (performance.now() - started > LONG_RENDER_MS) await yieldToEventLoop();
  return out;
}

async function renderSourceNow(
  field: TemplateField,
  source: string,
  scope: Record<string, unknown>,
): Promise<string> {
  const tpl = parseField(field, source);
  const c = compiled(field, tpl, source);
  if (!c) return renderField(field, tpl, scope);
  const key = JSON.stringify(c.roots.map((r) => scope[r] ?? null));
  const hit = c.results.get(key);
  if (hit !== undefined) return hit;
  const out = await renderField(field, tpl, scope);
  if (c.results.size >= 200) c.results.clear();
  c.results.set(key, out);
  return out;
}

/** Renders a template (already validated) for a kind with real variables, in a language and zone. Throws on failure. */
export async function renderTemplate(
  kind: EmailKind,
  content: TemplateContent,
  vars: EmailVars,
  language: EmailLanguage = ENGLISH_UTC,
): Promise<RenderedEmail> {
  const scope = scopeFor(kind, vars, language);
  const subject = oneLine(await renderSource('subject', content.subject, scope)).slice(0, 998);
  const html = await renderSource('html', content.html, scope);
  const text = await renderSource('text', content.text, scope);
  return { subject, html, text };
}
