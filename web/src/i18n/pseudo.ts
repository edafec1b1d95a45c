import { type MessageFormatElement, TYPE } from '@formatjs/icu-messageformat-parser';

const ACCENTED: Record<string, string> = {
  a: 'á',
  b: 'ƀ',
  c: 'ç',
  d: 'ð',
  e: 'é',
  f: 'ƒ',
  g: 'ĝ',
  h: 'ĥ',
  i: 'í',
  j: 'ĵ',
  k: 'ķ',
  l: 'ĺ',
  m: 'ɱ',
  n: 'ñ',
  o: 'ó',
  p: 'þ',
  q: 'ǫ',
  r: 'ŕ',
  s: 'š',
  t: 'ţ',
  u: 'ú',
  v: 'ṽ',
  w: 'ŵ',
  x: 'ẋ',
  y: 'ý',
  z: 'ž',
  A: 'Å',
  B: 'Ɓ',
  C: 'Ç',
  D: 'Ð',
  E: 'É',
  F: 'Ƒ',
  G: 'Ĝ',
  H: 'Ĥ',
  I: 'Í',
  J: 'Ĵ',
  K: 'Ķ',
  L: 'Ĺ',
  M: 'Ṁ',
  N: 'Ñ',
  O: 'Ó',
  P: 'Þ',
  Q: 'Ǫ',
  R: 'Ŕ',
  S: 'Š',
  T: 'Ţ',
  U: 'Ú',
  V: 'Ṽ',
  W: 'Ŵ',
  X: 'Ẋ',
  Y: 'Ý',
  Z: 'Ž',
};

/**
 * Text a third longer and accented: German and French run that much longer than English. Each word
 * grows on its own, so lines still break where they would in a real translation.
 */
function stretch(text: string): string {
  return text.replace(/[a-zA-Z]+/g, (word) => {
    const accented = word.replace(/[a-zA-Z]/g, (c) => ACCENTED[c] ?? c);
    return `${accented}${'~'.repeat(Math.ceil(word.length * 0.35))}`;
  });
}

function transform(elements: MessageFormatElement[]): MessageFormatElement[] {
  return elements.map((el) => {
    if (el.type === TYPE.literal) return { ...el, value: stretch(el.value) };
    if (el.type === TYPE.tag) return { ...el, children: transform(el.children) };
    if (el.type === TYPE.plural || el.type === TYPE.select) {
      const options = Object.fromEntries(
        Object.entries(el.options).map(([key, option]) => [
          key,
          { ...option, value: transform(option.value) },
        ]),
      );
      return { ...el, options } as typeof el;
    }
    return el;
  });
}

/** Every English message as a bracketed pseudo-translation: ⟦…⟧ marks where a catalog message begins and ends. */
export function pseudoCatalog(
  english: Record<string, MessageFormatElement[]>,
): Record<string, MessageFormatElement[]> {
  const out: Record<string, MessageFormatElement[]> = {};
  for (const [id, message] of Object.entries(english)) {
    out[id] = [{ type: TYPE.literal, value: '⟦' }, ...transform(message), { type: TYPE.literal, value: '⟧' }];
  }
  return out;
}
