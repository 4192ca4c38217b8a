import type { StreamConnection } from '../transport/StreamConnection.js';
import { flushAtEndOfTick, type TickOutput } from './flushEachTick.js';
import { OutputPool } from './OutputPool.js';

/**
 * Frames at least this big are written on their own (after the batch, in a buffer from the shared
 * `OutputPool`) instead of being copied into it; a batch this big is built in such a buffer too.
 */
const LARGE_FRAME = 16 * 1024;
/** A batch is written once it holds this much, so a long burst of sends within one tick streams out in bounded pieces. */
const BATCH_LIMIT = 64 * 1024;

/**
 * The frame SFML sends for a payload: a 32-bit big-endian size, then the payload, in `frame`
 * (`4 + payload.length` bytes; by default a new buffer).
 *
 * @internal
 */
export function frameOf(payload: Uint8Array, frame: Buffer = Buffer.allocUnsafe(4 + payload.length)): Buffer {
  frame.writeUInt32BE(payload.length, 0);
  frame.set(payload, 4);
  return frame;
}

/** The buffers large frames and large batches are built in, shared by every connection. */
const largeOutput = new OutputPool();

/** A batch of `size` bytes: from the shared pool when large (given back once written), else from Node's. */
function newBatch(size: number): Buffer {
  return size >= LARGE_FRAME ? largeOutput.take(size) : Buffer.allocUnsafe(size);
}

/**
 * The outbound side of one connection: coalesces the frames of one tick into one write.
 *
 * @remarks
 * Frames of one tick are copied into one batch and handed to the transport in one `write` at the
 * end of the tick (one write per frame costs ~20x more for small frames; see `flushEachTick` for
 * how the end of the tick is scheduled). Between ticks no batch is held, so an idle connection
 * keeps no buffer. A frame of 16 KiB or more is copied into a buffer of the process-wide
 * {@link OutputPool} instead and written on its own, after the batch; a batch that reaches 16 KiB
 * is built in one too. Such a buffer goes back to the pool when the transport reports it written.
 *
 * @internal
 */
export class OutboundBatch implements TickOutput {
  // Helper methods are TypeScript-private rather than #private: a class with #methods gives each
  // instance one more field (V8's private brand), and a server holds one of these per connection.
  readonly #connection: StreamConnection;
  /** This tick's outbound bytes, or `null`. */
  #batch: Buffer | null = null;
  /**
   * The bytes used in the batch; between batches, the size of the last one: the next one starts
   * that big (small ones come from Node's pool).
   */
  #used = 0;
  #discarded = false;
  /** The last write was refused (over the transport's mark): the transport will signal `drain`. */
  #refused = false;

  constructor(connection: StreamConnection) {
    this.#connection = connection;
  }

  /** Bytes waiting to go out: this tick's batch plus the transport's buffer. */
  get outbound(): number {
    return (this.#batch === null ? 0 : this.#used) + this.#connection.bufferedAmount;
  }

  /** Whether the transport will signal `drain`: its last write was refused. */
  get drainExpected(): boolean {
    return this.#refused;
  }

  /** Queues an SFML frame (32-bit big-endian size, then `payload`); returns the frame's length. */
  queueFrame(payload: Uint8Array): number {
    const length = payload.length;
    if (length >= LARGE_FRAME) {
      this.writeLarge(payload, true);
      return 4 + length;
    }
    const at = this.reserve(4 + length);
    const batch = this.#batch as Buffer;
    batch[at] = length >>> 24;
    batch[at + 1] = (length >>> 16) & 0xff;
    batch[at + 2] = (length >>> 8) & 0xff;
    batch[at + 3] = length & 0xff;
    if (length > 0) batch.set(payload, at + 4);
    return 4 + length;
  }

  /** Queues a copy of raw bytes. */
  queueBytes(bytes: Uint8Array): void {
    if (bytes.length >= LARGE_FRAME) {
      this.writeLarge(bytes, false);
      return;
    }
    const at = this.reserve(bytes.length);
    (this.#batch as Buffer).set(bytes, at);
  }

  /** Hands this tick's batch to the transport now (dropped once {@link OutboundBatch.discard}ed). */
  flush(): void {
    const batch = this.#batch;
    if (batch === null) return;
    this.#batch = null;
    if (this.#discarded) {
      largeOutput.give(batch);
      return;
    }
    const data = this.#used === batch.length ? batch : batch.subarray(0, this.#used);
    if (batch.length < LARGE_FRAME) this.#refused = !this.#connection.write(data);
    else this.#refused = !this.#connection.write(data, () => largeOutput.give(batch));
  }

  /** The connection closed: this tick's batch is dropped, and nothing is written any more. */
  discard(): void {
    this.#discarded = true;
    this.flush();
  }

  /** Writes a copy of `bytes` (framed: as {@link frameOf} frames them) on its own, after the batch, in a buffer reused once written. */
  private writeLarge(bytes: Uint8Array, framed: boolean): void {
    this.flush();
    if (this.#discarded) return;
    const buffer = largeOutput.take((framed ? 4 : 0) + bytes.length);
    if (framed) frameOf(bytes, buffer);
    else buffer.set(bytes);
    this.#refused = !this.#connection.write(buffer, () => largeOutput.give(buffer));
  }

  /** Room for `count` more bytes in the batch (started, or grown, as needed); returns their offset. */
  private reserve(count: number): number {
    if (this.#batch !== null && this.#used + count > BATCH_LIMIT) this.flush();
    let batch = this.#batch;
    const at = this.#used;
    if (batch === null) {
      this.#batch = newBatch(Math.max(count, at));
      this.#used = count;
      flushAtEndOfTick(this);
      return 0;
    }
    if (batch.length - at < count) {
      const grown = newBatch(Math.max(2 * batch.length, at + count));
      grown.set(batch.subarray(0, at));
      largeOutput.give(batch); // never written: free at once
      this.#batch = batch = grown;
    }
    this.#used = at + count;
    return at;
  }
}
