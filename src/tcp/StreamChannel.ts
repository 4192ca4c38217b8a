import type { Readiness } from '../core/Readiness.js';
import { DISCONNECTED, failed } from '../core/results.js';
import type { StatusResult } from '../core/SocketResult.js';
import type { SocketError } from '../core/SocketError.js';
import { SocketStatus } from '../core/SocketStatus.js';
import type { Clock } from '../services/Clock.js';
import { MESSAGE_HEADER_MAX } from '../transport/StreamConnection.js';
import type { StreamConnection, StreamHandler } from '../transport/StreamTransport.js';
import { ByteQueue } from './ByteQueue.js';
import { InboundQueue } from './InboundQueue.js';
import { MessageQueue } from './MessageQueue.js';
import { OutboundBatch } from './OutboundBatch.js';
import { ReceiveWaits, type Waiter } from './ReceiveWaits.js';
import { EmptyFrameFilter } from './EmptyFrameFilter.js';
import { Heartbeat, type HeartbeatOptions } from './Heartbeat.js';

const EMPTY_QUEUE = new ByteQueue();
const NO_BYTES = new Uint8Array(0);
const NO_ROOM_WAITERS: Array<() => void> = [];

// Bits of StreamChannel's state (one field instead of three booleans: an idle server holds many channels).
const ENDED = 1;
const CLOSED = 2;
const OUTPUT_SHUT = 4;
const FIN_SENT = 8;
const EXPIRED = 16;
const INPUT_SHUT = 32;

/**
 * The I/O engine under one connected `TcpSocket`: it takes the transport's events and composes
 * the three parts that act on them.
 *
 * @remarks
 * - {@link InboundQueue}: the bytes received and not yet taken, with flow control;
 * - {@link ReceiveWaits}: the FIFO of blocking receives waiting on that queue;
 * - {@link OutboundBatch}: this tick's outbound frames, coalesced into one write.
 *
 * Each part is made when first needed (the queue by the first bytes, the waits by the first
 * blocking receive, the batch by the first send), so an idle connection holds none. Anything that
 * touches the transport through {@link StreamChannel.connection} (shutdown, options) or closes the
 * channel writes the batch first, so the order of bytes and FIN is as if each frame had been
 * written at once. The channel also keeps the connection's state (ended, closed, output shut),
 * its failure to report, and the callbacks waiting for room in the output.
 *
 * @internal
 */
export class StreamChannel implements StreamHandler {
  /** A failure not yet reported to the application. */
  error: SocketError | undefined;
  /** ENDED, CLOSED, OUTPUT_SHUT and FIN_SENT bits. */
  #state = 0;
  readonly #connection: StreamConnection;
  readonly #readiness: Readiness;
  readonly #receiveBufferSize: number;
  #inbound: InboundQueue | null = null;
  /** Whole messages received, on a message-oriented connection (`connection.messages`): made by the first. */
  #messages: MessageQueue | null = null;
  /** The write callback of message mode (a room signal), made by the first message sent. */
  #wrote: (() => void) | null = null;
  #waits: ReceiveWaits<StreamChannel> | null = null;
  #output: OutboundBatch | null = null;
  /** Starts as a shared empty array (never written to): an idle connection holds none. */
  #roomWaiters: Array<() => void> = NO_ROOM_WAITERS;
  /** The opt-in heartbeat and the filter taking its empty frames out of the input; `null` when off. */
  #beat: { readonly heartbeat: Heartbeat; readonly filter: EmptyFrameFilter; readonly take: (chunk: Uint8Array) => void } | null = null;

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

