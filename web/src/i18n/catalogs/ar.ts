import type { MessageFormatElement } from 'react-intl';
import { assemble } from './assemble.ts';

/** Every folder's ar messages in one chunk, loaded only by readers of that language. */
const parts = import.meta.glob<MessageFormatElement[][]>('../../*/messages/ar.json', {
  eager: true,
  import: 'default',
});
export default assemble(parts);
