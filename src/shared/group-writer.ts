/**
 * Collects items that arrive while a write is running (or within `lingerMs` of the first one, when
 * idle) and writes them together next: each item is written within a few milliseconds of its
 * arrival (never held back for a full batch), and a burst of arrivals costs one write per round
 * instead of one per item. `add` settles when the write holding its item has committed, or
 * rejects with that write's error.
 */
export function createGroupWriter<T>(
  write: (items: T[]) => Promise<void>,
  options: { lingerMs?: number } = {},
) {
  let pending: Array<{ item: T; resolve: () => void; reject: (error: unknown) => void }> = [];
  let running = false;

  async function drain() {
    running = true;
    try {
      if (options.lingerMs) await new Promise((resolve) => setTimeout(resolve, options.lingerMs));
      while (pending.length > 0) {
        const group = pending;
        pending = [];
        try {
          await write(group.map((g) => g.item));
          for (const g of group) g.resolve();
        } catch (error) {
          for (const g of group) g.reject(error);
        }
      }
    } finally {
      running = false;
    }
  }

  return {
    add(item: T): Promise<void> {
      return new Promise<void>((resolve, reject) => {
        pending.push({ item, resolve, reject });
        if (!running) void drain();
      });
    },
  };
}
