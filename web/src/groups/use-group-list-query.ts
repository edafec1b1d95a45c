import { useMemo, useState } from 'react';
import { useDebounced } from '../data/use-debounced.ts';

/**
 * The search text and status filter of a list inside a group's page, and the query they make
 * (50 a page; the search waits for typing to pause).
 */
export function useGroupListQuery(groupId: string, initialStatus: string) {
  const [q, setQ] = useState('');
  const [status, setStatus] = useState(initialStatus);
  const term = useDebounced(q.trim());
  const query = useMemo(() => {
    const p = new URLSearchParams({ groupId, limit: '50' });
    if (term) p.set('q', term);
    if (status) p.set('status', status);
    return p;
  }, [groupId, term, status]);
  return { q, setQ, status, setStatus, term, query };
}
