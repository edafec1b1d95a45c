import { describe, expect, it } from 'vitest';
import { AppError } from '../../src/shared/errors.ts';
import { cleanName } from '../../src/shared/validation.ts';

const refusal = (value: string) => {
  try {
    cleanName(value, 'name');
  } catch (error) {
    return error instanceof AppError ? error.message : String(error);
  }
  return null;
};

describe('cleanName', () => {
  it('keeps ordinary names, trimmed and with single spaces', () => {
    expect(cleanName('  Ada   Lovelace ', 'name')).toBe('Ada Lovelace');
    // Joiners inside a name are part of how some scripts are written.
    expect(cleanName('می\u200cخواهم', 'name')).toBe('می\u200cخواهم');
    expect(cleanName('نور', 'name')).toBe('نور');
  });

  it('refuses a name with nothing visible in it', () => {
    expect(refusal('\u200b\u200b')).toBe('"name" must not be empty.');
    expect(refusal(' \ufeff\u2060 ')).toBe('"name" must not be empty.');
  });

  it('refuses text-direction controls, which disguise what follows them', () => {
    expect(refusal('\u202egnp.exe')).toMatch(/text-direction/);
    expect(refusal('Team \u2066A\u2069')).toMatch(/text-direction/);
  });

  it('refuses line breaks and control characters', () => {
    expect(refusal('Ada\nBcc: x@example.com')).toMatch(/line breaks/);
  });
});
