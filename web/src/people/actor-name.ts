import { useCallback } from 'react';
import { useIntl } from 'react-intl';
import { sentenceForCode } from '../i18n/current.ts';

/** Who did something, as the server names them: a part of Beckon also has a code. */
export interface EventActorAnswer {
  type: string;
  name: string | null;
  code?: string;
}

/**
 * Who did something, for the reader: a part of Beckon (the scheduler, mail delivery…) in the
 * reader's language by its code; a person's or API key's name as it is; the server's English name
 * for a part the console does not know yet.
 */
export function useActorName(): (actor: EventActorAnswer | null | undefined) => string | null {
  const intl = useIntl();
  return useCallback(
    (actor) => {
      if (!actor) return null;
      return sentenceForCode(intl, 'people.actor', actor.code, actor.name ?? '') || actor.name;
    },
    [intl],
  );
}
