import { NOTHING_SENT, doneSentNow, withSent } from '../core/results.js';
import type { SendManyResult, SendResult } from '../core/SocketResult.js';
import { SocketStatus } from '../core/SocketStatus.js';
import { Packet, payloadForSend } from '../packet/Packet.js';
import { type StreamChannel, frameOf } from './StreamChannel.js';

/** A packet whose frame was only partly handed over by a non-blocking send. */
interface PartialSend {
  readonly packet: Packet;
  readonly frame: Uint8Array;
  readonly offset: number;
}

/** The `Done` answer every writer starts with (replaced by one for the byte count it last sent). */
const DONE_NOTHING = doneSentNow(0);

/**
 * The send side of a `TcpSocket`: frames packets, bounds the output buffer, and remembers a
 * partially sent packet so that sending it again continues it.
 *
 * @remarks
 * Frames go into the channel's per-tick batch (see `StreamChannel`); the output limit counts
 * the batch too. A `Done` answer for the same byte count is one shared, frozen result in an
 * already settled Promise (shared by all writers), so a send that needs no waiting allocates neither.
 *
 * @internal
 */
export class TcpWriter {
  // Helper methods are TypeScript-private rather than #private: a class with #methods gives each
  // instance one more field (V8's private brand), and a server holds one writer per connection.
  readonly #limit: number;
  #partial: PartialSend | null = null;
  #done = DONE_NOTHING;
  #doneSent = 0;

  constructor(sendBufferSize: number) {
    this.#limit = sendBufferSize;
  }

  /** The answer while a non-blocking connect is still pending. */
  notConnected(): Promise<SendResult> {
    return Promise.resolve(NOTHING_SENT);
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
    if (partial === null) {
      if (blocking) return this.sendAll(channel, data);
      const whole = this.sendWhole(channel, data);
      if (whole !== null) return whole;
    }
    const packet = data instanceof Packet ? data : null;
    const frame = partial?.frame ?? (data instanceof Packet ? frameOf(payloadForSend(data)) : data);
    const offset = partial?.offset ?? 0;
    if (!blocking) return Promise.resolve(this.sendSome(channel, frame, offset, packet));
    this.#partial = null;
    channel.queueBytes(offset === 0 ? frame : frame.subarray(offset));
    return this.settle(channel, frame.length - offset);
  }

  /** Blocking: hand everything over (into the batch). */
  /** Sends `packets[0..count)` in the given mode; see `TcpSocket.sendMany`. */
  sendMany(channel: StreamChannel, packets: readonly Packet[], count: number, blocking: boolean): Promise<SendManyResult> {
    if (channel.outputShut) throw new TypeError('TcpSocket.sendMany: output was shut down with shutdownOutput()');
    if (this.#partial !== null) {
      throw new TypeError('TcpSocket.sendMany: a packet was partially sent; send that same packet again to finish it first');
    }
    if (channel.closed) return Promise.resolve({ ...withSent(channel.reportEnd(), 0), count: 0 });
    let sent = 0;
    for (let i = 0; i < count; i++) {
      const packet = packets[i] as Packet;
      const payload = payloadForSend(packet);
      if (!blocking && this.#limit - channel.outbound < 4 + payload.length) {
        const some = this.sendSome(channel, frameOf(payload), 0, packet);
        const status = i === 0 || some.status === SocketStatus.Partial ? some.status : SocketStatus.Partial;
        return Promise.resolve({ status, sent: sent + some.sent, count: i });
      }
      sent += channel.queueFrame(payload);
    }
    if (blocking && channel.outbound > this.#limit) return this.waitForRoom(channel, sent).then((result) => ({ ...result, count: result.status === SocketStatus.Done ? count : 0 }));
    return Promise.resolve({ status: SocketStatus.Done, sent, count });
  }

  private sendAll(channel: StreamChannel, data: Uint8Array | Packet): Promise<SendResult> {
    if (data instanceof Packet) return this.settle(channel, channel.queueFrame(payloadForSend(data)));
    channel.queueBytes(data);
    return this.settle(channel, data.length);
  }

  /** `Done` with `sent` bytes, once the output is back under the limit. */
  private settle(channel: StreamChannel, sent: number): Promise<SendResult> {
    if (channel.outbound > this.#limit) return this.waitForRoom(channel, sent);
    if (sent !== this.#doneSent) {
      this.#done = doneSentNow(sent);
      this.#doneSent = sent;
    }
    return this.#done;
  }

  /** Blocking, over the limit: wait until the output buffer is back under it. */
  private async waitForRoom(channel: StreamChannel, sent: number): Promise<SendResult> {
    await channel.waitForRoom(this.#limit);
    if (channel.closed) return withSent(channel.reportEnd(), 0);
    return { status: SocketStatus.Done, sent };
  }

  /** Non-blocking, nothing partial: the whole frame when it fits under the limit, else `null`. */
  private sendWhole(channel: StreamChannel, data: Uint8Array | Packet): Promise<SendResult> | null {
    const payload = data instanceof Packet ? payloadForSend(data) : data;
    const total = data instanceof Packet ? 4 + payload.length : payload.length;
    if (this.#limit - channel.outbound < total) return null;
    if (data instanceof Packet) channel.queueFrame(payload);
    else channel.queueBytes(payload);
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
