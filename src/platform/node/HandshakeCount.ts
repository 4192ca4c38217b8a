import type { Socket } from 'node:net';
import type { Duplex } from 'node:stream';
import { DEFAULT_LIMITS, type SocketLimits } from '../../services/SocketLimits.js';

/**
 * The connections of one TLS or WebSocket server still in their handshake, bounded by the
 * `handshakeQueueSize` limit: a connection arriving when that many are in progress is closed at
 * once.
 *
 * @remarks
 * Counted as the TCP connections open minus those through their handshake and still open, each
 * side taken off by its socket's own `close`. For TLS the socket through the handshake is not the
 * TCP one `connection` gave (it wraps it), and nothing public leads from one to the other; both
 * close together, so the difference is exact once both have closed. When the socket through the
 * handshake is the TCP one itself (a plain WebSocket server), it simply leaves the count. A
 * connection closed here never enters the count.
 *
 * The `close` listeners are two functions of the count, shared by every connection: an idle
 * connection of a plain WebSocket server keeps none, one over TLS keeps a reference on each of
 * its two sockets. (A closure and a `once` wrapper per socket cost an idle WebSocket connection
 * about 700 bytes, a quarter of the SDK's own heap per connection.)
 *
 * @example
 * ```ts
 * const count = new HandshakeCount(options.limits);
 * server.on('connection', (raw) => count.arrived(raw));
 * server.on('secureConnection', (socket) => count.through(socket));
 * ```
 * @internal
 */
export class HandshakeCount {
  readonly #limit: number;
  #open = 0;
  #through = 0;
  /** The `close` listener of every connection counted open (emitted once per socket, so `on` is enough). */
  readonly #openClosed = (): void => void this.#open--;
  /** The `close` listener of every connection through its handshake and counted there. */
  readonly #throughClosed = (): void => void this.#through--;

  /** @param limits - the listener's limits (their `handshakeQueueSize`); default {@link DEFAULT_LIMITS}. */
  constructor(limits: SocketLimits | undefined) {
    this.#limit = (limits ?? DEFAULT_LIMITS).handshakeQueueSize;
  }

  /** Connections counted as still in their handshake. */
  get inHandshake(): number {
    return this.#open - this.#through;
  }

  /** A TCP connection arrived: counted, or destroyed at once when the limit is reached. */
  arrived(raw: Socket): void {
    if (this.inHandshake >= this.#limit) {
      raw.destroy();
      return;
    }
    this.#open++;
    raw.on('close', this.#openClosed);
  }

  /** `socket` (the connection that arrived, or the TLS socket over it) is through its handshake. */
  through(socket: Duplex): void {
    if (socket.closed) return;
    if (socket.listenerCount('close', this.#openClosed) > 0) {
      // The very connection that arrived: it leaves the count, and keeps no listener of it.
      socket.removeListener('close', this.#openClosed);
      this.#open--;
      return;
    }
    this.#through++;
    socket.on('close', this.#throughClosed);
  }
}
