import type { ReactNode } from 'react';
import { Spinner } from './spinner.tsx';

export type Column = {
  label: string;
  /** Read by screen readers only, e.g. the column of row actions. */
  hidden?: boolean;
  className?: string;
};

/**
 * A list as a table: a spinner while `items` is loading, `empty` when there are none, otherwise
 * the table with its caption and column headers; `row` draws each `<tr>`.
 */
export function DataTable<Item>({
  items,
  empty,
  caption,
  columns,
  row,
  testId,
  className,
}: {
  items: readonly Item[] | null | undefined;
  empty: ReactNode;
  /** For screen readers; left out where the section heading already names the table. */
  caption?: ReactNode;
  columns: Column[];
  row: (item: Item) => ReactNode;
  testId?: string;
  /** Classes added to `table`. */
  className?: string;
}) {
  if (!items) return <Spinner />;
  if (items.length === 0) return <>{empty}</>;
  return (
    <div className="table-wrap">
      <table className={className ? `table ${className}` : 'table'} data-testid={testId}>
        {caption && <caption className="visually-hidden">{caption}</caption>}
        <thead>
          <tr>
            {columns.map((c) => (
              <th key={c.label} scope="col" className={c.className}>
                {c.hidden ? <span className="visually-hidden">{c.label}</span> : c.label}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>{items.map(row)}</tbody>
      </table>
    </div>
  );
}
