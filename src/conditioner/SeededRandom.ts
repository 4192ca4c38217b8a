/**
 * A small seeded pseudo-random source (mulberry32): the same seed gives the same numbers on every
 * machine and every run, so a lossy test that fails fails again the same way.
 *
 * @example
 * ```ts
 * const random = new SeededRandom(42);
 * random.next(); // the same number in [0, 1) every time for seed 42
 * ```
 */
export class SeededRandom {
  #state: number;

  /**
   * Starts the sequence of `seed`.
   *
   * @param seed - any integer; only its low 32 bits count.
   */
  constructor(seed: number) {
    if (!Number.isInteger(seed)) throw new TypeError(`SeededRandom: the seed must be an integer, got ${String(seed)}`);
    this.#state = seed >>> 0;
  }

  /**
   * The next number, in [0, 1).
   *
   * @example
   * ```ts
   * const random = new SeededRandom(7);
   * if (random.next() < 0.1) console.log('dropped'); // 10 % of the time
   * ```
   */
  next(): number {
    this.#state = (this.#state + 0x6d2b79f5) >>> 0;
    let x = this.#state;
    x = Math.imul(x ^ (x >>> 15), x | 1);
    x ^= x + Math.imul(x ^ (x >>> 7), x | 61);
    return ((x ^ (x >>> 14)) >>> 0) / 4294967296;
  }
}
