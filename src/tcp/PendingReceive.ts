import { ReusableWait } from '../core/ReusableWait.js';
import { SocketError } from '../core/SocketError.js';
import type { ReceiveManyResult, ReceiveResult, StatusResult } from '../core/SocketResult.js';
import { SocketStatus } from '../core/SocketStatus.js';
import { Packet } from '../packet/Packet.js';
import type { Waiter } from './ReceiveWaits.js';
import type { StreamChannel } from './StreamChannel.js';

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
  /** Fills `target` with a whole message handed straight over, or `null` to have it queued. */
  offered(target: ReceiveTarget, message: Uint8Array): AnyReceiveResult | null;
}

/**
 * A blocking receive waiting in a channel's FIFO: the data of one wait, with no closure of its own.
 *
 * @remarks
 * One object holds what the wait needs (the reader, the target, the Promise's resolve function),
 * so an idle connection with a receive pending keeps this and the Promise only; its reader
 * begins it again for the next wait once it is answered.
 *
 * @internal
 */
export class PendingReceive extends ReusableWait<ReceiveTarget, AnyReceiveResult> implements Waiter<StreamChannel> {
  readonly #taker: Taker;

  constructor(taker: Taker) {
    super();
    this.#taker = taker;
  }

  /** Completes it from `channel` and returns true, or returns false to keep it waiting. */
  attempt(channel: StreamChannel): boolean {
    let result: AnyReceiveResult | null;
    try {
      result = this.#taker.take(channel, this.target);
    } catch (error) {
      this.fail(error);
      return true;
    }
    if (result === null) return false;
    this.answer(result);
    return true;
  }

  /** Completes it with a whole message handed straight over and returns true, or returns false to have the message queued. */
  offer(message: Uint8Array): boolean {
    const result = this.#taker.offered(this.target, message);
    if (result === null) return false;
    this.answer(result);
    return true;
  }

  /** Ends the wait with `NotReady` and a `Timeout` error (SO_TIMEOUT). */
  timedOut(timeoutMs: number): void {
    const error = new SocketError('Timeout', `receive: nothing arrived within ${timeoutMs} ms`, { code: 'ETIMEDOUT' });
    const target = this.target;
    if (target instanceof Packet) this.answer({ status: SocketStatus.NotReady, error });
    else if (typeof target === 'number') this.answer({ status: SocketStatus.NotReady, error, data: EMPTY });
    else this.answer({ status: SocketStatus.NotReady, error, count: 0 });
  }
}
