import type { SocketError } from '../core/SocketError.js';
import type { StreamConnection, StreamHandler } from '../transport/StreamConnection.js';
import { StreamConnectionDecorator } from '../transport/StreamConnectionDecorator.js';
import type { DelayLine } from './DelayLine.js';
import { copyBytes } from '../core/copyBytes.js';

/**
 * A connection seen through a slow link: what is written passes an outbound {@link DelayLine}
 * before the connection underneath gets it, and (when an inbound line is given) what arrives
 * passes the inbound one before the handler gets it. Order, half-close and backpressure are kept.
 *
 * @remarks
 * `write` answers `false` once more than the line's `queueBytes` wait (in the line and
 * underneath), and `drain` follows when everything was handed on. A message connection
 * (WebSocket) stays one: each write and each chunk is delayed whole, never split or joined. Inbound, the connection
 * underneath is paused while more than `queueBytes` wait in the line, so memory stays bounded.
 *
 * @internal
 */
export class ConditionedStreamConnection extends StreamConnectionDecorator {
  readonly #out: DelayLine;
  readonly #in: DelayLine | null;
  #handler: StreamHandler | null = null;
  /** A `write` answered `false`: `drain` is owed. */
  #refused = false;
  /** The connection underneath refused a write and has not drained yet. */
  #innerFull = false;
  #paused = false;
  /** The inbound line is over its bound: the connection underneath is paused by us. */
  #throttled = false;
  /** Inbound events that came due while paused, in order. */
  #parked: Array<() => void> = [];
  #destroyed = false;

  constructor(inner: StreamConnection, out: DelayLine, inbound: DelayLine | null) {
    super(inner);
    this.#out = out;
    this.#in = inbound;
  }

  override get bufferedAmount(): number {
    return this.#out.held + this.inner.bufferedAmount;
  }

  override attach(handler: StreamHandler): void {
    this.#handler = handler;
    const inbound = this.#in;
    this.inner.attach({
      data: (chunk) => {
        if (inbound === null) {
          handler.data(chunk);
          return;
        }
        // The chunk may be the transport's own buffer: keep a copy for a delayed delivery.
        const copy = copyBytes(chunk);
        inbound.push(copy.length, () => this.#arrive(() => handler.data(copy)));
        if (inbound.held > inbound.limit && !this.#throttled) {
          this.#throttled = true;
          this.inner.pause();
        }
      },
      end: () => (inbound === null ? handler.end() : inbound.push(0, () => this.#arrive(() => handler.end()))),
      close: (error?: SocketError) => (inbound === null ? handler.close(error) : inbound.push(0, () => this.#arrive(() => handler.close(error)))),
      drain: () => {
        this.#innerFull = false;
        this.#owedDrain();
      },
    });
  }

  override write(data: Uint8Array, written?: () => void): boolean {
    // The caller may reuse its buffer once write returns (or once `written` runs): keep a copy.
    const copy = copyBytes(data);
    this.#out.push(copy.length, () => {
      if (this.#destroyed) return;
      if (!this.inner.write(copy, written)) this.#innerFull = true;
      this.#owedDrain();
    });
    if (this.bufferedAmount <= this.#out.limit) return true;
    this.#refused = true;
    return false;
  }

  override pause(): void {
    this.#paused = true;
    this.inner.pause();
  }

  override resume(): void {
    this.#paused = false;
    if (!this.#throttled) this.inner.resume();
    if (this.#parked.length > 0) queueMicrotask(() => this.#unpark());
  }

  override shutdownOutput(): void {
    this.#out.push(0, () => {
      if (!this.#destroyed) this.inner.shutdownOutput();
    });
  }

  override destroy(): void {
    this.#destroyed = true;
    this.#out.clear();
    this.#in?.clear();
    this.#parked = [];
    this.inner.destroy();
  }

  override close(): void {
    this.#out.push(0, () => {
      if (!this.#destroyed) this.inner.close();
    });
  }

  /** An inbound event came due: handed on now, or parked while the reader is paused. */
  #arrive(event: () => void): void {
    if (this.#destroyed) return;
    if (this.#paused || this.#parked.length > 0) this.#parked.push(event);
    else event();
    const inbound = this.#in as DelayLine;
    if (this.#throttled && inbound.held <= inbound.limit / 2) {
      this.#throttled = false;
      if (!this.#paused) this.inner.resume();
    }
  }

  /** Hands on what was parked while paused, until paused again. */
  #unpark(): void {
    while (!this.#paused && !this.#destroyed && this.#parked.length > 0) (this.#parked.shift() as () => void)();
  }

  /** Sends the owed `drain` once nothing waits in the line and underneath. */
  #owedDrain(): void {
    if (!this.#refused || this.#innerFull || !this.#out.empty || this.#handler === null) return;
    this.#refused = false;
    this.#handler.drain();
  }
}
