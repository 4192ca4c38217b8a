import { answerEmpty } from '../core/pacing.js';
import { NONE_SENT, NONE_SENT_NOW, NOTHING_SENT, NOTHING_SENT_NOW, doneSentNow, withSent } from '../core/results.js';
import type { SendManyResult, SendResult } from '../core/SocketResult.js';
import { SocketStatus } from '../core/SocketStatus.js';
import { Packet, payloadForSend } from '../packet/Packet.js';
import { SendQueue } from './SendQueue.js';
import { frameOf } from './OutboundBatch.js';
import type { StreamChannel } from './StreamChannel.js';

/** A packet whose frame was only partly handed over by a non-blocking send. */
interface PartialSend {
  readonly packet: Packet;
  readonly frame: Uint8Array;
  readonly offset: number;
}

const EMPTY = new Uint8Array(0);

/** A non-blocking send's answer: at once when `Done`, else paced as an empty poll (see core/pacing). */
function paced<T extends SendResult>(result: T): Promise<T> {
  return result.status === SocketStatus.Done ? Promise.resolve(result) : answerEmpty(Promise.resolve(result), result);
}

/** The `Done` answer every writer starts with (replaced by one for the byte count it last sent). */
const DONE_NOTHING = doneSentNow(0);

/**
 * The send side of a `TcpSocket`: frames packets, bounds the output buffer, and remembers a
 * partially sent packet so that sending it again continues it.
 *
 * @remarks
 * Frames go into the channel's per-tick batch (see `OutboundBatch`); the output limit counts
 * the batch too. A blocking send that finds the output over the limit, or other sends waiting,
 * waits in a {@link SendQueue} without being copied, so the output stays within the limit plus
 * one message however many sends are in flight; a non-blocking send then finds no room. A `Done`
 * answer for the same byte count is one shared, frozen result in an already settled Promise
 * (shared by all writers), so a send that needs no waiting allocates neither.
 *
 * @internal
 */
export class TcpWriter {
  // Helper methods are TypeScript-private rather than #private: a class with #methods gives each
  // instance one more field (V8's private brand), and a server holds one writer per connection.
  #limit: number;
  #partial: PartialSend | null = null;
  #done = DONE_NOTHING;
  #doneSent = 0;
  /** Blocking sends waiting for room: made when the first one has to wait. */
  #queue: SendQueue | null = null;

  constructor(sendBufferSize: number) {
    this.#limit = sendBufferSize;
  }

