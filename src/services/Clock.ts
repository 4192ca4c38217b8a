/**
 * Time as the SDK sees it: a monotonic "now" and one-shot timers.
 *
 * @remarks
 * Timeouts (connect, receive, selector wait) all go through this service, so a test can bind
 * `Tokens.Clock` to a controllable clock.
 *
 * @example
 * ```ts
 * const cancel = clock.schedule(() => console.log('later'), 100);
 * cancel(); // never mind
 * ```
 */
export interface Clock {
  /**
   * Milliseconds on a monotonic scale (not wall time).
   *
   * @example
   * ```ts
   * const start = clock.now();
   * await selector.wait(100);
   * console.log(clock.now() - start, 'ms');
   * ```
   */
  now(): number;
  /**
   * Calls `callback` once after `delayMs`; the returned function cancels it.
   *
   * @example
   * ```ts
   * const cancel = clock.schedule(() => console.log('tick'), 100);
   * cancel();
   * ```
   */
  schedule(callback: () => void, delayMs: number): () => void;
}

/**
 * The system clock: `performance.now()` and `setTimeout`.
 *
 * @example
 * ```ts
 * const clock = new SystemClock();
 * const start = clock.now();
 * ```
 */
export class SystemClock implements Clock {
  /**
   * Milliseconds since the process started, monotonic.
   *
   * @returns the time.
   */
  now(): number {
    return performance.now();
  }

  /**
   * Runs `callback` once after `delayMs`.
   *
   * @param callback - what to run.
   * @param delayMs - the delay in milliseconds.
   * @returns a function that cancels the timer.
   * @example
   * ```ts
   * const cancel = new SystemClock().schedule(() => {}, 50);
   * ```
   */
  schedule(callback: () => void, delayMs: number): () => void {
    const timer = setTimeout(callback, delayMs);
    return () => clearTimeout(timer);
  }
}
