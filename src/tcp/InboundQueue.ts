import type { StreamConnection } from '../transport/StreamConnection.js';
import { ByteQueue } from './ByteQueue.js';

/**
 * The bytes received on one connection and not yet taken, with flow control: a {@link ByteQueue}
 * that pauses its connection when full.
 *
 * @remarks
 * Bytes are queued until `limit` (the `receiveBufferSize`), or the size of the frame at the head
 * of the queue when that is larger, and then the transport is paused, so TCP flow control pushes
 * back on the peer and memory stays bounded. It resumes once half the limit is free again (or a
 * receive waits).
 *
 * @internal
 */
export class InboundQueue extends ByteQueue {
  readonly #connection: StreamConnection;
  readonly #limit: number;
  /** How many bytes the frame at the head of the queue needs (0 when unknown). */
  #frameNeed = 0;
  #paused = false;

  constructor(connection: StreamConnection, limit: number) {
    super();
    this.#connection = connection;
    this.#limit = limit;
  }

  /** Notes how many bytes the frame at the head needs, and applies flow control. */
  consumed(frameNeed: number, waiting: boolean): void {
    this.#frameNeed = frameNeed;
    this.flow(waiting);
  }

  /** Pauses the connection when the queue is full and no receive waits; resumes it once half is free. */
  flow(waiting: boolean): void {
    const limit = Math.max(this.#limit, this.#frameNeed);
    if (!this.#paused && this.length >= limit && !waiting) {
      this.#paused = true;
      this.#connection.pause();
    } else if (this.#paused && this.length <= limit >>> 1) {
      // Resume once half the limit is free, not at the first byte taken: one pause/resume
      // pair per half-buffer instead of one per chunk when the reader is the bottleneck.
      this.resume();
    }
  }

  /** Resumes reading if paused. */
  /** Whether reading is paused by flow control (the queue is full and nobody waits). */
  get paused(): boolean {
    return this.#paused;
  }

  resume(): void {
    if (!this.#paused) return;
    this.#paused = false;
    this.#connection.resume();
  }
}
