/**
 * How long one dependent memory load takes on this machine, inside and beyond a core's own cache:
 * recorded with every run, because a host whose shared cache its neighbours take runs every
 * implementation slower and the SDK's longer code path and extra allocation slower still.
 */

/** Nanoseconds per load, chasing a random cycle through a working set of each size. */
export interface MemoryLatency {
  /** 256 KiB: fits a core's own (L2) cache. */
  readonly ns256KiB: number;
  /** 8 MiB: fits the shared (L3) cache of a host whose cache is its own; ~190 ns measured on one whose was not. */
  readonly ns8MiB: number;
}

/**
 * Measures both working sets (~0.5 s, ~16 MB of memory briefly).
 *
 * @example
 * ```ts
 * const { ns256KiB, ns8MiB } = memoryLatency();
 * if (ns8MiB > 10 * ns256KiB) console.warn('the shared cache is not this host\'s own: figures will differ');
 * ```
 */
export function memoryLatency(loads = 2_000_000): MemoryLatency {
  return { ns256KiB: chase(256 * 1024, loads), ns8MiB: chase(8 * 1024 * 1024, loads) };
}

/** Nanoseconds per load of `loads` dependent loads through one random cycle over `bytes`. */
function chase(bytes: number, loads: number): number {
  const count = bytes >> 2;
  const order = new Int32Array(count);
  for (let i = 0; i < count; i++) order[i] = i;
  let seed = 12345;
  for (let i = count - 1; i > 0; i--) {
    seed = (Math.imul(seed, 1103515245) + 12345) >>> 0;
    const j = seed % (i + 1);
    const swap = order[i] as number;
    order[i] = order[j] as number;
    order[j] = swap;
  }
  const next = new Int32Array(count);
  for (let i = 0; i < count; i++) next[order[i] as number] = order[(i + 1) % count] as number;
  let at = 0;
  for (let i = 0; i < count; i++) at = next[at] as number;
  const start = process.hrtime.bigint();
  for (let i = 0; i < loads; i++) at = next[at] as number;
  const ns = Number(process.hrtime.bigint() - start) / loads;
  // `at` is used, so the loop cannot be dropped.
  return at < 0 ? Number.NaN : ns;
}
