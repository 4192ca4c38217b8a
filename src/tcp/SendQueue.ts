import { doneSent, withSent } from '../core/results.js';
import type { SendManyResult, SendResult } from '../core/SocketResult.js';
import { SocketStatus } from '../core/SocketStatus.js';
import { Packet, payloadForSend } from '../packet/Packet.js';
import type { StreamChannel } from './StreamChannel.js';

/** A blocking send waiting in the queue: what it hands over at its turn, and how far it got. */
interface WaitingSend {
  /** A packet, raw bytes, or the packets of a `sendMany`; referenced, not copied, until its turn. */
  readonly data: Packet | Uint8Array | readonly Packet[];
  /** `sendMany`: how many of the packets; otherwise -1. */
  readonly count: number;
  /** `sendMany`: the next packet to frame. */
  next: number;
  /** Bytes handed to the channel so far. */
  sent: number;
  /** Everything is handed over: it waits only for the output to be back under the limit. */
  written: boolean;
  /** Bytes still to hand over, as counted in `SendQueue.bytes` (a packet's frame before its `onSend`). */
  unsent: number;
  readonly resolve: (result: SendResult | SendManyResult) => void;
  readonly reject: (error: unknown) => void;
}

/**
 * The FIFO of blocking sends of one connection that wait for room in its output, so the output
 * stays within `sendBufferSize` plus one message however many sends are in flight.
 *
 * @remarks
 * A waiting send keeps a reference to the caller's packet or bytes and is framed (copied into the
 * channel's output) only when it reaches the head of the queue and the output is at most the
 * limit; it then settles `Done` once the output is back under the limit. So what the process holds
 * for a connection is the limit, plus the one message handed over last, plus the references.
 * Sends leave in the order of the calls: while any send waits, a new blocking send queues behind
 * it (and a non-blocking one finds no room). The queue wakes on the channel's room signal
 * (`drain`, or the connection closing: then every waiting send settles with the end).
 *
 * @internal
 */
export class SendQueue {
  readonly #channel: StreamChannel;
  /** The output bound (`TcpSocket.setSendBufferSize` may change it). */
  limit: number;
  #waiting: WaitingSend[] = [];
  #bytes = 0;
  #listening = false;
  /** Runs once the queue is empty (the FIN of a `shutdownOutput` called while sends waited). */
  #whenEmpty: (() => void) | null = null;
  readonly #onRoom = (): void => {
    this.#listening = false;
    this.pump();
  };

  constructor(channel: StreamChannel, limit: number) {
    this.#channel = channel;
    this.limit = limit;
  }

  /** Whether sends are waiting (a new send must go behind them). */
  get busy(): boolean {
    return this.#waiting.length > 0;
  }

  /**
   * Bytes the waiting sends still have to hand over (a packet counts `4 + getDataSize()`, what
   * its frame holds unless its `onSend` changes it).
   */
  get bytes(): number {
    return this.#bytes;
  }

  /** Queues a send of a packet or bytes; `sent` bytes of it are already handed over when `written`. */
  add(data: Packet | Uint8Array, written: boolean, sent: number): Promise<SendResult> {
    return this.#push(data, -1, written, sent) as Promise<SendResult>;
  }

  /** Queues a `sendMany` of `packets[next..count)`, `sent` bytes of the first `next` already handed over. */
  addMany(packets: readonly Packet[], next: number, count: number, sent: number): Promise<SendManyResult> {
    return this.#push(packets, count, next === count, sent, next) as Promise<SendManyResult>;
  }

  /** Runs `then` once every waiting send has been handed over (at once when none waits). */
  afterAll(then: () => void): void {
    this.#whenEmpty = then;
    this.pump();
  }

  /** Hands over and settles the sends at the head while the output has room; waits for room otherwise. */
  pump(): void {
    const channel = this.#channel;
    const waiting = this.#waiting;
    while (waiting.length > 0) {
      if (channel.closed) {
        this.#endAll();
        return;
      }
      if (channel.outbound > this.limit) break;
      const head = waiting[0] as WaitingSend;
      if (!head.written) {
        try {
          this.#hand(head);
          this.#recount(head);
        } catch (error) {
          this.#unsentDone(head);
          waiting.shift();
          head.reject(error);
        }
        continue;
      }
      waiting.shift();
      head.resolve(head.count < 0 ? doneSent(head.sent) : { status: SocketStatus.Done, sent: head.sent, count: head.count });
    }
    if (this.#whenEmpty !== null && waiting.every((send) => send.written)) {
      const then = this.#whenEmpty;
      this.#whenEmpty = null;
      then();
    }
    if (waiting.length > 0 && !this.#listening) {
      this.#listening = true;
      channel.addRoomWaiter(this.#onRoom);
    }
  }

  #push(data: WaitingSend['data'], count: number, written: boolean, sent: number, next = 0): Promise<SendResult | SendManyResult> {
    const unsent = written ? 0 : unsentBytes(data, next, count);
    this.#bytes += unsent;
    const promise = new Promise<SendResult | SendManyResult>((resolve, reject) => {
      this.#waiting.push({ data, count, next, sent, written, unsent, resolve, reject });
    });
    this.pump();
    return promise;
  }

  /** Copies what fits of `send` into the channel's output (all of it, or a `sendMany`'s packets while there is room). */
  #hand(send: WaitingSend): void {
    const channel = this.#channel;
    const data = send.data;
    if (data instanceof Packet) {
      send.sent = channel.queueFrame(payloadForSend(data));
    } else if (data instanceof Uint8Array) {
      channel.queueBytes(data);
      send.sent = data.length;
    } else {
      while (send.next < send.count) {
        if (channel.outbound > this.limit) return;
        send.sent += channel.queueFrame(payloadForSend(data[send.next] as Packet));
        send.next++;
      }
    }
    send.written = true;
  }

  /** After a hand-over: what `send` still has to hand over (nothing once written; a `sendMany`'s remaining packets). */
  #recount(send: WaitingSend): void {
    const unsent = send.written ? 0 : unsentBytes(send.data, send.next, send.count);
    this.#bytes += unsent - send.unsent;
    send.unsent = unsent;
  }

  /** `send` no longer counts in {@link SendQueue.bytes}. */
  #unsentDone(send: WaitingSend): void {
    this.#bytes -= send.unsent;
    send.unsent = 0;
  }

  /** The connection is gone: every waiting send settles with its end (the failure once, then `Disconnected`). */
  #endAll(): void {
    const waiting = this.#waiting;
    this.#waiting = [];
    this.#bytes = 0;
    for (const send of waiting) {
      const end = withSent(this.#channel.reportEnd(), 0);
      send.resolve(send.count < 0 ? end : { ...end, count: 0 });
    }
  }
}

/** What a waiting send will hand over: the bytes, or each packet's frame (`4 + getDataSize()`) from `next` to `count`. */
function unsentBytes(data: Packet | Uint8Array | readonly Packet[], next: number, count: number): number {
  if (data instanceof Uint8Array) return data.length;
  if (data instanceof Packet) return 4 + data.getDataSize();
  let total = 0;
  for (let i = next; i < count; i++) total += 4 + (data[i] as Packet).getDataSize();
  return total;
}
