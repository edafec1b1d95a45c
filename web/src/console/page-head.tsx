import type { ReactNode } from 'react';
import { usePageTitle } from '../router.tsx';

/** A page's heading row: title plus optional actions on the right. */
export function PageHead({
  title,
  children,
  lead,
}: {
  title: string;
  children?: ReactNode;
  lead?: ReactNode;
}) {
  usePageTitle(title);
  return (
    <div className="page-head">
      <div>
        <h1>{title}</h1>
        {lead && <p className="muted lead">{lead}</p>}
      </div>
      {children && <div className="page-actions">{children}</div>}
    </div>
  );
}
