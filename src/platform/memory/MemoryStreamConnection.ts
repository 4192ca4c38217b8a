import { SocketError } from '../../core/SocketError.js';
import type { StreamConnection, StreamHandler } from '../../transport/StreamConnection.js';
import { copyBytes } from '../../core/copyBytes.js';

/** Bytes written and not yet delivered, with the callback that releases them. */
interface Pending {
  readonly data: Uint8Array;
  offset: number;
  readonly written: (() => void) | undefined;
}

/**
 * How a {@link MemoryStreamTransport} delivers bytes.
 *
 * @example
 * ```ts
 * const transport = new MemoryStreamTransport({ chunkSize: 7, highWaterMark: 64 * 1024 });
 * ```
 */
export interface MemoryStreamOptions {
  /**
   * The largest chunk handed to the peer's `data` at once (default: a write at a time), so
   * tests see frames cut at every place a real network might cut them.
   *
   * @example
   * ```ts
   * new MemoryStreamTransport({ chunkSize: 1 }); // every byte its own chunk
   * ```
   */
  readonly chunkSize?: number;
  /**
   * `write` returns `false` once this many bytes wait undelivered (default 16 KiB, as `node:net`).
   *
   * @example
   * ```ts
   * new MemoryStreamTransport({ highWaterMark: 1024 }); // backpressure after 1 KiB unread
   * ```
   */
  readonly highWaterMark?: number;
}

/**
 * One end of an in-process connection: its address and port.
 *
 * @example
 * ```ts
 * const end: MemoryEnd = { address: '127.0.0.1', port: 4000 };
 * ```
 */
export interface MemoryEnd {
  /** The address, as a numeric literal. */
  readonly address: string;
  /** The port. */
  readonly port: number;
}

const NO_PENDING: Pending[] = [];

/**
 * One end of an in-process byte stream made by {@link MemoryStreamTransport}: what a TCP
 * connection does, with no system underneath.
 *
 * @remarks
 * Bytes are delivered on a later turn of the event loop, in order, cut into chunks of at most
 * `chunkSize`, and only while the peer is attached and not paused; undelivered bytes count in
 * `bufferedAmount`, so a peer that stops reading pushes back as TCP flow control does. `write`'s
 * callback runs once the peer took the bytes (or they were dropped by a close). The endings
 * follow Linux: `shutdownOutput` and `close` send FIN after the queued bytes; `destroy` drops
 * them, and resets the peer (`close` with a `'Reset'` error) when the peer still had bytes
 * queued for this end, as a kernel does when unread data is thrown away; writing to an end
 * that is gone resets the writer.
 *
 * @example
 * ```ts
 * const [client, server] = MemoryStreamConnection.pair({ address: '127.0.0.1', port: 50000 }, { address: '127.0.0.1', port: 4000 });
 * server.attach(handler);
 * client.write(Uint8Array.of(1, 2, 3));
 * ```
 */
export class MemoryStreamConnection implements StreamConnection {
  readonly remoteAddress: string;
  readonly remotePort: number;
  readonly localAddress: string;
  readonly localPort: number;
  #peer: MemoryStreamConnection | null = null;
  #handler: StreamHandler | null = null;
  #outbox: Pending[] = NO_PENDING;
  #buffered = 0;
  #paused = false;
  /** FIN is queued behind the outbox. */
  #outputShut = false;
  #finSent = false;
  /** The peer's FIN arrived (told to the handler, or kept until one is attached). */
  #finReceived = false;
  /** The handle goes once FIN is sent (a graceful `close`). */
  #closeAfterFin = false;
  #closed = false;
  #closeError: SocketError | undefined;
  #needDrain = false;
  #scheduled = false;
  readonly #chunkSize: number;
  readonly #highWaterMark: number;

  private constructor(local: MemoryEnd, remote: MemoryEnd, options: MemoryStreamOptions) {
    this.localAddress = local.address;
    this.localPort = local.port;
    this.remoteAddress = remote.address;
    this.remotePort = remote.port;
    this.#chunkSize = options.chunkSize ?? Number.POSITIVE_INFINITY;
    this.#highWaterMark = options.highWaterMark ?? 16 * 1024;
  }

  /**
   * Two connected ends: the first is at `a` and talks to `b`.
   *
   * @example
   * ```ts
   * const [a, b] = MemoryStreamConnection.pair({ address: '::1', port: 1 }, { address: '::1', port: 2 });
   * ```
   */
  static pair(a: MemoryEnd, b: MemoryEnd, options: MemoryStreamOptions = {}): [MemoryStreamConnection, MemoryStreamConnection] {
    const first = new MemoryStreamConnection(a, b, options);
    const second = new MemoryStreamConnection(b, a, options);
    first.#peer = second;
    second.#peer = first;
    return [first, second];
  }

