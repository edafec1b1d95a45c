import { useEffect, useRef } from 'react';

/**
 * Runs `tick` every `ms` while the component is mounted and the page is visible; a falsy `ms`
 * stops it. A tick starts only after the previous one ended, so a slow server never sees
 * overlapping requests; a page coming back into view ticks at once.
 */
export function usePoll(tick: () => unknown, ms: number | null | false | undefined): void {
  const latest = useRef(tick);
  useEffect(() => {
    latest.current = tick;
  });
  useEffect(() => {
    if (!ms) return;
    let timer: ReturnType<typeof setTimeout> | undefined;
    let running = false;
    let stopped = false;
    const schedule = (delay: number) => {
      clearTimeout(timer);
      if (stopped || running || document.hidden) return;
      timer = setTimeout(async () => {
        running = true;
        try {
          await latest.current();
        } finally {
          running = false;
          schedule(ms);
        }
      }, delay);
    };
    const onVisibility = () => (document.hidden ? clearTimeout(timer) : schedule(0));
    document.addEventListener('visibilitychange', onVisibility);
    schedule(ms);
    return () => {
      stopped = true;
      clearTimeout(timer);
      document.removeEventListener('visibilitychange', onVisibility);
    };
  }, [ms]);
}
