import type { Clock } from '../../src/services/Clock.js';

/** A clock that moves only when told: delays are checked exactly, with no waiting. */
export class ManualClock implements Clock {
  #now = 0;
  #timers: Array<{ at: number; run: () => void; live: boolean }> = [];
  now(): number {
    return this.#now;
  }
  schedule(callback: () => void, delayMs: number): () => void {
    const timer = { at: this.#now + delayMs, run: callback, live: true };
    this.#timers.push(timer);
    return () => void (timer.live = false);
  }
  /** Moves time on by `ms`, running each timer due on the way at its own time, in order. */
  advance(ms: number): void {
    const end = this.#now + ms;
    for (;;) {
      const next = this.#timers.filter((timer) => timer.live && timer.at <= end).sort((a, b) => a.at - b.at)[0];
      if (next === undefined) break;
      this.#timers = this.#timers.filter((timer) => timer !== next);
      this.#now = Math.max(this.#now, next.at);
      next.run();
    }
    this.#now = end;
  }
}

