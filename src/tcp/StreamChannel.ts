import type { Readiness } from '../core/Readiness.js';
import { DISCONNECTED, failed } from '../core/results.js';
import type { StatusResult } from '../core/SocketResult.js';
import type { SocketError } from '../core/SocketError.js';
import type { Clock } from '../services/Clock.js';
import type { StreamConnection, StreamHandler } from '../transport/StreamTransport.js';
import { ByteQueue } from './ByteQueue.js';
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

/** The buffers large frames and large batches are built in, shared by every channel. */
const largeOutput = new OutputPool();

/** A batch of `size` bytes: from the shared pool when large (given back once written), else from Node's. */
function newBatch(size: number): Buffer {
  return size >= LARGE_FRAME ? largeOutput.take(size) : Buffer.allocUnsafe(size);
}

const NO_WAITERS: Waiter[] = [];
const EMPTY_QUEUE = new ByteQueue();
const NO_ROOM_WAITERS: Array<() => void> = [];

// Bits of StreamChannel's state (one field instead of four booleans: an idle server holds many channels).
const ENDED = 1;
const CLOSED = 2;
const OUTPUT_SHUT = 4;
const PAUSED = 8;

/**
 * The channels that started a batch this tick, in that order (the first `toFlushCount` slots),
 * written by one `process.nextTick` for all. The array keeps its length (emptying it would free
 * its storage, and the next tick would allocate it again); written slots are cleared.
 */
const toFlush: Array<StreamChannel | null> = [];
let toFlushCount = 0;

/**
 * Writes the batch of every channel in `toFlush`, one that starts a batch meanwhile included. A
 * transport that throws does not keep the others from being written: its error is thrown after.
 */
function flushAll(): void {
  let failed = false;
  let failure: unknown;
  for (let i = 0; i < toFlushCount; i++) {
    const channel = toFlush[i] as StreamChannel;
    toFlush[i] = null;
    try {
      channel.flush();
    } catch (error) {
      if (!failed) failure = error;
      failed = true;
    }
  }
  toFlushCount = 0;
  if (failed) throw failure;
}

/**
 * A pending blocking receive.
 *
 * @internal
 */
export interface Waiter {
  /** Completes it from `channel` and returns true, or returns false to keep it waiting. */
  attempt(channel: StreamChannel): boolean;
  /** Settles it as timed out: nothing arrived within `timeoutMs`. */
  timedOut(timeoutMs: number): void;
  /** Cancels its timer, when it has one. */
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
 * Outbound frames of one tick are copied into one batch and handed to the transport in one
 * `write` on `process.nextTick` (one write per frame costs ~20x more for small frames); one
 * `process.nextTick` writes the batches of every channel that started one in that tick. Between
 * ticks no batch is held, so an idle connection keeps no buffer. A frame of 16 KiB or more is
 * copied into a buffer of the process-wide {@link OutputPool} instead and written on its own, and
 * a batch that reaches 16 KiB is built in one; the buffer goes back to the pool when the
 * transport reports it written. Anything that touches the
 * transport through {@link StreamChannel.connection} (shutdown, options) or closes the channel
 * writes the batch first, so the order of bytes and FIN is as if each frame had been written at once.
 *
 * @internal
 */
export class StreamChannel implements StreamHandler {
  // Fields are few, for memory per idle connection: the flags share one number, and the helper
  // methods are TypeScript-private rather than #private, since a class with #methods gives each
  // instance one more field (V8's private brand).
  /** A failure not yet reported to the application. */
  error: SocketError | undefined;
  /** ENDED, CLOSED, OUTPUT_SHUT and PAUSED bits. */
  #state = 0;
  /** Made when the first bytes arrive: an idle connection holds none. */
  #queue: ByteQueue | null = null;
  readonly #connection: StreamConnection;
  readonly #readiness: Readiness;
  readonly #receiveBufferSize: number;
  /** The first pending receive (the one a single blocking receive loop keeps), then the ones queued behind it. */
  #waiter: Waiter | null = null;
  // Both lists start as shared empty arrays (never written to): an idle connection holds none.
  #queued: Waiter[] = NO_WAITERS;
  #roomWaiters: Array<() => void> = NO_ROOM_WAITERS;
  #frameNeed = 0;
  /** This tick's outbound bytes, or `null`. */
  #batch: Buffer | null = null;
  /**
   * The bytes used in the batch; between batches, the size of the last one: the next one starts
   * that big (small ones come from Node's pool).
   */
  #used = 0;

  constructor(connection: StreamConnection, readiness: Readiness, receiveBufferSize: number) {
    this.#connection = connection;
    this.#readiness = readiness;
    this.#receiveBufferSize = receiveBufferSize;
    connection.attach(this);
  }

