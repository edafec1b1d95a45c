import type { MessageFormatElement } from 'react-intl';
import type { Catalog } from '../load-catalog.ts';

/** Each folder's message ids, in its English catalog's order; shipped once, shared by every language. */
const ids = import.meta.glob<string[]>('../../*/messages/en.json', {
  eager: true,
  query: '?ids',
  import: 'default',
});

const folderOf = (path: string) => path.split('/')[2]!;
const idsByFolder = new Map(Object.entries(ids).map(([path, list]) => [folderOf(path), list]));

/** A language's catalog from its folders' messages, each an array in the order of the folder's ids. */
export function assemble(parts: Record<string, MessageFormatElement[][]>): Catalog {
  const catalog: Catalog = {};
  for (const [path, messages] of Object.entries(parts)) {
    const folderIds = idsByFolder.get(folderOf(path)) ?? [];
    folderIds.forEach((id, i) => {
      catalog[id] = messages[i]!;
    });
  }
  return catalog;
}
