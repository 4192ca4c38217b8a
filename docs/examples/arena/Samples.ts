/**
 * A bounded record of timings (round trips, tick times): the latest samples in a ring, plus
 * all-time count, sum and maximum.
 *
 * @module
 */

/** Average, 99th percentile and maximum of some timings, in milliseconds. */
export interface TimingSummary {
  /** How many samples were taken (all time). */
  readonly count: number;
  /** The mean of every sample; 0 when there is none. */
  readonly avg: number;
  /** The 99th percentile of the samples the ring still holds; 0 when there is none. */
  readonly p99: number;
  /** The largest sample (all time); 0 when there is none. */
  readonly max: number;
}

/**
 * Timings in milliseconds, in memory that does not grow: the percentile is taken over the last
 * `capacity` samples, the average and maximum over all of them.
 *
 * @example
 * ```ts
 * const rtt = new Samples(1024);
 * rtt.add(0.42);
 * console.log(rtt.summary().p99);
 * ```
 */
export class Samples {
  readonly #ring: Float64Array;
  #next = 0;
  #count = 0;
  #sum = 0;
  #max = 0;

  /**
   * Creates an empty record.
   *
   * @param capacity - how many of the latest samples the percentile looks at.
   */
  constructor(capacity = 4096) {
    this.#ring = new Float64Array(capacity);
  }

  /**
   * Records one sample.
   *
   * @param ms - the timing in milliseconds.
   */
  add(ms: number): void {
    this.#ring[this.#next] = ms;
    this.#next = (this.#next + 1) % this.#ring.length;
    this.#count++;
    this.#sum += ms;
    if (ms > this.#max) this.#max = ms;
  }

  /** Forgets every sample. */
  reset(): void {
    this.#next = 0;
    this.#count = 0;
    this.#sum = 0;
    this.#max = 0;
  }

  /**
   * Summarises the samples.
   *
   * @returns count, average, p99 and maximum (all 0 when empty).
   */
  summary(): TimingSummary {
    const held = Math.min(this.#count, this.#ring.length);
    if (held === 0) return { count: 0, avg: 0, p99: 0, max: 0 };
    const sorted = this.#ring.slice(0, held).sort();
    const p99 = sorted[Math.min(held - 1, Math.ceil(held * 0.99) - 1)] ?? 0;
    return { count: this.#count, avg: this.#sum / this.#count, p99, max: this.#max };
  }
}
