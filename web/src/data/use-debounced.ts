import { useEffect, useState } from 'react';

/** The value, once it has stopped changing for `ms`: the one debounce for typed input. */
export function useDebounced<T>(value: T, ms = 300): T {
  const [v, setV] = useState(value);
  useEffect(() => {
    const t = setTimeout(() => setV(value), ms);
    return () => clearTimeout(t);
  }, [value, ms]);
  return v;
}
