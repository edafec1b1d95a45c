import { Fragment } from 'react';

/**
 * An email address that wraps where a reader expects, in a narrow column: before the "@" and
 * after each dot, rather than anywhere ("example.co / m"). Copying it copies the address whole;
 * page translators leave it alone (translate="no").
 */
export function EmailAddress({ address }: { address: string }) {
  const parts = address.split(/(?=@)|(?<=\.)/);
  return (
    <bdi translate="no">
      {parts.map((part, i) => (
        // Parts repeat ("a.", "a."): their place is their identity.
        // biome-ignore lint/suspicious/noArrayIndexKey: the parts of one address never reorder
        <Fragment key={i}>
          {i > 0 && <wbr />}
          {part}
        </Fragment>
      ))}
    </bdi>
  );
}
