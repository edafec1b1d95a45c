import { startTestApp, type TestApp, TestClient } from './app.ts';

/**
 * The kinds of shared application a test file may ask for. Anything else a file needs (its own
 * configuration, job timings, an empty database) takes an app of its own from `startTestApp`.
 */
export interface SharedAppKind {
  /** Run the job workers (default true); `false` leaves queued jobs untouched for the test to see. */
  workers?: boolean;
  /** Send mail through a real SMTP server on 127.0.0.1 (`app.smtp`). */
  smtp?: boolean;
}

const booted = new Map<string, Promise<TestApp>>();
let nextFile = 0;

/**
 * One booted application of each kind per Vitest worker, shared by every test file that worker
 * runs (the integration config turns isolation off, so this module lives as long as the worker).
 * Files must keep to rows of their own: each test builds its own organization with the factories.
 *
 * Each call (one per file, in `beforeAll`) hands out a view of the app whose clock starts again at
 * `clockStart` (default: now) and whose clients come from a client address of that file's own,
 * so rate limits counted per address by one file never reach another. `close()` and `stop()` do
 * nothing: the worker's exit ends the app.
 */
export async function sharedTestApp(kind: SharedAppKind = {}, clockStart?: string): Promise<TestApp> {
  const workers = kind.workers ?? true;
  const smtp = kind.smtp ?? false;
  const key = `workers=${workers} smtp=${smtp}`;
  let app = booted.get(key);
  if (!app) {
    app = startTestApp({ workers, smtp });
    booted.set(key, app);
    // A failed boot is retried by the next file rather than failing every file after it.
    app.catch(() => booted.delete(key));
  }
  const shared = await app;
  shared.clock.set(clockStart ?? new Date().toISOString());
  nextFile++;
  const address = `127.${Math.floor(nextFile / 62_500) % 250}.${Math.floor(nextFile / 250) % 250}.${(nextFile % 250) + 1}`;
  return {
    ...shared,
    client: () => new TestClient(shared).from(address),
    stop: async () => {},
    close: async () => {},
  };
}
