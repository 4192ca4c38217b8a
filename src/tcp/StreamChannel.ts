import type { Readiness } from '../core/Readiness.js';
import type { SocketError } from '../core/SocketError.js';
import type { Clock } from '../services/Clock.js';
import type { StreamConnection, StreamHandler } from '../transport/StreamTransport.js';
import { ByteQueue } from './ByteQueue.js';

/** A pending blocking receive: `attempt` completes it and returns true, or returns false to keep waiting. */
interface Waiter {
  readonly attempt: () => boolean;
  cancelTimer: (() => void) | undefined;
}

/**
 * The I/O engine under one connected `TcpSocket`: the inbound queue with flow control, the
 * FIFO of blocking receives waiting on it, and the outbound buffer accounting.
 *
 * @remarks
 * Inbound bytes are queued until `receiveBufferSize` (or the size of the frame at the head of
 * the queue, whichever is larger) and then the transport is paused, so TCP flow control pushes
 * back on the peer and memory stays bounded.
 *
 * @internal
 */
export class StreamChannel implements StreamHandler {
  /** Bytes received and not yet taken. */
  readonly queue = new ByteQueue();
  /** The peer sent FIN. */
  ended = false;
  /** The connection is fully closed. */
  closed = false;
  /** Our output was shut down. */
  outputShut = false;
  /** A failure not yet reported to the application. */
  error: SocketError | undefined;

  readonly #connection: StreamConnection;
  readonly #readiness: Readiness;
  readonly #receiveBufferSize: number;
  readonly #waiters: Waiter[] = [];
  readonly #roomWaiters: Array<() => void> = [];
  #paused = false;
  #frameNeed = 0;

  constructor(connection: StreamConnection, readiness: Readiness, receiveBufferSize: number) {
    this.#connection = connection;
    this.#readiness = readiness;
    this.#receiveBufferSize = receiveBufferSize;
    connection.attach(this);
  }

  /** The transport underneath. */
  get connection(): StreamConnection {
    return this.#connection;
  }

  /** Whether nothing more will ever arrive. */
  get finished(): boolean {
    return this.ended || this.closed;
  }

  /** Whether blocking receives are waiting (a new receive must queue behind them). */
  get busy(): boolean {
    return this.#waiters.length > 0;
  }

  data(chunk: Uint8Array): void {
    if (this.closed) return;
    this.queue.push(chunk);
    this.#readiness.set(true);
    this.#pump();
    this.#flow();
  }

  end(): void {
    this.ended = true;
    this.#readiness.set(true);
    this.#pump();
  }

  close(error?: SocketError): void {
    if (this.closed) return;
    this.closed = true;
    this.error ??= error;
    this.#readiness.set(true);
    this.#pump();
    this.drain();
  }

  drain(): void {
    for (const wake of this.#roomWaiters.splice(0)) wake();
  }

  /** Closes from this side: waiting receives finish as disconnected, then the transport closes gracefully. */
  abandon(): void {
    this.close();
    this.#connection.close();
  }

  /** Drops the connection at once after a protocol violation; nothing queued is delivered. */
  fail(): void {
    this.closed = true;
    this.queue.clear();
    this.#connection.destroy();
    this.#readiness.set(true);
  }

  /** Notes how many bytes the frame at the head of the queue needs, and applies flow control. */
  consumed(frameNeed: number): void {
    this.#frameNeed = frameNeed;
    this.#flow();
  }

  /** Queues a blocking receive; `onTimeout` runs (and the waiter is dropped) after `timeoutMs` > 0. */
  wait(attempt: () => boolean, clock: Clock, timeoutMs: number, onTimeout: () => void): void {
    const waiter: Waiter = { attempt, cancelTimer: undefined };
    if (timeoutMs > 0) {
      waiter.cancelTimer = clock.schedule(() => {
        const index = this.#waiters.indexOf(waiter);
        if (index === -1) return;
        this.#waiters.splice(index, 1);
        onTimeout();
        this.#pump();
      }, timeoutMs);
    }
    this.#waiters.push(waiter);
    this.#resume();
  }

  /** Resolves when the output buffer is at most `limit` bytes, or the connection closed. */
  waitForRoom(limit: number): Promise<void> {
    if (this.closed || this.#connection.bufferedAmount <= limit) return Promise.resolve();
    return new Promise((resolve) => {
      const check = (): void => {
        if (this.closed || this.#connection.bufferedAmount <= limit) resolve();
        else this.#roomWaiters.push(check);
      };
      this.#roomWaiters.push(check);
    });
  }

  /** Runs waiters in order until one cannot complete yet. */
  #pump(): void {
    while (this.#waiters.length > 0) {
      const waiter = this.#waiters[0] as Waiter;
      if (!waiter.attempt()) return;
      this.#waiters.shift();
      waiter.cancelTimer?.();
    }
  }

  #flow(): void {
    const limit = Math.max(this.#receiveBufferSize, this.#frameNeed);
    if (!this.#paused && this.queue.length >= limit && this.#waiters.length === 0) {
      this.#paused = true;
      this.#connection.pause();
    } else if (this.#paused && this.queue.length < limit) {
      this.#resume();
    }
  }

  #resume(): void {
    if (!this.#paused) return;
    this.#paused = false;
    this.#connection.resume();
  }
}
