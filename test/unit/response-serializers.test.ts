import { describe, expect, it } from 'vitest';
import { buildSerializer } from '../../src/http/serialization.ts';

const schemaOf = () => ({
  type: 'object',
  properties: { id: { type: 'string' }, count: { type: 'integer' } },
});
const route = (schema: object) => ({ schema, method: 'GET', url: '/x', httpStatus: '200' });

describe('response serializers', () => {
  it('are compiled once for equal schemas, even built apart or for another app', () => {
    const first = buildSerializer({}, {})(route(schemaOf()));
    const second = buildSerializer({}, {})(route(schemaOf()));
    expect(second).toBe(first);
    expect(first({ id: 'a', count: 2, secret: 'x' })).toBe('{"id":"a","count":2}');
  });

  it('differ for another schema or other shared schemas', () => {
    const base = buildSerializer({}, {})(route(schemaOf()));
    const other = buildSerializer({}, {})(route({ ...schemaOf(), required: ['id'] }));
    const shared = buildSerializer({ Thing: { $id: 'Thing', type: 'string' } }, {})(route(schemaOf()));
    expect(other).not.toBe(base);
    expect(shared).not.toBe(base);
  });
});
