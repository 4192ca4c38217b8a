import type { Readiness } from '../core/Readiness.js';
import { settleablePromise, settlers } from '../core/settlers.js';
import { DONE, NOT_READY, NOTHING_RECEIVED, failed, withNoData } from '../core/results.js';
import { SocketError } from '../core/SocketError.js';
import type { ReceiveManyResult, ReceiveResult, StatusResult } from '../core/SocketResult.js';
import { SocketStatus } from '../core/SocketStatus.js';
import { Packet, acceptReceived, acceptReceivedInto, acceptReceivedRange } from '../packet/Packet.js';
import type { SocketContext } from '../socket/SocketContext.js';
import type { ByteQueue } from './ByteQueue.js';
import { PendingReceive, type AnyReceiveResult, type ReceiveTarget } from './PendingReceive.js';
import type { StreamChannel } from './StreamChannel.js';

/** Settled answers shared by every receive that completes at once (a settled Promise can be awaited any number of times). */
const DONE_NOW: Promise<StatusResult> = Promise.resolve(DONE);
const NOT_READY_NOW: Promise<StatusResult> = Promise.resolve(NOT_READY);
const NOTHING_RECEIVED_NOW: Promise<ReceiveResult> = Promise.resolve(NOTHING_RECEIVED);
const NONE_RECEIVED_NOW: Promise<ReceiveManyResult> = Promise.resolve(Object.freeze({ status: SocketStatus.NotReady, count: 0 }));

/**
 * Receives answered at once in a row (over all sockets) before one answer is delivered on the
 * next turn of the event loop instead. A loop over queued packets runs on microtasks only; this
 * lets timers, other sockets and `process.nextTick` work (zlib frees failed engines there) run
 * at least every so many packets, at the cost of one `setImmediate` per batch.
 */
const YIELD_EVERY = 256;
let answeredAtOnce = 0;

/** `settled` (or a new settled Promise of `result`), except every `YIELD_EVERY`th time: then on the next turn. */
function answerNow<T>(result: T, settled?: Promise<T>): Promise<T> {
  if (++answeredAtOnce < YIELD_EVERY) return settled ?? Promise.resolve(result);
  answeredAtOnce = 0;
  return new Promise((resolve) => setImmediate(resolve, result));
}

/**
 * The receive side of a `TcpSocket`: cuts whole SFML frames (or raw bytes) out of the channel's
 * queue, answers at once when it can, and otherwise queues a blocking receive.
 *
 * @internal
 */
export class TcpReader {
  /** The largest packet payload accepted; a larger size prefix drops the connection. */
  maxPacketSize: number;
  readonly #context: SocketContext;
  readonly #readiness: Readiness;
  /** The latest blocking wait: refilled for the next one once answered. */
  #lastWait: PendingReceive | null = null;

  constructor(context: SocketContext, readiness: Readiness) {
    this.#context = context;
    this.#readiness = readiness;
    this.maxPacketSize = context.limits.maxPacketSize;
  }

  /** Receives into `target` (a packet, or a byte count) in the given mode. */
  receive(channel: StreamChannel | null, target: Packet | number, blocking: boolean, timeoutMs: number): Promise<StatusResult | ReceiveResult> {
    const packet = target instanceof Packet;
    if (channel === null) return packet ? NOT_READY_NOW : NOTHING_RECEIVED_NOW;
    if (!channel.busy) {
      const result = this.take(channel, target);
      if (result === DONE) return answerNow<StatusResult>(DONE, DONE_NOW);
      if (result !== null) return answerNow<StatusResult | ReceiveResult>(result);
    }
    if (!blocking) {
      if (!channel.finished) this.#readiness.set(false);
      return packet ? NOT_READY_NOW : NOTHING_RECEIVED_NOW;
    }
    return this.#wait(channel, target, timeoutMs) as Promise<StatusResult | ReceiveResult>;
  }

  /** Fills `packets` from the first with the whole packets queued, waiting (blocking mode) for the first. */
  receiveMany(channel: StreamChannel | null, packets: readonly Packet[], blocking: boolean, timeoutMs: number): Promise<ReceiveManyResult> {
    if (channel === null) return NONE_RECEIVED_NOW;
    if (!channel.busy) {
      const result = this.#takeMany(channel, packets);
      if (result !== null) return answerNow(result);
    }
    if (!blocking) {
      if (!channel.finished) this.#readiness.set(false);
      return NONE_RECEIVED_NOW;
    }
    return this.#wait(channel, packets, timeoutMs) as Promise<ReceiveManyResult>;
  }

