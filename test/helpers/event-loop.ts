/**
 * The longest stretch of main-thread CPU time between two turns of the event loop, sampled by a
 * 1 ms interval: how long synchronous work held the loop. Thread CPU time rather than wall time,
 * so the other test files sharing the machine's cores do not count against the code measured.
 */
export function watchEventLoopBlocks() {
  let last = process.threadCpuUsage();
  let longestMs = 0;
  const timer = setInterval(() => {
    const now = process.threadCpuUsage();
    longestMs = Math.max(longestMs, (now.user + now.system - last.user - last.system) / 1000);
    last = now;
  }, 1);
  return {
    /** Waits for one more turn so work that just finished is counted, then answers. */
    async longestMs(): Promise<number> {
      await new Promise((resolve) => setTimeout(resolve, 2));
      return longestMs;
    },
    reset() {
      longestMs = 0;
      last = process.threadCpuUsage();
    },
    stop() {
      clearInterval(timer);
    },
  };
}
