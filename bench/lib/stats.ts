/** Small statistics helpers for the benchmark. */

/** The `q` quantile (0..1) of `sorted` (ascending), nearest rank. */
export function quantile(sorted: ArrayLike<number>, q: number): number {
  if (sorted.length === 0) return 0;
  const rank = Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1));
  return sorted[rank] as number;
}

/** Median, min and max of a list of figures (NaN-free). */
export interface Spread {
  readonly median: number;
  readonly min: number;
  readonly max: number;
  readonly n: number;
}

/** The spread of `values`, ignoring non-finite ones. */
export function spread(values: readonly number[]): Spread {
  const finite = values.filter((value) => Number.isFinite(value)).sort((a, b) => a - b);
  if (finite.length === 0) return { median: Number.NaN, min: Number.NaN, max: Number.NaN, n: 0 };
  const middle = finite.length >> 1;
  const median = finite.length % 2 === 1 ? (finite[middle] as number) : ((finite[middle - 1] as number) + (finite[middle] as number)) / 2;
  return { median, min: finite[0] as number, max: finite[finite.length - 1] as number, n: finite.length };
}

/** Latency samples kept by a client, with a fixed upper bound. */
export class Latencies {
  readonly #samples: Float64Array;
  #count = 0;

  constructor(capacity: number) {
    this.#samples = new Float64Array(capacity);
  }

  /** Records one sample (dropped once full). */
  add(value: number): void {
    if (this.#count < this.#samples.length) this.#samples[this.#count++] = value;
  }

  /** The p50, p99 and p99.9 of what was recorded. */
  percentiles(): { p50: number; p99: number; p999: number } {
    const sorted = this.#samples.subarray(0, this.#count).sort();
    return { p50: quantile(sorted, 0.5), p99: quantile(sorted, 0.99), p999: quantile(sorted, 0.999) };
  }
}
