import { describe, expect, it } from 'vitest';
import {
  acceptedTags,
  LOCALES,
  negotiateLocale,
  supportedLocale,
  textDirection,
} from '../../src/i18n/locales.ts';

describe('choosing a reader’s language', () => {
  it('maps browser tags to the seven languages', () => {
    expect(supportedLocale('ja-JP')).toBe('ja');
    expect(supportedLocale('pt')).toBe('pt-BR');
    expect(supportedLocale('pt-br')).toBe('pt-BR');
    expect(supportedLocale('ar-AE')).toBe('ar');
    expect(supportedLocale('en-GB')).toBe('en');
    expect(supportedLocale('ko')).toBeNull();
    expect(supportedLocale('not a tag!')).toBeNull();
    expect(supportedLocale('')).toBeNull();
  });

  it('orders Accept-Language by quality, keeping the header’s order on ties, and drops q=0', () => {
    expect(acceptedTags('fr-CH, fr;q=0.9, en;q=0.8, de;q=0.7, *;q=0.5')).toEqual(['fr-CH', 'fr', 'en', 'de']);
    expect(acceptedTags('de;q=0.5, ja')).toEqual(['ja', 'de']);
    expect(acceptedTags('ja;q=0, de')).toEqual(['de']);
    expect(acceptedTags(undefined)).toEqual([]);
  });

  it('takes the first wanted language the organization allows, else its default', () => {
    const allowed = ['en', 'ja', 'ar'] as const;
    expect(negotiateLocale(acceptedTags('de-DE,ja;q=0.8,en;q=0.5'), allowed, 'en')).toBe('ja');
    expect(negotiateLocale(acceptedTags('de-DE,fr'), allowed, 'ar')).toBe('ar');
    expect(negotiateLocale([], allowed, 'en')).toBe('en');
  });

  it('writes Arabic right to left and the others left to right', () => {
    expect(LOCALES.filter((l) => textDirection(l) === 'rtl')).toEqual(['ar']);
  });
});
