/**
 * A link that carries `bytesPerSecond` and, after an idle time, may run up to `burstBytes` ahead
 * (a token bucket): how long each offered amount waits for its turn.
 *
 * @internal
 */
export class RateLimit {
  readonly #bytesPerSecond: number;
  readonly #burstMs: number;
  /** When the link is next free (clock time). */
  #freeAt = Number.NEGATIVE_INFINITY;

  /** A limit of `bytesPerSecond` (> 0) with a burst allowance of `burstBytes`. */
  constructor(bytesPerSecond: number, burstBytes: number) {
    this.#bytesPerSecond = bytesPerSecond;
    this.#burstMs = (burstBytes * 1000) / bytesPerSecond;
  }

  /** How long `bytes` offered at `now` wait for the link (0 when within the burst). */
  delay(bytes: number, now: number): number {
    this.#freeAt = Math.max(now - this.#burstMs, this.#freeAt) + (bytes * 1000) / this.#bytesPerSecond;
    return Math.max(0, this.#freeAt - now);
  }
}
