import { describe, expect, it } from 'vitest';
import { collapseChoices } from '../../src/http/error-handler.ts';

describe('validation issues of a list of literals', () => {
  it('become one issue naming the values allowed', () => {
    const issues = [
      { instancePath: '/locale', keyword: 'const', params: { allowedValue: 'en' } },
      { instancePath: '/locale', keyword: 'const', params: { allowedValue: 'ja' } },
      { instancePath: '/locale', keyword: 'anyOf', params: {} },
      { instancePath: '', keyword: 'required', params: { missingProperty: 'name' } },
    ];
    expect(collapseChoices(issues)).toEqual([
      { instancePath: '/locale', keyword: 'enum', params: { allowedValues: ['en', 'ja'] } },
      { instancePath: '', keyword: 'required', params: { missingProperty: 'name' } },
    ]);
  });

  it('leave a lone const and an anyOf of other failures as they are', () => {
    const issues = [
      { instancePath: '/a', keyword: 'const', params: { allowedValue: 1 } },
      { instancePath: '/b', keyword: 'type', params: {} },
      { instancePath: '/b', keyword: 'anyOf', params: {} },
    ];
    expect(collapseChoices(issues)).toEqual(issues);
  });
});