  /** The peer sent FIN. */
  get ended(): boolean {
    return (this.#state & ENDED) !== 0;
  }

  /** The connection is fully closed. */
  get closed(): boolean {
    return (this.#state & CLOSED) !== 0;
  }

  /** Our output was shut down. */
  get outputShut(): boolean {
    return (this.#state & OUTPUT_SHUT) !== 0;
  }

  /** Bytes received and not yet taken (a shared empty queue, never written to, until bytes arrive). */
  get queue(): ByteQueue {
    return this.#queue ?? EMPTY_QUEUE;
  }

  /** The transport underneath; batched output is written first, so what is done to it comes after. */
  get connection(): StreamConnection {
    this.flush();
    return this.#connection;
  }

  /** Bytes waiting to go out: this tick's batch plus the transport's buffer. */
  get outbound(): number {
    return (this.#batch === null ? 0 : this.#used) + this.#connection.bufferedAmount;
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

  /** Hands this tick's batch to the transport now (dropped if the channel is closed). */
  flush(): void {
    const batch = this.#batch;
    if (batch === null) return;
    this.#batch = null;
    if (this.closed) {
      largeOutput.give(batch);
      return;
    }
    const data = this.#used === batch.length ? batch : batch.subarray(0, this.#used);
    if (batch.length < LARGE_FRAME) this.#connection.write(data);
    else this.#connection.write(data, () => largeOutput.give(batch));
  }

  /** Writes a copy of `bytes` (framed: as {@link frameOf} frames them) on its own, after the batch, in a buffer reused once written. */
  private writeLarge(bytes: Uint8Array, framed: boolean): void {
    this.flush();
    const buffer = largeOutput.take((framed ? 4 : 0) + bytes.length);
    if (framed) frameOf(bytes, buffer);
    else buffer.set(bytes);
    this.#connection.write(buffer, () => largeOutput.give(buffer));
  }

  /** Room for `count` more bytes in the batch (started, or grown, as needed); returns their offset. */
  private reserve(count: number): number {
    if (this.#batch !== null && this.#used + count > BATCH_LIMIT) this.flush();
    let batch = this.#batch;
    const at = this.#used;
    if (batch === null) {
      this.#batch = newBatch(Math.max(count, at));
      this.#used = count;
      toFlush[toFlushCount++] = this;
      if (toFlushCount === 1) process.nextTick(flushAll);
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

  /** Whether nothing more will ever arrive. */
  get finished(): boolean {
    return this.ended || this.closed;
  }

  /** Whether blocking receives are waiting (a new receive must queue behind them). */
  get busy(): boolean {
    return this.#waiter !== null;
  }

  data(chunk: Uint8Array): void {
    if (this.closed) return;
    (this.#queue ??= new ByteQueue()).push(chunk);
    this.#readiness.set(true);
    this.pump();
    this.flow();
  }

  end(): void {
    this.#state |= ENDED;
    this.#readiness.set(true);
    this.pump();
  }

  close(error?: SocketError): void {
    if (this.closed) return;
    this.#state |= CLOSED;
    this.error ??= error;
    this.#readiness.set(true);
    this.pump();
    this.drain();
  }

  drain(): void {
    const wakes = this.#roomWaiters;
    if (wakes.length === 0) return;
    this.#roomWaiters = NO_ROOM_WAITERS;
    for (const wake of wakes) wake();
  }

  /** Closes from this side: batched output is written, waiting receives finish as disconnected, then the transport closes gracefully. */
  abandon(): void {
    this.flush();
    this.close();
    this.#connection.close();
  }

  /** How a finished connection is reported: its failure once (then forgotten), otherwise `Disconnected`. */
  reportEnd(): StatusResult {
    const error = this.error;
    if (error === undefined) return DISCONNECTED;
    this.error = undefined;
    return failed(error);
  }

  /** Shuts our output down (FIN), after the batched output; once. */
  shutdownOutput(): void {
    if (this.outputShut) return;
    this.#state |= OUTPUT_SHUT;
    this.connection.shutdownOutput();
  }

  /** Drops the connection at once after a protocol violation; nothing queued is delivered. */
  fail(): void {
    this.#state |= CLOSED;
    this.#queue?.clear();
    this.#connection.destroy();
    this.#readiness.set(true);
  }

  /** Notes how many bytes the frame at the head of the queue needs, and applies flow control. */
  consumed(frameNeed: number): void {
    this.#frameNeed = frameNeed;
    this.flow();
  }

  /** Queues a blocking receive; after `timeoutMs` > 0 it is dropped and told it timed out. */
  wait(waiter: Waiter, clock: Clock, timeoutMs: number): void {
    if (timeoutMs > 0) {
      waiter.cancelTimer = clock.schedule(() => {
        if (this.#waiter === waiter) this.next();
        else {
          const index = this.#queued.indexOf(waiter);
          if (index === -1) return;
          this.#queued.splice(index, 1);
        }
        waiter.timedOut(timeoutMs);
        this.pump();
      }, timeoutMs);
    }
    if (this.#waiter === null) this.#waiter = waiter;
    else if (this.#queued.length === 0) this.#queued = [waiter];
    else this.#queued.push(waiter);
    this.resume();
  }

  /** Calls `check` once, at the next room signal: the transport drained its output, or the connection closed. */
  addRoomWaiter(check: () => void): void {
    if (this.#roomWaiters.length === 0) this.#roomWaiters = [check];
    else this.#roomWaiters.push(check);
  }

  /** Runs waiters in order until one cannot complete yet. */
  private pump(): void {
    while (this.#waiter !== null) {
      const waiter = this.#waiter;
      if (!waiter.attempt(this)) return;
      this.next();
      waiter.cancelTimer?.();
    }
  }

  /** Drops the first pending receive; the next one queued moves up. */
  private next(): void {
    this.#waiter = this.#queued.shift() ?? null;
    if (this.#queued.length === 0) this.#queued = NO_WAITERS;
  }

  private flow(): void {
    const limit = Math.max(this.#receiveBufferSize, this.#frameNeed);
    const paused = (this.#state & PAUSED) !== 0;
    if (!paused && this.queue.length >= limit && this.#waiter === null) {
      this.#state |= PAUSED;
      this.#connection.pause();
    } else if (paused && this.queue.length <= limit >>> 1) {
      // Resume once half the limit is free, not at the first byte taken: one pause/resume
      // pair per half-buffer instead of one per chunk when the reader is the bottleneck.
      this.resume();
    }
  }

  private resume(): void {
    if ((this.#state & PAUSED) === 0) return;
    this.#state &= ~PAUSED;
    this.#connection.resume();
  }
}