  /** Takes what `target` asks for from the channel's queue, or `null` while it cannot complete yet. */
  take(channel: StreamChannel, target: ReceiveTarget): AnyReceiveResult | null {
    if (target instanceof Packet) return this.#takePacket(channel, target);
    return typeof target === 'number' ? this.#takeBytes(channel, target) : this.#takeMany(channel, target);
  }

  /** Blocking, nothing complete yet: queue behind earlier receives until it can complete. */
  #wait(channel: StreamChannel, target: ReceiveTarget, timeoutMs: number): Promise<AnyReceiveResult> {
    answeredAtOnce = 0;
    const promise = settleablePromise<AnyReceiveResult>();
    const { resolve, reject } = settlers;
    const last = this.#lastWait;
    const pending = last?.answered === true ? last.refill(target, resolve, reject) : new PendingReceive(this, target, resolve, reject);
    this.#lastWait = pending;
    channel.wait(pending, this.#context.clock, timeoutMs);
    return promise;
  }

  /**
   * Takes up to `count` whole packets. An end or a failure is answered only when no packet was
   * taken (it is then the next call's answer, as for `receive`); `null` when there is nothing yet.
   */
  #takeMany(channel: StreamChannel, packets: readonly Packet[]): ReceiveManyResult | null {
    const count = packets.length;
    const first = this.#takePacket(channel, packets[0] as Packet);
    if (first !== DONE) return first === null ? null : { ...first, count: 0 };
    let taken = 1;
    while (taken < count && this.#frameReady(channel.queue)) {
      this.#takeFrame(channel.queue, packets[taken++] as Packet, channel.queue.peekUint32());
    }
    if (taken > 1) this.#afterTake(channel);
    return { status: SocketStatus.Done, count: taken };
  }

  /** Whether a whole frame of an accepted size is at the head of `queue`. */
  #frameReady(queue: ByteQueue): boolean {
    if (queue.length < 4) return false;
    const size = queue.peekUint32();
    return size <= this.maxPacketSize && queue.length - 4 >= size;
  }

  #takePacket(channel: StreamChannel, packet: Packet): StatusResult | null {
    const queue = channel.queue;
    if (queue.length >= 4) {
      const size = queue.peekUint32();
      if (size > this.maxPacketSize) return this.#oversized(channel, size);
      if (queue.length - 4 >= size) {
        this.#takeFrame(queue, packet, size);
        this.#afterTake(channel);
        return DONE;
      }
      channel.consumed(4 + size);
    }
    return this.#ending(channel);
  }

  /** Moves the whole frame at the head of the queue (payload `size` bytes) into `packet`, copying once. */
  #takeFrame(queue: ByteQueue, packet: Packet, size: number): void {
    const chunk = queue.headChunk;
    const start = queue.headOffset + 4;
    if (chunk.length - start >= size) {
      acceptReceivedRange(packet, chunk, start, start + size);
      queue.skip(4 + size);
      return;
    }
    queue.skip(4);
    if (!acceptReceivedInto(packet, size, (bytes, at) => queue.takeInto(bytes, at, size))) acceptReceived(packet, queue.take(size));
  }

  #takeBytes(channel: StreamChannel, maxBytes: number): ReceiveResult | null {
    const queue = channel.queue;
    if (queue.length > 0) {
      const data = queue.take(Math.min(maxBytes, queue.length));
      this.#afterTake(channel);
      return { status: SocketStatus.Done, data };
    }
    const end = this.#ending(channel);
    return end === null ? null : withNoData(end);
  }

  /** After a take: flow control for the next frame, and readiness for what is left. */
  #afterTake(channel: StreamChannel): void {
    const queue = channel.queue;
    let need = 0;
    if (queue.length >= 4) {
      const size = queue.peekUint32();
      if (size <= this.maxPacketSize) need = 4 + size;
    }
    channel.consumed(need);
    this.#readiness.set(queue.length > 0 || channel.finished);
  }

  /** The answer once nothing more can arrive: the failure once, then `Disconnected`; `null` while open. */
  #ending(channel: StreamChannel): StatusResult | null {
    return channel.finished ? channel.reportEnd() : null;
  }

  /** A size prefix above the limit: nothing is allocated for it; the connection is dropped. */
  #oversized(channel: StreamChannel, size: number): StatusResult {
    channel.fail();
    const message = `receive: packet size ${size} exceeds the limit of ${this.maxPacketSize} bytes; connection dropped`;
    this.#context.logger.warn(message);
    return failed(new SocketError('Protocol', message));
  }
}
