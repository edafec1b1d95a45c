import { type Static, Type } from 'typebox';
import type { Locale } from './locales.ts';

/** One of the seven languages, as a BCP 47 tag. */
export const LocaleSchema = Type.Union(
  [
    Type.Literal('en'),
    Type.Literal('ja'),
    Type.Literal('de'),
    Type.Literal('fr'),
    Type.Literal('es'),
    Type.Literal('pt-BR'),
    Type.Literal('ar'),
  ],
  { description: 'A language Beckon speaks: en, ja, de, fr, es, pt-BR or ar.' },
);

// The schema and the list of languages name the same seven.
const _sameLanguages: Static<typeof LocaleSchema> extends Locale
  ? Locale extends Static<typeof LocaleSchema>
    ? true
    : never
  : never = true;
void _sameLanguages;
