import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { type MessageFormatElement, parse, TYPE } from '@formatjs/icu-messageformat-parser';

/** Every file below a folder. */
export function walk(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) =>
    entry.isDirectory() ? walk(join(dir, entry.name)) : [join(dir, entry.name)],
  );
}

/** The argument names a message uses, plural and select options included. */
function argumentsOf(elements: MessageFormatElement[], into = new Set<string>()): Set<string> {
  for (const el of elements) {
    if (el.type === TYPE.literal || el.type === TYPE.pound) continue;
    into.add(el.value);
    if (el.type === TYPE.tag) argumentsOf(el.children, into);
    if (el.type === TYPE.plural || el.type === TYPE.select)
      for (const option of Object.values(el.options)) argumentsOf(option.value, into);
  }
  return into;
}

/**
 * What is wrong with one language's catalog against English's: ids missing or extra, messages
 * that are not ICU (a plural or select without `other` included), or that name other arguments.
 */
export function catalogProblems(
  locale: string,
  catalog: Record<string, string>,
  english: Record<string, string>,
): string[] {
  const problems: string[] = [];
  for (const id of Object.keys(english)) if (!(id in catalog)) problems.push(`${locale}: missing ${id}`);
  for (const id of Object.keys(catalog)) if (!(id in english)) problems.push(`${locale}: extra ${id}`);
  for (const [id, message] of Object.entries(catalog)) {
    try {
      const args = [...argumentsOf(parse(message, { requiresOtherClause: true }))].sort();
      const want = id in english ? [...argumentsOf(parse(english[id]!))].sort() : args;
      if (args.join() !== want.join()) problems.push(`${locale}: ${id} uses {${args}} not {${want}}`);
    } catch (e) {
      problems.push(`${locale}: ${id} is not ICU (${(e as Error).message})`);
    }
  }
  return problems;
}