  get bufferedAmount(): number {
    return this.#buffered;
  }

  attach(handler: StreamHandler): void {
    this.#handler = handler;
    if (this.#closed) {
      const error = this.#closeError;
      queueMicrotask(() => handler.close(error));
      return;
    }
    if (this.#finReceived) queueMicrotask(() => handler.end());
    const peer = this.#peer;
    if (peer !== null) peer.#schedule();
  }

  write(data: Uint8Array, written?: () => void): boolean {
    if (this.#closed || this.#outputShut) {
      if (written !== undefined) queueMicrotask(written);
      return false;
    }
    if (this.#outbox === NO_PENDING) this.#outbox = [];
    this.#outbox.push({ data, offset: 0, written });
    this.#buffered += data.length;
    this.#schedule();
    if (this.#buffered < this.#highWaterMark) return true;
    this.#needDrain = true;
    return false;
  }

  pause(): void {
    this.#paused = true;
  }

  resume(): void {
    this.#paused = false;
    const peer = this.#peer;
    if (peer !== null) peer.#schedule();
  }

  shutdownOutput(): void {
    this.#outputShut = true;
    this.#schedule();
  }

  destroy(): void {
    if (this.#closed) return;
    const peer = this.#peer;
    this.#dropOutbox();
    this.#finish(undefined);
    if (peer === null || peer.#closed) return;
    // Bytes the peer sent that this end never took: the kernel answers them with RST.
    if (peer.#buffered > 0) peer.#reset();
    else peer.#receiveFin();
  }

  close(): void {
    if (this.#closed) return;
    this.#closeAfterFin = true;
    this.shutdownOutput();
  }

  setNoDelay(noDelay: boolean): void {
    void noDelay;
  }

  setKeepAlive(enable: boolean, initialDelayMs: number): void {
    void enable;
    void initialDelayMs;
  }

  /** Delivers the outbox on a later turn. */
  #schedule(): void {
    if (this.#scheduled || this.#closed) return;
    this.#scheduled = true;
    setImmediate(() => {
      this.#scheduled = false;
      this.#pump();
    });
  }

  /** Hands what the peer can take now to its handler, then FIN, then the close that waits for it. */
  #pump(): void {
    const peer = this.#peer;
    if (this.#closed || peer === null) return;
    if (peer.#closed) {
      if (this.#buffered > 0 || (this.#outputShut && !this.#finSent)) this.#reset();
      return;
    }
    while (this.#outbox.length > 0 && peer.#handler !== null && !peer.#paused && !peer.#closed) {
      const head = this.#outbox[0] as Pending;
      const end = Math.min(head.data.length, head.offset + this.#chunkSize);
      // A copy: the writer may reuse its memory once its callback has run.
      const chunk = copyBytes(head.data, head.offset, end);
      this.#buffered -= end - head.offset;
      head.offset = end;
      if (end === head.data.length) {
        this.#outbox.shift();
        head.written?.();
      }
      peer.#handler.data(chunk);
    }
    if (this.#outbox.length > 0) return;
    if (this.#needDrain) {
      this.#needDrain = false;
      this.#handler?.drain();
    }
    if (this.#outputShut && !this.#finSent && peer.#handler !== null) {
      this.#finSent = true;
      peer.#receiveFin();
      if (this.#closeAfterFin || this.#finReceived) this.#finish(undefined);
    }
  }

  /** The peer sent FIN: no more data; the handle goes when this end has sent FIN too. */
  #receiveFin(): void {
    if (this.#closed || this.#finReceived) return;
    this.#finReceived = true;
    this.#handler?.end();
    if (this.#finSent) this.#finish(undefined);
  }

  /** Reset: queued bytes are dropped and the handler hears a `'Reset'` error. */
  #reset(): void {
    this.#dropOutbox();
    this.#finish(new SocketError('Reset', `connection to ${this.remoteAddress}:${this.remotePort} reset by peer`, { code: 'ECONNRESET' }));
  }

  #dropOutbox(): void {
    const dropped = this.#outbox;
    this.#outbox = NO_PENDING;
    this.#buffered = 0;
    for (const pending of dropped) if (pending.written !== undefined) queueMicrotask(pending.written);
  }

  /** The handle is gone: the handler hears `close` once, on a later turn. */
  #finish(error: SocketError | undefined): void {
    if (this.#closed) return;
    this.#closed = true;
    this.#closeError = error;
    const handler = this.#handler;
    if (handler !== null) setImmediate(() => handler.close(error));
  }
}