  /** Whether nothing more will ever arrive (or be delivered: input shut down). */
  get finished(): boolean {
    return (this.#state & (ENDED | CLOSED | INPUT_SHUT)) !== 0;
  }

  /** Our input was shut down: what arrives is discarded. */
  get inputShut(): boolean {
    return (this.#state & INPUT_SHUT) !== 0;
  }

  /** Whether the connection carries whole messages (WebSocket): one packet a message, no size prefix. */
  get messageMode(): boolean {
    return this.#connection.messages === true;
  }

  /** The whole messages received and not yet taken (message mode), or `null` before the first. */
  get messages(): MessageQueue | null {
    return this.#messages;
  }

  /** Bytes received and not yet taken (a shared empty queue, never written to, until bytes arrive). */
  get queue(): ByteQueue {
    return this.#inbound ?? EMPTY_QUEUE;
  }

  /** The transport underneath; batched output is written first, so what is done to it comes after. */
  get connection(): StreamConnection {
    this.flush();
    return this.#connection;
  }

  /** Bytes waiting to go out: this tick's batch plus the transport's buffer. */
  get outbound(): number {
    return this.#output === null ? this.#connection.bufferedAmount : this.#output.outbound;
  }

  /**
   * The most a frame queued now adds to {@link StreamChannel.outbound} beyond the length
   * `queueFrame` / `queueBytes` report: 0 on a byte stream (the frame is what is reported),
   * a message header with `writeMessage`, and unknown (`Infinity`) on a message connection
   * without it (its transport may frame or compress as it likes).
   */
  get frameOverhead(): number {
    const connection = this.#connection;
    if (connection.messages !== true) return 0;
    return connection.writeMessage !== undefined ? MESSAGE_HEADER_MAX : Number.POSITIVE_INFINITY;
  }

  /**
   * Message mode: sends `payload` as one whole message now, so the caller may reuse its memory
   * at once (the connection's `writeMessage` frames it into its own buffer; otherwise a copy is
   * written, whose write callback is a room signal); returns its length.
   */
  #sendMessage(payload: Uint8Array): number {
    if (this.closed) return payload.length;
    const connection = this.#connection;
    if (connection.writeMessage !== undefined) {
      connection.writeMessage(payload);
      return payload.length;
    }
    const copy = Buffer.allocUnsafe(payload.length);
    copy.set(payload);
    this.#connection.write(copy, (this.#wrote ??= () => this.drain()));
    return payload.length;
  }

  /** Whether blocking receives are waiting (a new receive must queue behind them). */
  get busy(): boolean {
    return this.#waits !== null && this.#waits.busy;
  }

  /** Queues an SFML frame (32-bit big-endian size, then `payload`); returns the frame's length. */
  queueFrame(payload: Uint8Array): number {
    if (this.#connection.messages === true) return this.#sendMessage(payload);
    return (this.#output ??= new OutboundBatch(this.#connection)).queueFrame(payload);
  }

  /** Queues a copy of raw bytes (in message mode: sends them as one message). */
  queueBytes(bytes: Uint8Array): void {
    if (this.#connection.messages === true) this.#sendMessage(bytes);
    else (this.#output ??= new OutboundBatch(this.#connection)).queueBytes(bytes);
  }

  /** Hands this tick's batch to the transport now (dropped if the channel is closed). */
  flush(): void {
    this.#output?.flush();
  }

  data(chunk: Uint8Array): void {
    if (this.#beat !== null) {
      this.#beat.heartbeat.heard();
      // On a message connection an empty message is the heartbeat; on a byte stream, an empty frame.
      if (this.#connection.messages === true) {
        if (chunk.length === 0) return;
      } else {
        this.#beat.filter.filter(chunk, this.#beat.take);
        return;
      }
    }
    this.#take(chunk);
  }

  /** Queues received bytes, or a whole message (unless closed or input shut down). */
  #take(chunk: Uint8Array): void {
    if ((this.#state & (CLOSED | INPUT_SHUT)) !== 0) return;
    if (this.#connection.messages === true) {
      const messages = (this.#messages ??= new MessageQueue(this.#connection, this.#receiveBufferSize));
      // A receive waits and nothing is queued before this message: straight to it. The queue's
      // path would push it, mark the socket ready, take it back and mark it not ready.
      if (messages.count === 0 && !this.finished && this.#waits?.offer(chunk) === true) return;
      messages.push(chunk);
      this.#readiness.set(true);
      this.#waits?.pump();
      messages.flow(this.busy);
      return;
    }
    const inbound = (this.#inbound ??= new InboundQueue(this.#connection, this.#receiveBufferSize));
    inbound.push(chunk);
    this.#readiness.set(true);
    this.#waits?.pump();
    inbound.flow(this.busy);
  }

  end(): void {
    this.#state |= ENDED;
    this.#readiness.set(true);
    this.#waits?.pump();
  }

  close(error?: SocketError): void {
    if (this.closed) return;
    this.#state |= CLOSED;
    this.#beat?.heartbeat.stop();
    this.error ??= error;
    this.#output?.discard();
    this.#readiness.set(true);
    this.#waits?.pump();
    this.drain();
  }

  drain(): void {
    const wakes = this.#roomWaiters;
    if (wakes.length === 0) return;
    this.#roomWaiters = NO_ROOM_WAITERS;
    for (const wake of wakes) wake();
  }

  /**
   * Calls `check` once, at the next room signal: the transport wrote everything handed to it
   * before, or the connection closed.
   *
   * @remarks
   * `drain` alone is not enough: the transport emits it only after a `write` it refused, and a
   * `sendBufferSize` below its mark (16 KiB for `node:net`) can be exceeded by writes it accepted.
   * So when the last write was accepted, the first waiter also sends an empty write whose `written`
   * callback is the signal (a transport calls it once the writes before it are done). When a
   * `drain` is coming, none is sent: a connection reset then wakes the waiters as a close, not as
   * room.
   */
  addRoomWaiter(check: () => void): void {
    if (this.#roomWaiters.length !== 0) {
      this.#roomWaiters.push(check);
      return;
    }
    this.#roomWaiters = [check];
    if ((this.#state & (CLOSED | FIN_SENT)) !== 0) return;
    this.flush();
    if (this.#connection.messages === true) {
      // With nothing buffered no signal may come; otherwise the connection's own (writeMessage
      // asks for no callback), else every message's write callback is one.
      const connection = this.#connection;
      if (connection.bufferedAmount === 0) queueMicrotask(() => this.drain());
      else connection.afterWrites?.(() => this.drain());
      return;
    }
    if (this.#output?.drainExpected !== true) this.#connection.write(NO_BYTES, () => this.drain());
  }

  /** Closes from this side: batched output is written, waiting receives finish as disconnected, then the transport closes gracefully. */
  abandon(lingerMs = -1): void {
    if (lingerMs === 0) {
      this.close();
      const connection = this.#connection;
      if (connection.reset !== undefined) connection.reset();
      else connection.destroy();
      return;
    }
    this.flush();
    this.close();
    if (lingerMs > 0) this.#connection.close(lingerMs);
    else this.#connection.close();
  }

  /**
   * Starts the opt-in heartbeat: an empty frame every `intervalMs` (when `idle` says one can go
   * between the sender's frames) or the transport's own ping where it has one (WebSocket), empty
   * frames taken out of the input, and the connection dropped
   * ({@link StreamChannel.expire}) after `intervalMs + timeoutMs` with nothing received.
   */
  startHeartbeat(options: HeartbeatOptions, clock: Clock, idle: () => boolean): void {
    if (this.closed || this.#beat !== null) return;
    const connection = this.#connection;
    const link = {
      ping: (): void => {
        if ((this.#state & (CLOSED | OUTPUT_SHUT)) !== 0) return;
        // The transport's own probe where there is one (a WebSocket ping, which a browser answers by itself).
        if (connection.ping !== undefined) connection.ping(() => this.#beat?.heartbeat.heard());
        else if (idle()) this.queueFrame(NO_BYTES);
      },
      expire: (error: SocketError): void => this.expire(error),
      holding: (): boolean => this.#inbound?.paused === true,
    };
    this.#beat = { heartbeat: new Heartbeat(link, clock, options), filter: new EmptyFrameFilter(), take: (chunk) => this.#take(chunk) };
  }

  /** The peer fell silent: the connection is dropped at once and reported `Disconnected` with `error` (once). */
  expire(error: SocketError): void {
    if (this.closed) return;
    this.#state |= CLOSED | EXPIRED;
    this.error = error;
    this.#beat?.heartbeat.stop();
    this.#output?.discard();
    this.#connection.destroy();
    this.#readiness.set(true);
    this.#waits?.pump();
    this.drain();
  }

  /** Shuts our input down, java.net's `shutdownInput`: what is queued and what arrives later is discarded; receives report the end. */
  shutdownInput(): void {
    if (this.inputShut) return;
    this.#state |= INPUT_SHUT;
    this.#inbound?.clear();
    this.#connection.resume();
    this.#readiness.set(true);
    this.#waits?.pump();
  }

  /** How a finished connection is reported: its failure once (then forgotten), otherwise `Disconnected`. */
  reportEnd(): StatusResult {
    const error = this.error;
    if (error === undefined || (this.#state & (INPUT_SHUT | CLOSED)) === INPUT_SHUT) return DISCONNECTED;
    this.error = undefined;
    if ((this.#state & EXPIRED) !== 0) return { status: SocketStatus.Disconnected, error };
    return failed(error);
  }

  /** Marks our output shut down (no new send is taken) before the FIN itself is sent by {@link StreamChannel.shutdownOutput}. */
  markOutputShut(): void {
    this.#state |= OUTPUT_SHUT;
  }

  /** Shuts our output down (FIN), after the batched output; once. */
  shutdownOutput(): void {
    if ((this.#state & FIN_SENT) !== 0) return;
    this.#state |= OUTPUT_SHUT | FIN_SENT;
    this.connection.shutdownOutput();
  }

  /** Drops the connection at once after a protocol violation; nothing queued is delivered, and waiting sends end. */
  fail(): void {
    this.#state |= CLOSED;
    this.#beat?.heartbeat.stop();
    this.#inbound?.clear();
    this.#messages?.clear();
    this.#output?.discard();
    this.#connection.destroy();
    this.#readiness.set(true);
    this.drain();
  }

  /** Notes how many bytes the frame at the head of the queue needs, and applies flow control. */
  consumed(frameNeed: number): void {
    this.#inbound?.consumed(frameNeed, this.busy);
    this.#messages?.flow(this.busy);
  }

  /** Queues a blocking receive; after `timeoutMs` > 0 it is dropped and told it timed out. */
  wait(waiter: Waiter<StreamChannel>, clock: Clock, timeoutMs: number): void {
    (this.#waits ??= new ReceiveWaits<StreamChannel>(this)).add(waiter, clock, timeoutMs);
    this.#inbound?.resume();
    this.#messages?.resume();
  }
}
