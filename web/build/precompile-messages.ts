import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { parse } from '@formatjs/icu-messageformat-parser';
import type { Plugin } from 'vite';

const CATALOG = /[\\/]messages[\\/]([\w-]+)\.json(\?ids)?$/;

/**
 * Catalogs reach the browser already parsed and without their ids. A folder's
 * `messages/<locale>.json` becomes the array of its messages' ICU syntax trees, in the order of
 * the folder's English ids; `messages/en.json?ids` becomes that list of ids, shipped once for
 * every language (web/src/i18n/catalogs/assemble.ts puts the two together). So the console ships
 * no message parser, and a language's chunk carries only its own words. A message that is not ICU,
 * or a catalog whose ids differ from English's, fails the build naming it.
 */
export function precompileMessages(): Plugin {
  return {
    name: 'beckon:precompile-messages',
    enforce: 'pre',
    transform(code, id) {
      const m = CATALOG.exec(id);
      if (!m) return null;
      const file = id.replace(/\?.*$/, '');
      const englishIds = Object.keys(JSON.parse(readFileSync(join(dirname(file), 'en.json'), 'utf8')));
      // With a query the file is no longer JSON to the bundler: answer a module.
      if (m[2]) return { code: `export default ${JSON.stringify(englishIds)};`, map: null };
      const messages = JSON.parse(code) as Record<string, string>;
      const ids = Object.keys(messages);
      if (ids.length !== englishIds.length || ids.some((key) => !englishIds.includes(key))) {
        throw new Error(
          `${file}: its ids differ from English's (npx vitest run test/unit/console-catalogs.test.ts)`,
        );
      }
      const trees = englishIds.map((key) => {
        try {
          return parse(messages[key]!);
        } catch (e) {
          throw new Error(`${file}: ${key} is not ICU (${(e as Error).message})`);
        }
      });
      return { code: JSON.stringify(trees), map: null };
    },
  };
}
