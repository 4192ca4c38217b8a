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
 * close together, so the difference is exact once both have closed. A connection closed here
 * never enters the count.
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

  /** @param limits - the listener's limits (their `handshakeQueueSize`); default {@link DEFAULT_LIMITS}. */
  constructor(limits: SocketLimits | undefined) {
    this.#limit = (limits ?? DEFAULT_LIMITS).handshakeQueueSize;
  }

  /** A TCP connection arrived: counted, or destroyed at once when the limit is reached. */
  arrived(raw: Socket): void {
    if (this.#open - this.#through >= this.#limit) {
      raw.destroy();
      return;
    }
    this.#open++;
    raw.once('close', () => this.#open--);
  }

  /** `socket` (the connection that arrived, or the TLS socket over it) is through its handshake. */
  through(socket: Duplex): void {
    if (socket.closed) return;
    this.#through++;
    socket.once('close', () => this.#through--);
  }
}
