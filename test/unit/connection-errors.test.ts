import { describe, expect, it } from 'vitest';
import { isConnectionError, retryOnConnectionError } from '../../src/db/connection-errors.ts';

describe('connection errors', () => {
  it('tells a lost connection from an error in the statement', () => {
    expect(
      isConnectionError(
        Object.assign(new Error('terminating connection due to administrator command'), { code: '57P01' }),
      ),
    ).toBe(true);
    expect(
      isConnectionError(
        Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:5432'), { code: 'ECONNREFUSED' }),
      ),
    ).toBe(true);
    expect(isConnectionError(new Error('Connection terminated unexpectedly'))).toBe(true);
    expect(
      isConnectionError(new Error('x', { cause: new Error('timeout exceeded when trying to connect') })),
    ).toBe(true);
    expect(isConnectionError(Object.assign(new Error('duplicate key'), { code: '23505' }))).toBe(false);
    expect(isConnectionError('57P01')).toBe(false);
  });

  it('runs again after a lost connection, and not after any other error', async () => {
    let calls = 0;
    const flaky = async () => {
      calls++;
      if (calls < 3) throw Object.assign(new Error('terminating connection'), { code: '57P01' });
      return 'done';
    };
    await expect(retryOnConnectionError(flaky, { maxMs: 5_000, initialMs: 1 })).resolves.toBe('done');
    expect(calls).toBe(3);
    calls = 0;
    const broken = async () => {
      calls++;
      throw new Error('syntax error');
    };
    await expect(retryOnConnectionError(broken, { maxMs: 5_000, initialMs: 1 })).rejects.toThrow('syntax');
    expect(calls).toBe(1);
  });
});
