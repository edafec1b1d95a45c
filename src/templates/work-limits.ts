import { AssertionError, CaptureTag, Context, type FilterImplOptions, type Liquid, Token } from 'liquidjs';

type FilterHandler = Extract<FilterImplOptions, (...args: never[]) => unknown>;

/**
 * Units of liquidjs's per-render `memoryLimit` a filter pays per element of an array it reads
 * (strings pay one per character): sorting or mapping an element costs about five times
 * building it in a range, which liquidjs charges one. liquidjs charges ranges and some filters
 * itself, but `sum`, `sort`, `map` or `where` read any array for free, and one filter call runs to
 * its end without a render-time check. Charging every call for what it reads keeps the total
 * filter work of one render within the limit.
 */
const UNITS_PER_ELEMENT = 5;

const sizeOf = (value: unknown): number =>
  typeof value === 'string' ? value.length : Array.isArray(value) ? value.length * UNITS_PER_ELEMENT : 1;

/**
 * Wraps every filter the engine knows so each call first pays for its input and arguments.
 * The `*_exp` filters are removed instead: they evaluate a Liquid expression (of any length,
 * with any filters) per element with no render-time check, and an email has no list to filter.
 */
export function chargeFilterWork(engine: Liquid): void {
  for (const [name, impl] of Object.entries(engine.filters)) {
    if (name.endsWith('_exp')) {
      engine.unregisterFilter(name);
      continue;
    }
    const handler = typeof impl === 'function' ? impl : impl.handler;
    const charged: FilterHandler = function (value, ...args) {
      let units = sizeOf(value);
      for (const arg of args) units += sizeOf(arg);
      this.context.memoryLimit.use(units);
      return handler.call(this, value, ...args);
    };
    const wrapped: FilterImplOptions = typeof impl === 'function' ? charged : { ...impl, handler: charged };
    engine.registerFilter(name, wrapped);
  }
}

/**
 * `capture` builds a string from its block without paying for it (writing output is cheap until
 * something reads the result, which then costs its whole length at once): the captured length is
 * charged when the block ends.
 */
class ChargedCaptureTag extends CaptureTag {
  override *render(ctx: Context): Generator<unknown, void, string> {
    yield* super.render(ctx);
    const captured: unknown = (ctx.bottom() as Record<string, unknown>)[this.variable];
    ctx.memoryLimit.use(String(captured ?? '').length);
  }
}

export function chargeCaptures(engine: Liquid): void {
  engine.registerTag('capture', ChargedCaptureTag);
}

/**
 * Parsing and static analysis cost about 20 µs per tag or output and 2 µs per character inside
 * them, and neither can be interrupted: a 50 KB body of `{{ link }}` takes over 100 ms of CPU.
 * How much Liquid markup a source holds (tags, outputs, and the characters from `{{`/`{%` to the
 * closing delimiter), counted without parsing.
 */
export function markupOf(source: string): { tags: number; chars: number } {
  let tags = 0;
  let chars = 0;
  // indexOf scans, not a regular expression: an unclosed `{{` must not rescan the rest per attempt.
  for (let at = source.indexOf('{'); at !== -1 && at < source.length - 1; ) {
    const next = source[at + 1];
    if (next !== '{' && next !== '%') {
      at = source.indexOf('{', at + 1);
      continue;
    }
    const close = source.indexOf(next === '{' ? '}}' : '%}', at + 2);
    const end = close === -1 ? source.length : close + 2;
    tags++;
    chars += end - at;
    at = source.indexOf('{', end);
  }
  return { tags, chars };
}

const threadCpuMs = () => {
  const used = process.threadCpuUsage();
  return (used.user + used.system) / 1000;
};

/** How often a render past its limit in wall time reads the CPU clock (a system call). */
const CPU_SAMPLE_MS = 1;

/**
 * A render context for `engine` that allows `ms` of this thread's CPU time. liquidjs's own limit
 * counts wall time, so a render merely descheduled on a busy machine fails like a slow one, and
 * a tight limit then refuses even the built-in templates. The CPU clock is read at the start, and
 * only once wall time has passed `ms` (then at most every CPU_SAMPLE_MS).
 */
export function cpuLimitedContext(engine: Liquid, scope: object, ms: number): Context {
  const wallStart = performance.now();
  const cpuStart = threadCpuMs();
  let sampledAt = wallStart;
  const limiter = {
    use() {},
    check() {
      const now = performance.now();
      if (now - wallStart <= ms || now - sampledAt < CPU_SAMPLE_MS) return;
      sampledAt = now;
      if (threadCpuMs() - cpuStart > ms) throw new AssertionError('template render limit exceeded');
    },
  };
  // liquidjs declares private fields on its Limiter; it only ever calls check() and use().
  const renderLimit = limiter as unknown as Context['renderLimit'];
  return new Context(scope, engine.options, { sync: true }, { liquid: engine, renderLimit });
}

let indexedSource: string | undefined;
let lineStarts: number[] = [];
function positionOf(this: Token): [number, number] {
  if (this.input !== indexedSource) {
    indexedSource = this.input;
    lineStarts = [0];
    for (let i = this.input.indexOf('\n'); i !== -1; i = this.input.indexOf('\n', i + 1))
      lineStarts.push(i + 1);
  }
  let low = 0;
  let high = lineStarts.length - 1;
  while (low < high) {
    const mid = (low + high + 1) >> 1;
    if (lineStarts[mid]! <= this.begin) low = mid;
    else high = mid - 1;
  }
  return [low + 1, this.begin - lineStarts[low]! + 1];
}

/**
 * liquidjs finds a token's line and column by scanning its source from the first character, so
 * static analysis (which locates every variable) costs variables × template size: about a
 * second for a 50 KB body of `{{ link }}`. Line starts are indexed once per source instead.
 * Same answers; call once, before parsing.
 */
export function indexTokenPositions(): void {
  Token.prototype.getPosition = positionOf;
}
