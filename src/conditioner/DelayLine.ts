import type { Clock } from '../services/Clock.js';
import { settingsOf } from './NetworkConditioner.js';
import type { StreamConditionerOptions } from './ConditionerOptions.js';
import { RateLimit } from './RateLimit.js';
import { SeededRandom } from './SeededRandom.js';

/** A piece of a stream waiting for its time. */
interface Piece {
  readonly at: number;
  readonly bytes: number;
  readonly deliver: () => void;
}

/**
 * One direction of a conditioned stream: each piece is delivered after the latency, its jitter
 * and its turn on the rate-limited link, and never before the piece ahead of it (a stream keeps
 * its order).
 *
 * @internal
 */
export class DelayLine {
  readonly #clock: Clock;
  readonly #random: SeededRandom;
  readonly #latencyMs: number;
  readonly #jitterMs: number;
  /** The rate limit, or `null` when there is none. */
  readonly #rate: RateLimit | null;
  /** The most bytes held back at once. */
  readonly limit: number;
  #held = 0;
  #lastAt = Number.NEGATIVE_INFINITY;
  /** What waits, in order, with the clock time of its delivery. */
  #queue: Piece[] = [];
  #head = 0;
  /** Cancels the one timer (set for the first piece), or `null`. */
  #timer: (() => void) | null = null;
  /** Pieces are being delivered now: a piece pushed meanwhile waits for the loop, not a timer of its own. */
  #delivering = false;

  /**
   * @throws RangeError for a negative or non-finite time, rate or size.
   */
  constructor(options: Omit<StreamConditionerOptions, 'inbound'>, clock: Clock) {
    const settings = settingsOf(options);
    this.#clock = clock;
    this.#random = new SeededRandom(options.seed ?? 1);
    this.#latencyMs = settings.latencyMs;
    this.#jitterMs = settings.jitterMs;
    this.#rate = settings.bytesPerSecond > 0 ? new RateLimit(settings.bytesPerSecond, settings.burstBytes) : null;
    this.limit = settings.queueBytes;
  }

  /** Bytes held back now. */
  get held(): number {
    return this.#held;
  }

  /** Whether nothing is held back. */
  get empty(): boolean {
    return this.#head === this.#queue.length;
  }

  /** Delivers `bytes` bytes (0 for an event such as the end) with `deliver`, in order behind everything pushed before. */
  push(bytes: number, deliver: () => void): void {
    const now = this.#clock.now();
    let at = now + this.#latencyMs + this.#random.next() * this.#jitterMs;
    if (this.#rate !== null && bytes > 0) at += this.#rate.delay(bytes, now);
    at = Math.max(at, this.#lastAt);
    this.#lastAt = at;
    this.#held += bytes;
    this.#queue.push({ at, bytes, deliver });
    if (this.#timer === null && !this.#delivering) this.#timer = this.#clock.schedule(this.#due, at - now);
  }

  /** Drops everything held back. */
  clear(): void {
    this.#timer?.();
    this.#timer = null;
    this.#queue = [];
    this.#head = 0;
    this.#held = 0;
  }

  /** Delivers every piece that is due, in order, then waits for the next. */
  readonly #due = (): void => {
    this.#timer = null;
    const queue = this.#queue;
    this.#delivering = true;
    try {
      // Timers may fire up to a millisecond early: what is due within 1 ms goes now.
      while (this.#queue === queue && this.#head < queue.length && (queue[this.#head] as Piece).at <= this.#clock.now() + 1) {
        const piece = queue[this.#head++] as Piece;
        this.#held -= piece.bytes;
        piece.deliver();
      }
    } finally {
      this.#delivering = false;
    }
    if (this.#queue !== queue) return; // cleared by a delivery
    if (this.#head === queue.length) {
      this.#queue = [];
      this.#head = 0;
      return;
    }
    if (this.#head >= 1024) {
      // A line that never empties drops what it delivered now and then, so it holds only what waits.
      this.#queue = queue.slice(this.#head);
      this.#head = 0;
    }
    this.#timer = this.#clock.schedule(this.#due, (this.#queue[this.#head] as Piece).at - this.#clock.now());
  };
}
