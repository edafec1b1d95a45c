import { Readable } from 'node:stream';
import { Ajv, type Format, type Options, type ValidateFunction } from 'ajv';
import addFormatsModule from 'ajv-formats';
import type { FastifyInstance } from 'fastify';
import { badRequest } from '../shared/errors.ts';
import { isStorableDateTime } from '../shared/instant.ts';
import { compileCache } from './compile-cache.ts';

// ajv-formats ships CommonJS; its default export arrives wrapped under Node's ESM loader.
const addFormats = ((addFormatsModule as unknown as { default?: typeof addFormatsModule }).default ??
  addFormatsModule) as unknown as (ajv: Ajv) => Ajv;

const common: Options = { removeAdditional: false, useDefaults: true, allErrors: false, strict: false };

/**
 * RFC 3339 as ajv-formats checks it, and also a real instant in years 1 to 9999: the RFC allows
 * `23:59:60` (which JavaScript cannot parse) and offsets that push a year-1 or year-9999 time
 * out of what the database stores.
 */
function withStorableDateTime(ajv: Ajv): Ajv {
  const rfc3339 = ajv.formats['date-time'] as Exclude<Format, string | RegExp> & {
    validate: (text: string) => boolean;
  };
  ajv.addFormat('date-time', {
    type: 'string',
    validate: (text: string) => rfc3339.validate(text) && isStorableDateTime(text),
  });
  return ajv;
}

/** Bodies: no coercion. Query strings and path parameters arrive as text: their types are coerced. */
const strict = withStorableDateTime(addFormats(new Ajv({ ...common, coerceTypes: false })));
const coercing = withStorableDateTime(addFormats(new Ajv({ ...common, coerceTypes: 'array' })));

const validators = compileCache<ValidateFunction>();
function validatorFor(schema: object, httpPart: string | undefined): ValidateFunction {
  const kind = httpPart === 'body' ? 'strict' : 'coercing';
  return validators(`${kind}\n${JSON.stringify(schema)}`, () =>
    (kind === 'strict' ? strict : coercing).compile(schema),
  );
}

/**
 * Bodies are checked as sent: a string is not silently turned into an array or a number, and
 * unknown fields are refused (no removeAdditional). Query strings and path parameters arrive as
 * text, so there types are coerced.
 */
export function registerValidators(app: FastifyInstance): void {
  app.setValidatorCompiler(({ schema, httpPart }) => validatorFor(schema, httpPart));
  app.addHook('preValidation', async (request) => {
    for (const [part, value] of [
      ['params', request.params],
      ['query', request.query],
      ['body', request.body],
    ] as const) {
      const found = unstorableText(value);
      if (found !== undefined) {
        const field = found.field || part;
        throw badRequest(
          'invalid_input',
          found.why === 'nul'
            ? `"${field}" must not contain NUL characters (\\u0000).`
            : `"${field}" must be valid Unicode text: it holds half of a surrogate pair.`,
          { field },
        );
      }
    }
  });
}

const NUL = '\u0000';
const shown = (key: string) => key.replaceAll(NUL, '\\u0000');

/** Why a text cannot be stored, if it cannot. */
function unstorable(text: string): 'nul' | 'surrogate' | undefined {
  if (text.includes(NUL)) return 'nul';
  if (!text.isWellFormed()) return 'surrogate';
  return undefined;
}

/**
 * The first field (as `filter.q`, `emails[3]`; "" for the value itself) whose text or name
 * PostgreSQL cannot store: NUL, or an unpaired surrogate (JSON's "\\ud800" alone), which has no
 * UTF-8 form. No field accepts either, whatever the route. Only parsed values are walked: a raw
 * upload arrives as a stream or bytes and is checked by its own reader.
 */
export function unstorableText(value: unknown): { field: string; why: 'nul' | 'surrogate' } | undefined {
  const stack: Array<[unknown, string]> = [[value, '']];
  while (stack.length) {
    const [current, path] = stack.pop()!;
    if (typeof current === 'string') {
      const why = unstorable(current);
      if (why) return { field: path, why };
    } else if (Array.isArray(current)) {
      for (let i = current.length - 1; i >= 0; i--) stack.push([current[i], `${path}[${i}]`]);
    } else if (current !== null && typeof current === 'object') {
      if (current instanceof Readable || ArrayBuffer.isView(current)) continue;
      for (const [key, item] of Object.entries(current).reverse()) {
        const child = path ? `${path}.${shown(key)}` : shown(key);
        const why = unstorable(key);
        if (why) return { field: child, why };
        stack.push([item, child]);
      }
    }
  }
  return undefined;
}
