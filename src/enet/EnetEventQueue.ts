import type { Readiness } from '../core/Readiness.js';
import { SocketStatus } from '../core/SocketStatus.js';
import type { EnetEvent, EnetEventResult } from './EnetEvent.js';

/** A `service` waiting for an event: how it ends, and its timer. */
interface ServiceWait {
  readonly resolve: (result: EnetEventResult) => void;
  cancel: (() => void) | undefined;
}

/** The `NotReady` answer: no event. */
export const NO_EVENT: EnetEventResult = Object.freeze({ status: SocketStatus.NotReady, event: null });
/** The `Disconnected` answer: the host was closed. */
export const HOST_CLOSED: EnetEventResult = Object.freeze({ status: SocketStatus.Disconnected, event: null });

/**
 * The events of an `EnetHost` waiting for `service`, and the `service` calls waiting for an
 * event: an event goes straight to the oldest waiting call, and is queued only when none waits.
 * The host's readiness is raised while events are queued. Its size is bounded by what makes
 * events: two per connection, and messages within each peer's `enetMaxWaitingData`.
 *
 * @internal
 */
export class EnetEventQueue {
  readonly #events: EnetEvent[] = [];
  readonly #waits: ServiceWait[] = [];
  readonly #readiness: Readiness;
  /** Called for each event as the application takes it (to release the bytes it held). */
  readonly #taken: (event: EnetEvent) => void;

  constructor(readiness: Readiness, taken: (event: EnetEvent) => void) {
    this.#readiness = readiness;
    this.#taken = taken;
  }

  /** Events queued now. */
  get length(): number {
    return this.#events.length;
  }

  /** Gives `event` to the oldest waiting `service`, or queues it. */
  push(event: EnetEvent): void {
    const wait = this.#waits.shift();
    if (wait !== undefined) {
      wait.cancel?.();
      this.#taken(event);
      wait.resolve({ status: SocketStatus.Done, event });
      return;
    }
    this.#events.push(event);
    this.#readiness.set(true);
  }

  /** The oldest queued event (taken), or `null`. */
  shift(): EnetEvent | null {
    const event = this.#events.shift();
    if (event === undefined) return null;
    if (this.#events.length === 0) this.#readiness.set(false);
    this.#taken(event);
    return event;
  }

  /** Waits for an event, for `timeoutMs` at most (`NotReady` then), through `schedule`. */
  wait(timeoutMs: number | undefined, schedule: (callback: () => void, delayMs: number) => () => void): Promise<EnetEventResult> {
    return new Promise((resolve) => {
      const wait: ServiceWait = { resolve, cancel: undefined };
      if (timeoutMs !== undefined) {
        wait.cancel = schedule(() => {
          const index = this.#waits.indexOf(wait);
          if (index >= 0) this.#waits.splice(index, 1);
          resolve(NO_EVENT);
        }, timeoutMs);
      }
      this.#waits.push(wait);
    });
  }

  /** Drops every queued event and ends every waiting `service` with `Disconnected`. */
  close(): void {
    this.#events.length = 0;
    this.#readiness.set(false);
    for (const wait of this.#waits.splice(0)) {
      wait.cancel?.();
      wait.resolve(HOST_CLOSED);
    }
  }
}
