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
  /** CPU milliseconds used so far by the database server's processes serving this run (see postgresCpu) */
  serverCpu?(): Promise<number>;
}

export interface CpuPerOp {
  /** this process's CPU (all threads) per completed operation, in ms */
  nodeCpuMsPerOp: number;
  /** the database backends' CPU per completed operation, in ms (PostgreSQL on this machine only) */
  serverCpuMsPerOp?: number;
}

export async function closedLoop<T>(o: LoopOptions<T>): Promise<Summary & CpuPerOp & { firstError?: string }> {
  const latencies: number[] = [];
  let errors = 0;
  let firstError: string | undefined;
  const start = performance.now();
  const measureFrom = start + o.warmupSeconds * 1000;
  const end = measureFrom + o.seconds * 1000;
  let lastEnd = measureFrom;
  let exhausted = false;
  const cpuAt = async () => {
    const u = process.cpuUsage();
    return { node: (u.user + u.system) / 1000, server: o.serverCpu ? await o.serverCpu() : NaN };
  };
  let cpuFrom = await cpuAt();
  const warm = setTimeout(() => void cpuAt().then((c) => (cpuFrom = c)), Math.max(0, measureFrom - performance.now()));
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
  clearTimeout(warm);
  const cpuTo = await cpuAt();
  // When the inputs ran out early, the throughput is over the time actually used.
  const seconds = ((exhausted ? lastEnd : end) - measureFrom) / 1000;
  const n = Math.max(1, latencies.length);
  return {
    ...summarise(latencies, Math.max(seconds, 1e-3), errors),
    nodeCpuMsPerOp: round((cpuTo.node - cpuFrom.node) / n, 3),
    ...(o.serverCpu ? { serverCpuMsPerOp: round((cpuTo.server - cpuFrom.server) / n, 3) } : {}),
    ...(firstError ? { firstError } : {}),
  };
}

/**
 * CPU time (ms) used so far by the PostgreSQL backends connected to this database, read from
 * /proc (the server must run on this machine). The backends of a pool live as long as the pool,
 * so differences between two readings are the CPU spent serving the run in between.
 */
export function postgresCpu(pids: () => Promise<number[]>): () => Promise<number> {
  const seen = new Map<number, number>();
  return async () => {
    const { readFile } = await import('node:fs/promises');
    for (const pid of await pids()) {
      try {
        const stat = await readFile(`/proc/${pid}/stat`, 'utf8');
        const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
        // utime and stime are fields 14 and 15 of the whole line (11 and 12 after the command name), in clock ticks
        seen.set(pid, ((Number(fields[11]) + Number(fields[12])) * 1000) / 100);
      } catch {
        // a backend that has gone keeps its last reading
      }
    }
    let total = 0;
    for (const v of seen.values()) total += v;
    return total;
  };
}
