import { describe, expect, it } from 'vitest';
import { editDistance, suggestEmail } from '../../src/invitations/typos.ts';

describe('typo suggestions for addresses', () => {
  it.each([
    ['sam@gmial.com', 'sam@gmail.com'],
    ['sam@gmail.con', 'sam@gmail.com'],
    ['Sam.Lee@hotmial.com', 'Sam.Lee@hotmail.com'],
    ['sam@yaho.com', 'sam@yahoo.com'],
    ['sam@outlok.com', 'sam@outlook.com'],
    ['sam@protonmial.com', 'sam@protonmail.com'],
    ['sam@acme.cmo', 'sam@acme.com'],
    ['sam@acme.ogr', 'sam@acme.org'],
  ])('suggests %s → %s', (typed, meant) => {
    expect(suggestEmail(typed)).toBe(meant);
  });

  it.each([
    'sam@gmail.com',
    'sam@GMAIL.COM',
    'sam@acme.com',
    'sam@acme.co.uk',
    'sam@example.org',
    'sam@mail.acme.io',
    'not-an-address',
  ])('leaves %s alone', (address) => {
    expect(suggestEmail(address)).toBeNull();
  });

  it('keeps the local part exactly as typed', () => {
    expect(suggestEmail('"odd@local"@gmial.com')).toBe('"odd@local"@gmail.com');
  });

  it('allows two edits only against long domains', () => {
    // "gmx.de" is short: two edits away is a different domain, not a typo of it.
    expect(suggestEmail('sam@gnx.dd')).toBeNull();
    expect(suggestEmail('sam@protonmal.con')).toBe('sam@protonmail.com');
  });

  it('counts a swap of neighbours as one edit', () => {
    expect(editDistance('gmail', 'gmial')).toBe(1);
    expect(editDistance('abc', 'abc')).toBe(0);
    expect(editDistance('', 'abc')).toBe(3);
    expect(editDistance('kitten', 'sitting')).toBe(3);
  });
});
