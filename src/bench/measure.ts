/** Latency summaries and a closed-loop load driver (N clients, each issuing its next operation when the last one ends). */

export interface Summary {
  count: number;
  errors: number;
  seconds: number;
  /** completed operations per second */
  throughput: number;
  mean: number;
  p50: number;
  p90: number;
  p99: number;
  max: number;
}

const round = (x: number, d = 2) => Math.round(x * 10 ** d) / 10 ** d;

/** Nearest-rank percentile of sorted values. */
export function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return NaN;
  const rank = Math.ceil((p / 100) * sorted.length);
  return sorted[Math.min(sorted.length - 1, Math.max(0, rank - 1))]!;
}

export function summarise(latencies: number[], seconds: number, errors = 0): Summary {
  const sorted = Float64Array.from(latencies).sort();
  const arr = Array.from(sorted);
  const sum = arr.reduce((s, x) => s + x, 0);
  return {
    count: arr.length,
    errors,
    seconds: round(seconds),
    throughput: round(arr.length / seconds, 1),
    mean: round(arr.length ? sum / arr.length : NaN, 3),
    p50: round(percentile(arr, 50), 3),
    p90: round(percentile(arr, 90), 3),
    p99: round(percentile(arr, 99), 3),
    max: round(arr.length ? arr[arr.length - 1]! : NaN, 3),
  };
}

export interface LoopOptions<T> {
  clients: number;
  /** measured time; operations that end after it are not counted */
  seconds: number;
  /** unmeasured time before, to warm caches and connection pools */
  warmupSeconds: number;
  /** the next input, or undefined when the inputs are used up (the run then ends early) */
  next(): T | undefined;
  op(input: T): Promise<unknown>;
  /** errors to count but not stop on; any other error ends the run */
  tolerate?(e: unknown): boolean;
}

export async function closedLoop<T>(o: LoopOptions<T>): Promise<Summary & { firstError?: string }> {
  const latencies: number[] = [];
  let errors = 0;
  let firstError: string | undefined;
  const start = performance.now();
  const measureFrom = start + o.warmupSeconds * 1000;
  const end = measureFrom + o.seconds * 1000;
  let lastEnd = measureFrom;
  let exhausted = false;
  await Promise.all(
    Array.from({ length: o.clients }, async () => {
      for (;;) {
        if (performance.now() >= end) return;
        const input = o.next();
        if (input === undefined) {
          exhausted = true;
          return;
        }
        const t0 = performance.now();
        try {
          await o.op(input);
        } catch (e) {
          if (!o.tolerate?.(e)) throw e;
          errors++;
          firstError ??= (e as Error).message;
          continue;
        }
        const t1 = performance.now();
        if (t0 >= measureFrom && t1 <= end) {
          latencies.push(t1 - t0);
          lastEnd = Math.max(lastEnd, t1);
        }
      }
    }),
  );
  // When the inputs ran out early, the throughput is over the time actually used.
  const seconds = ((exhausted ? lastEnd : end) - measureFrom) / 1000;
  return { ...summarise(latencies, Math.max(seconds, 1e-3), errors), ...(firstError ? { firstError } : {}) };
}
