import { Readiness } from '../core/Readiness.js';
import { DONE } from '../core/results.js';
import { SocketError } from '../core/SocketError.js';
import type { StatusResult } from '../core/SocketResult.js';
import { SocketStatus } from '../core/SocketStatus.js';
import type { Clock } from '../services/Clock.js';
import type { SocketLimits } from '../services/SocketLimits.js';
import type { StreamChannel } from './StreamChannel.js';

/**
 * The send side a `SocketSelector` and `waitForDrain` see of one `TcpSocket`: whether its output
 * queue is under the water marks, and waits for it to drain.
 *
 * @remarks
 * Made only when asked for (a selector watching the socket for sending, or a drain wait), so a
 * socket nobody watches pays nothing per send. Readiness to send has hysteresis, as Node's and
 * ws's `highWaterMark`: it falls when the queued bytes reach the high-water mark and rises again
 * once they are at or under the low-water mark. The fall is seen after each send; the rise is
 * checked at each room signal of the channel (the transport wrote what it held, or the
 * connection closed), so no timer polls. A closed connection is ready to send: its next send
 * answers at once, with the end.
 *
 * @internal
 */
export class OutputWatch {
  /** Raised while the socket is connected and under the marks. */
  readonly readiness = new Readiness();
  readonly #limits: SocketLimits;
  readonly #queued: () => number;
  readonly #sendBufferSize: () => number;
  #channel: StreamChannel | null = null;
  #armed = false;

  /**
   * @param limits - the socket's limits (the marks).
   * @param queued - the socket's queued output bytes now.
   * @param sendBufferSize - the socket's output bound now (`setSendBufferSize`, else the limits').
   */
  constructor(limits: SocketLimits, queued: () => number, sendBufferSize: () => number) {
    this.#limits = limits;
    this.#queued = queued;
    this.#sendBufferSize = sendBufferSize;
  }

  /** The high-water mark in force: at most the output bound, where non-blocking sends stop fitting. */
  get #high(): number {
    return Math.min(this.#limits.sendHighWaterMark, this.#sendBufferSize());
  }

  /** The low-water mark in force: at most the high one. */
  get #low(): number {
    return Math.min(this.#limits.sendLowWaterMark, this.#high);
  }

  /** Watches a new connection (ready: its queue is empty), or none (`null`: not ready). */
  attach(channel: StreamChannel | null): void {
    this.#channel = channel;
    this.#armed = false;
    this.readiness.set(channel !== null);
    if (channel !== null) this.afterSend();
  }

  /** After a send: not ready once the queue reached the high-water mark, until it is back under the low one. */
  afterSend(): void {
    const channel = this.#channel;
    if (channel === null || channel.closed || this.#queued() < this.#high) return;
    this.readiness.set(false);
    this.#arm(channel);
  }

  /**
   * Settles once the queued bytes are at or under the low-water mark: `Done`; the connection's end
   * when it is gone first; `NotReady` with a `Timeout` error after `timeoutMs` (> 0).
   */
  waitForDrain(clock: Clock, timeoutMs: number): Promise<StatusResult> {
    const channel = this.#channel;
    if (channel === null) return Promise.resolve({ status: SocketStatus.NotReady });
    const now = this.#drainAnswer(channel);
    if (now !== null) return Promise.resolve(now);
    return new Promise((resolve) => {
      let done = false;
      const cancel =
        timeoutMs > 0
          ? clock.schedule(() => {
              done = true;
              resolve({ status: SocketStatus.NotReady, error: new SocketError('Timeout', `waitForDrain: ${this.#queued()} bytes still queued after ${timeoutMs} ms`) });
            }, timeoutMs)
          : undefined;
      const check = (): void => {
        if (done) return;
        const answer = this.#drainAnswer(channel);
        if (answer === null) return channel.addRoomWaiter(check);
        done = true;
        cancel?.();
        resolve(answer);
      };
      channel.addRoomWaiter(check);
    });
  }

  /** `Done` when drained to the low-water mark, the end when the connection is gone, else `null`. */
  #drainAnswer(channel: StreamChannel): StatusResult | null {
    if (channel.closed) return channel.reportEnd();
    return this.#queued() <= this.#low ? DONE : null;
  }

  /** Checks again at the channel's next room signal (once at a time). */
  #arm(channel: StreamChannel): void {
    if (this.#armed) return;
    this.#armed = true;
    channel.addRoomWaiter(() => {
      if (this.#channel !== channel) return;
      this.#armed = false;
      if (channel.closed || this.#queued() <= this.#low) this.readiness.set(true);
      else this.#arm(channel);
    });
  }
}
