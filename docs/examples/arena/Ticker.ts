/**
 * A fixed-rate schedule for a selector loop: wait on the selector at most until the next tick.
 *
 * @module
 */
import type { SocketSelector } from '../../../src/index.js';

/**
 * Keeps a loop at a fixed tick rate while it sleeps in `SocketSelector.wait`.
 *
 * @remarks
 * Ticks are due at fixed times (start + n × period), so a slow tick does not shift the next
 * ones; a loop that falls more than a period behind skips the missed ticks instead of running
 * them back to back. The time spent outside `wait` is the loop's busy time.
 *
 * @example
 * ```ts
 * const ticker = new Ticker(30);
 * while (running) {
 *   await ticker.waitForTick(selector, () => handleReadySockets());
 *   simulateAndSend();
 * }
 * ```
 */
export class Ticker {
  /** Milliseconds between ticks. */
  readonly periodMs: number;
  #due: number;
  #idleMs = 0;

  /**
   * Starts the schedule: the first tick is due one period from now.
   *
   * @param rateHz - ticks a second.
   */
  constructor(rateHz: number) {
    this.periodMs = 1000 / rateHz;
    this.#due = performance.now() + this.periodMs;
  }

  /**
   * Milliseconds spent inside `wait` since the last call, then resets that count.
   *
   * @returns the idle time.
   */
  takeIdleMs(): number {
    const idle = this.#idleMs;
    this.#idleMs = 0;
    return idle;
  }

  /**
   * Sleeps in `selector.wait` until the next tick is due, calling `onReady` each time sockets
   * are ready (and once more if `stop` says so), then schedules the tick after.
   *
   * @param selector - the loop's selector.
   * @param onReady - handles the ready sockets (accept, receive…).
   * @param stop - ends the wait early when it returns `true`.
   */
  async waitForTick(selector: SocketSelector, onReady: () => Promise<void>, stop: () => boolean = () => false): Promise<void> {
    for (let now = performance.now(); now < this.#due && !stop(); now = performance.now()) {
      const ready = await selector.wait(Math.max(1, Math.ceil(this.#due - now)));
      this.#idleMs += performance.now() - now;
      if (ready) await onReady();
    }
    const now = performance.now();
    this.#due = now - this.#due > this.periodMs ? now + this.periodMs : this.#due + this.periodMs;
  }
}
