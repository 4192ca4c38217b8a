import type { Clock } from '../services/Clock.js';

/**
 * A pending blocking receive, completed from a `Source` (the channel whose queue it takes from).
 *
 * @internal
 */
export interface Waiter<Source> {
  /** Completes it from `source` and returns true, or returns false to keep it waiting. */
  attempt(source: Source): boolean;
  /** Completes it with a whole message handed straight to it (none is queued) and returns true, or returns false to have it queued. */
  offer(message: Uint8Array): boolean;
  /** Settles it as timed out: nothing arrived within `timeoutMs`. */
  timedOut(timeoutMs: number): void;
  /** Cancels its timer, when it has one. */
  cancelTimer: (() => void) | undefined;
}

/**
 * The FIFO of blocking receives waiting on one connection, served in call order.
 *
 * @remarks
 * {@link ReceiveWaits.pump} runs the waiters in order until one cannot complete yet; the source
 * calls it whenever something arrives or the connection ends. A waiter with a timeout leaves the
 * FIFO when it fires. The first waiter has a field of its own (the one a single blocking receive
 * loop keeps), so a connection with one pending receive holds no list.
 *
 * @internal
 */
export class ReceiveWaits<Source> {
  readonly #source: Source;
  #first: Waiter<Source> | null = null;
  #queued: Array<Waiter<Source>> | null = null;

  constructor(source: Source) {
    this.#source = source;
  }

  /** Whether receives are waiting (a new receive must queue behind them). */
  get busy(): boolean {
    return this.#first !== null;
  }

  /** Queues `waiter`; after `timeoutMs` > 0 it is dropped and told it timed out. */
  add(waiter: Waiter<Source>, clock: Clock, timeoutMs: number): void {
    if (timeoutMs > 0) waiter.cancelTimer = clock.schedule(() => this.timeOut(waiter, timeoutMs), timeoutMs);
    if (this.#first === null) this.#first = waiter;
    else (this.#queued ??= []).push(waiter);
  }

  /** Runs waiters in order until one cannot complete yet. */
  pump(): void {
    while (this.#first !== null) {
      const waiter = this.#first;
      if (!waiter.attempt(this.#source)) return;
      this.next();
      waiter.cancelTimer?.();
    }
  }

  /**
   * Hands a whole message straight to the first waiter, when nothing is queued before it:
   * `true` when it took it, `false` (none waits, or it declined) to queue it instead.
   */
  offer(message: Uint8Array): boolean {
    const waiter = this.#first;
    if (waiter === null || !waiter.offer(message)) return false;
    this.next();
    waiter.cancelTimer?.();
    return true;
  }

  /** `waiter`'s timer fired: it leaves the FIFO (if still there) and is told; the ones behind it may now complete. */
  private timeOut(waiter: Waiter<Source>, timeoutMs: number): void {
    if (this.#first === waiter) this.next();
    else {
      const index = this.#queued?.indexOf(waiter) ?? -1;
      if (index === -1) return;
      this.#queued?.splice(index, 1);
    }
    waiter.timedOut(timeoutMs);
    this.pump();
  }

  /** Drops the first waiter; the next one queued moves up. */
  private next(): void {
    const queued = this.#queued;
    this.#first = queued?.shift() ?? null;
    if (queued?.length === 0) this.#queued = null;
  }
}
