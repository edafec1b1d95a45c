import { useCallback } from 'react';
import { FormattedMessage, useIntl } from 'react-intl';

/** Values a message takes: numbers and text are formatted by the message itself (plurals, selects). */
export type MessageValues = Record<string, string | number | boolean | Date | null | undefined>;

/**
 * The reader's messages: `t('people.invite.title')`, `t('people.invited', { count })`.
 * Ids are literal strings (the catalog test finds them); ids kept in data go through `msg`.
 */
export function useT(): (id: string, values?: MessageValues) => string {
  const intl = useIntl();
  return useCallback((id: string, values?: MessageValues) => intl.formatMessage({ id }, values), [intl]);
}

/** A message id held in data (a label map, a column list), marked so the catalog test sees it. */
export function msg<const Id extends string>(id: Id): Id {
  return id;
}

/** A message with markup: `<T id="x" values={{ b: (chunks) => <strong>{chunks}</strong> }} />`. */
export function T(props: { id: string; values?: Parameters<typeof FormattedMessage>[0]['values'] }) {
  return <FormattedMessage id={props.id} values={props.values} />;
}
