import { SocketError } from '../core/SocketError.js';
import type { ReceiveManyResult, ReceiveResult, StatusResult } from '../core/SocketResult.js';
import { SocketStatus } from '../core/SocketStatus.js';
import { Packet } from '../packet/Packet.js';
import type { StreamChannel, Waiter } from './StreamChannel.js';

const EMPTY = new Uint8Array(0);

/**
 * What a receive fills: a packet, a byte count, or (receiveMany) packets from the first.
 *
 * @internal
 */
export type ReceiveTarget = Packet | number | readonly Packet[];

/**
 * What a receive of any target answers.
 *
 * @internal
 */
export type AnyReceiveResult = StatusResult | ReceiveResult | ReceiveManyResult;

/** What completes a pending receive: the reader that queued it. */
interface Taker {
  /** Takes what `target` asks for from the channel's queue, or `null` while it cannot complete yet. */
  take(channel: StreamChannel, target: ReceiveTarget): AnyReceiveResult | null;
}

/** What a settled wait holds instead of its target and settle functions, so it keeps nothing alive. */
const NOTHING = (): void => undefined;

/**
 * A blocking receive waiting in a channel's FIFO: the data of one wait, with no closure of its own.
 *
 * @remarks
 * One object holds what the wait needs (the reader, the target, the Promise's settle functions),
 * so an idle connection with a receive pending keeps this and the Promise only. Once answered it
 * lets go of its target and settle functions, and its reader may {@link PendingReceive.refill}
 * it for its next wait: a loop that waits for every packet makes one of these, not one a packet.
 *
 * @internal
 */
export class PendingReceive implements Waiter {
  cancelTimer: (() => void) | undefined = undefined;
  /** Whether the wait has been answered (it is out of the channel's FIFO then). */
  answered = false;
  readonly #taker: Taker;
  #target: ReceiveTarget = 0;
  #resolve: (result: AnyReceiveResult) => void = NOTHING;
  #reject: (error: unknown) => void = NOTHING;

  constructor(taker: Taker, target: ReceiveTarget, resolve: (result: AnyReceiveResult) => void, reject: (error: unknown) => void) {
    this.#taker = taker;
    this.refill(target, resolve, reject);
  }

  /** Makes this answered wait the wait for `target` (the caller checks `answered`). */
  refill(target: ReceiveTarget, resolve: (result: AnyReceiveResult) => void, reject: (error: unknown) => void): this {
    this.#target = target;
    this.#resolve = resolve;
    this.#reject = reject;
    this.cancelTimer = undefined;
    this.answered = false;
    return this;
  }

  /** Completes it from `channel` and returns true, or returns false to keep it waiting. */
  attempt(channel: StreamChannel): boolean {
    let result: AnyReceiveResult | null;
    try {
      result = this.#taker.take(channel, this.#target);
    } catch (error) {
      this.#settle(this.#reject, error);
      return true;
    }
    if (result === null) return false;
    this.#settle(this.#resolve, result);
    return true;
  }

  /** Ends the wait with `NotReady` and a `Timeout` error (SO_TIMEOUT). */
  timedOut(timeoutMs: number): void {
    const error = new SocketError('Timeout', `receive: nothing arrived within ${timeoutMs} ms`, { code: 'ETIMEDOUT' });
    const target = this.#target;
    if (target instanceof Packet) this.#settle(this.#resolve, { status: SocketStatus.NotReady, error });
    else if (typeof target === 'number') this.#settle(this.#resolve, { status: SocketStatus.NotReady, error, data: EMPTY });
    else this.#settle(this.#resolve, { status: SocketStatus.NotReady, error, count: 0 });
  }

  /** Answers the wait through `settle` with `value`, letting go of what the wait held first. */
  #settle<T>(settle: (value: T) => void, value: T): void {
    this.answered = true;
    this.#target = 0;
    this.#resolve = NOTHING;
    this.#reject = NOTHING;
    settle(value);
  }
}