  /** Sets the output bound (`TcpSocket.setSendBufferSize`); sends waiting for room see it at the next room signal. */
  set limit(bytes: number) {
    this.#limit = bytes;
    if (this.#queue !== null) this.#queue.limit = bytes;
  }

  /** The answer while a non-blocking connect is still pending. */
  notConnected(): Promise<SendResult> {
    return answerEmpty(NOTHING_SENT_NOW, NOTHING_SENT);
  }

  /** Sends `data` on `channel` in the given mode. */
  send(channel: StreamChannel, data: Uint8Array | Packet, blocking: boolean): Promise<SendResult> {
    if (channel.outputShut) throw new TypeError('TcpSocket.send: output was shut down with shutdownOutput()');
    const partial = this.#partial;
    if (partial !== null && partial.packet !== data) {
      throw new TypeError('TcpSocket.send: a packet was partially sent; send that same packet again to finish it first');
    }
    if (channel.closed) {
      this.#partial = null;
      return Promise.resolve(withSent(channel.reportEnd(), 0));
    }
    let frame: Uint8Array;
    if (partial === null) {
      if (blocking) return this.sendAll(channel, data);
      if (this.waiting) return answerEmpty(NOTHING_SENT_NOW, NOTHING_SENT);
      // A packet's onSend runs once per call, as SFML's does, whichever way the call goes on.
      const payload = payloadForSend(data);
      const whole = this.sendWhole(channel, data instanceof Packet, payload);
      if (whole !== null) return whole;
      frame = data instanceof Packet ? frameOf(payload) : data;
    } else frame = partial.frame;
    const packet = data instanceof Packet ? data : null;
    const offset = partial?.offset ?? 0;
    if (!blocking) return paced(this.sendSome(channel, frame, offset, packet));
    this.#partial = null;
    const rest = offset === 0 ? frame : frame.subarray(offset);
    if (this.waiting || channel.outbound > this.#limit) return this.queueFor(channel).add(rest, false, 0);
    channel.queueBytes(rest);
    return this.settle(channel, rest.length);
  }

  /** Sends `packets[0..count)` in the given mode; see `TcpSocket.sendMany`. */
  sendMany(channel: StreamChannel, packets: readonly Packet[], count: number, blocking: boolean): Promise<SendManyResult> {
    if (channel.outputShut) throw new TypeError('TcpSocket.sendMany: output was shut down with shutdownOutput()');
    if (this.#partial !== null) {
      throw new TypeError('TcpSocket.sendMany: a packet was partially sent; send that same packet again to finish it first');
    }
    if (channel.closed) return Promise.resolve({ ...withSent(channel.reportEnd(), 0), count: 0 });
    if (!blocking && this.waiting) return answerEmpty(NONE_SENT_NOW, NONE_SENT);
    let sent = 0;
    if (blocking && this.waiting) return this.queueFor(channel).addMany(packets, 0, count, 0);
    // Blocking: frame packets while the output has room; the rest wait their turn uncopied. The
    // room is read once and counted down by each frame (reading the output's size per packet
    // cost pipelined 64 B batches ~10 %); it is read again only when the count says it is gone.
    let room = blocking ? this.#limit - channel.outbound : 0;
    for (let i = 0; i < count; i++) {
      if (blocking && room < 0 && (room = this.#limit - channel.outbound) < 0) return this.queueFor(channel).addMany(packets, i, count, sent);
      const packet = packets[i] as Packet;
      const payload = payloadForSend(packet);
      if (!blocking && this.#limit - channel.outbound < (channel.messageMode ? 1 : 4 + payload.length)) {
        const some = this.sendSome(channel, frameOf(payload), 0, packet);
        const status = i === 0 || some.status === SocketStatus.Partial ? some.status : SocketStatus.Partial;
        return paced({ status, sent: sent + some.sent, count: i });
      }
      const framed = channel.queueFrame(payload);
      sent += framed;
      room -= framed;
    }
    if (blocking && room < 0 && channel.outbound > this.#limit) return this.queueFor(channel).addMany(packets, count, count, sent);
    return Promise.resolve({ status: SocketStatus.Done, sent, count });
  }

  /** Shuts the output down (FIN) after every send already made, waiting ones included; no new send is taken. */
  shutdownOutput(channel: StreamChannel): void {
    if (!this.waiting) {
      channel.shutdownOutput();
      return;
    }
    channel.markOutputShut();
    (this.#queue as SendQueue).afterAll(() => channel.shutdownOutput());
  }

  /** Whether a send is unfinished: blocking sends waiting for room, or a packet partially sent in non-blocking mode. */
  get busy(): boolean {
    return this.#partial !== null || this.waiting;
  }

  /** Bytes queued on `channel`: its output (this tick's batch and the transport's buffer) plus what waiting sends still hold. */
  queuedBytes(channel: StreamChannel): number {
    return channel.outbound + (this.#queue?.bytes ?? 0);
  }

  /** Whether a frame can be slipped in between the caller's sends now: none waits and none is partly sent. */
  get idle(): boolean {
    return this.#partial === null && !this.waiting;
  }

  /** Whether blocking sends wait for room (a new send goes behind them). */
  private get waiting(): boolean {
    return this.#queue !== null && this.#queue.busy;
  }

  /** The queue of waiting sends, made on first use. */
  private queueFor(channel: StreamChannel): SendQueue {
    return (this.#queue ??= new SendQueue(channel, this.#limit));
  }

  /**
   * Blocking: hand everything over now when the output has room and nothing waits, else wait in
   * the queue uncopied. The output's size is read once: when the frame fits in the room left
   * (overhead counted), the output is still under the limit and is not asked again.
   */
  private sendAll(channel: StreamChannel, data: Uint8Array | Packet): Promise<SendResult> {
    const room = this.#limit - channel.outbound;
    if (this.waiting || room < 0) return this.queueFor(channel).add(data, false, 0);
    let sent: number;
    if (data instanceof Packet) sent = channel.queueFrame(payloadForSend(data));
    else {
      channel.queueBytes(data);
      sent = data.length;
    }
    return sent + channel.frameOverhead <= room ? this.done(sent) : this.settle(channel, sent);
  }

  /** `Done` with `sent` bytes, once the output is back under the limit. */
  private settle(channel: StreamChannel, sent: number): Promise<SendResult> {
    if (channel.outbound > this.#limit) return this.queueFor(channel).add(EMPTY, true, sent);
    return this.done(sent);
  }

  /** The settled `Done` answer for `sent` bytes (one shared answer while the count repeats). */
  private done(sent: number): Promise<SendResult> {
    if (sent !== this.#doneSent) {
      this.#done = doneSentNow(sent);
      this.#doneSent = sent;
    }
    return this.#done;
  }

  /** Non-blocking, nothing partial: the whole frame of `payload` (a packet's when `framed`) when it fits under the limit, else `null`. */
  private sendWhole(channel: StreamChannel, framed: boolean, payload: Uint8Array): Promise<SendResult> | null {
    const total = framed ? 4 + payload.length : payload.length;
    // A message is never split: it goes whole while the output is under the limit (as a blocking
    // send's does), else nothing is sent (`NotReady` from sendSome, which finds no room).
    if (this.#limit - channel.outbound < (channel.messageMode ? 1 : total)) return null;
    if (channel.messageMode) {
      // Non-blocking: the whole message went; it may take the output past the limit, and the
      // next send then finds no room (a blocking one would wait here).
      if (framed) return this.done(channel.queueFrame(payload));
      channel.queueBytes(payload);
      return this.done(payload.length);
    }
    if (framed) return this.settle(channel, channel.queueFrame(payload));
    channel.queueBytes(payload);
    return this.settle(channel, total);
  }

  /** Non-blocking: hand over what fits under the limit. */
  private sendSome(channel: StreamChannel, frame: Uint8Array, offset: number, packet: Packet | null): SendResult {
    const room = this.#limit - channel.outbound;
    if (room <= 0) return NOTHING_SENT;
    const count = Math.min(room, frame.length - offset);
    channel.queueBytes(frame.subarray(offset, offset + count));
    if (offset + count < frame.length) {
      if (packet !== null) this.#partial = { packet, frame, offset: offset + count };
      return { status: SocketStatus.Partial, sent: count };
    }
    this.#partial = null;
    return { status: SocketStatus.Done, sent: count };
  }
}
