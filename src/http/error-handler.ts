import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { AppError } from '../shared/errors.ts';

/** What every 5xx answers: nothing of what went wrong inside. */
const INTERNAL_ERROR = {
  error: { code: 'internal', message: 'Something went wrong on our side. Try again.' },
};

interface ValidationIssue {
  instancePath?: string;
  keyword?: string;
  params?: Record<string, unknown>;
  message?: string;
}

/** "/emails/3" -> "emails[3]"; an unknown field names itself. */
function fieldOf(issue: ValidationIssue): string {
  const path = (issue.instancePath ?? '')
    .split('/')
    .filter(Boolean)
    .map((p) => (/^\d+$/.test(p) ? `[${p}]` : `.${p}`))
    .join('')
    .replace(/^\./, '');
  const extra = issue.params?.additionalProperty ?? issue.params?.missingProperty;
  if (typeof extra === 'string') return path ? `${path}.${extra}` : extra;
  return path;
}

/**
 * A value outside a list of literals fails each literal (`const`) and then their `anyOf`: one
 * issue naming the values allowed instead, in schema order.
 */
export function collapseChoices(issues: ValidationIssue[]): ValidationIssue[] {
  const out: ValidationIssue[] = [];
  for (let i = 0; i < issues.length; i++) {
    const issue = issues[i]!;
    let end = i;
    while (issues[end]?.keyword === 'const' && issues[end]!.instancePath === issue.instancePath) end++;
    const union = issues[end];
    if (end > i && union?.keyword === 'anyOf' && union.instancePath === issue.instancePath) {
      const allowedValues = issues.slice(i, end).map((c) => c.params?.allowedValue);
      out.push({ instancePath: issue.instancePath, keyword: 'enum', params: { allowedValues } });
      i = end;
    } else out.push(issue);
  }
  return out;
}

function describe(issue: ValidationIssue, context: string): { field: string; message: string } {
  const field = fieldOf(issue);
  const where = field || context;
  switch (issue.keyword) {
    case 'additionalProperties':
      return { field, message: `Unknown field "${field}".` };
    case 'required':
      return { field, message: `"${field}" is required.` };
    case 'format':
      return { field, message: `"${where}" must be a valid ${issue.params?.format}.` };
    case 'enum': {
      const allowed = (issue.params?.allowedValues as unknown[] | undefined) ?? [];
      return { field, message: `"${where}" must be one of: ${allowed.map((v) => String(v)).join(', ')}.` };
    }
    default:
      return { field, message: `"${where}" ${issue.message ?? 'is invalid'}.` };
  }
}

/** Maps every error to `{error:{code,message}}`. Internals of 5xx errors are logged, never sent. */
export function registerErrorHandler(app: FastifyInstance): void {
  app.setErrorHandler((error: FastifyError | AppError, request, reply) => {
    if (error instanceof AppError) {
      if (error.headers) reply.headers(error.headers);
      return reply
        .status(error.status)
        .send({ error: { code: error.code, message: error.message, ...error.details } });
    }
    const fe = error as FastifyError & { validation?: ValidationIssue[]; validationContext?: string };
    if (fe.validation?.length) {
      const issues = collapseChoices(fe.validation);
      const first = describe(issues[0]!, fe.validationContext ?? 'body');
      return reply.status(400).send({
        error: {
          code: 'invalid_request',
          message: first.message,
          field: first.field || undefined,
          issues: issues.slice(0, 20).map((i) => describe(i, fe.validationContext ?? 'body')),
        },
      });
    }
    if (fe.code === 'FST_ERR_CTP_BODY_TOO_LARGE' || fe.statusCode === 413) {
      return reply
        .status(413)
        .send({ error: { code: 'payload_too_large', message: 'The request body is too large.' } });
    }
    if (fe.code === 'FST_ERR_CTP_INVALID_MEDIA_TYPE' || fe.statusCode === 415) {
      return reply.status(415).send({ error: { code: 'unsupported_media_type', message: fe.message } });
    }
    if (fe.statusCode === 429) {
      return reply.status(429).send({ error: { code: 'rate_limited', message: fe.message } });
    }
    if (fe.statusCode && fe.statusCode >= 400 && fe.statusCode < 500) {
      const code =
        fe.code === 'FST_ERR_CTP_INVALID_JSON_BODY' || fe instanceof SyntaxError
          ? 'invalid_json'
          : 'bad_request';
      const message = code === 'invalid_json' ? 'The body is not valid JSON.' : fe.message;
      return reply.status(fe.statusCode).send({ error: { code, message } });
    }
    request.log.error({ err: error }, 'unhandled error');
    return reply.status(500).send(INTERNAL_ERROR);
  });

  app.setNotFoundHandler((request, reply) =>
    reply.status(404).send({
      error: { code: 'not_found', message: `No route ${request.method} ${request.url.split('?')[0]}.` },
    }),
  );
}

/**
 * Errors the router raises before any route runs, in the same `{error:{code,message}}` shape as
 * every other answer. The path is never echoed: it may hold a link token. An over-long path
 * parameter is an id that cannot exist, so it answers like any other unknown id.
 */
export function frameworkError(error: FastifyError, _request: FastifyRequest, reply: FastifyReply): void {
  if (error.code === 'FST_ERR_MAX_PARAM_LENGTH') {
    reply.status(404).send({ error: { code: 'not_found', message: 'Not found.' } });
  } else if (error.code === 'FST_ERR_BAD_URL') {
    reply
      .status(400)
      .send({ error: { code: 'bad_request', message: 'The address has a malformed %-escape.' } });
  } else {
    reply.log.error({ err: error }, 'router error');
    reply.status(500).send(INTERNAL_ERROR);
  }
}
