import type { Socket } from 'node:net';
import type { SocketError } from '../../core/SocketError.js';
import type { StreamConnection, StreamHandler } from '../../transport/StreamTransport.js';
import { toSocketError } from './systemErrors.js';

/** How long a graceful close waits for a peer to take the output still buffered in the process. */
export const LINGER_MS = 2000;

/** The property of a `node:net` socket that leads back to its connection (for the shared listeners). */
const OWNER = Symbol('NodeStreamConnection');

/**
 * The local address and port of a connection when known without asking the system.
 *
 * @internal
 */
export interface LocalEnd {
  /** The local address, as `node:net` spells it. */
  readonly address: string;
  /** The local port. */
  readonly port: number;
}

/** `net.Socket`'s type-of-service methods, where Node has them (24 and later). */
interface TypeOfService {
  setTypeOfService?(value: number): void;
  getTypeOfService?(): number;
}

/** A `node:net` socket with the way back to the connection wrapping it. */
type Owned = Socket & { [OWNER]: NodeStreamConnection };

/**
 * A `node:net` socket behind the {@link StreamConnection} interface.
 *
 * @remarks
 * Memory per connection is kept close to a bare `node:net` socket's: the listeners are shared
 * functions that find the connection through a property of the socket (no closures per
 * connection), and `'drain'` is listened to only once a `write` has been refused, since Node
 * emits it only after that.
 *
 * @internal
 */
export class NodeStreamConnection implements StreamConnection {
  readonly remoteAddress: string;
  readonly remotePort: number;
  readonly localAddress: string;
  readonly localPort: number;
  readonly #socket: Socket;
  #handler: StreamHandler | null = null;
  #error: SocketError | undefined;

  /**
   * Wraps a connected socket.
   *
   * @param socket - the socket.
   * @param local - its local end when known (a server listening on one address gives its own),
   *   which spares asking the system for it and keeping the answer on the socket.
   */
  constructor(socket: Socket, local?: LocalEnd) {
    this.#socket = socket;
    this.remoteAddress = socket.remoteAddress ?? '';
    this.remotePort = socket.remotePort ?? 0;
    this.localAddress = local?.address ?? socket.localAddress ?? '';
    this.localPort = local?.port ?? socket.localPort ?? 0;
    (socket as Owned)[OWNER] = this;
    // Record errors from the start, so none is unhandled before a handler is attached.
    socket.on('error', NodeStreamConnection.#onError);
  }

  get bufferedAmount(): number {
    return this.#socket.writableLength;
  }

  attach(handler: StreamHandler): void {
    const socket = this.#socket;
    this.#handler = handler;
    socket.on('data', NodeStreamConnection.#onData);
    socket.on('end', NodeStreamConnection.#onEnd);
    if (socket.destroyed) queueMicrotask(() => handler.close(this.#error));
    else socket.on('close', NodeStreamConnection.#onClose);
  }

  static #onError(this: Owned, cause: Error): void {
    const connection = this[OWNER];
    connection.#error ??= toSocketError(cause, `connection to ${connection.remoteAddress}:${connection.remotePort}`);
  }

  static #onData(this: Owned, chunk: Buffer): void {
    this[OWNER].#handler?.data(chunk);
  }

  static #onEnd(this: Owned): void {
    this[OWNER].#handler?.end();
  }

  static #onDrain(this: Owned): void {
    this[OWNER].#handler?.drain();
  }

  static #onClose(this: Owned): void {
    const connection = this[OWNER];
    connection.#handler?.close(connection.#error);
  }

  /**
   * Lets go of the socket for a new owner (a TLS upgrade): this connection delivers no more
   * events, and the socket is paused with its unread bytes kept.
   *
   * @returns the socket and this connection's local end.
   */
  protected release(): { readonly socket: Socket; readonly local: LocalEnd } {
    const socket = this.#socket;
    this.#handler = null;
    socket.off('data', NodeStreamConnection.#onData);
    socket.off('end', NodeStreamConnection.#onEnd);
    socket.off('close', NodeStreamConnection.#onClose);
    socket.off('drain', NodeStreamConnection.#onDrain);
    socket.off('error', NodeStreamConnection.#onError);
    socket.pause();
    return { socket, local: { address: this.localAddress, port: this.localPort } };
  }

  write(data: Uint8Array, written?: () => void): boolean {
    const socket = this.#socket;
    if (socket.write(data, written)) return true;
    // 'drain' follows only a refused write: listen from the first one on.
    if (socket.listenerCount('drain', NodeStreamConnection.#onDrain) === 0) socket.on('drain', NodeStreamConnection.#onDrain);
    return false;
  }

  pause(): void {
    this.#socket.pause();
  }

  resume(): void {
    this.#socket.resume();
  }

  shutdownOutput(): void {
    this.#socket.end();
  }

  destroy(): void {
    this.#socket.destroy();
  }

  reset(): void {
    const socket = this.#socket;
    if (!socket.destroyed) resetOrDestroy(socket);
  }

  close(lingerMs = LINGER_MS): void {
    const socket = this.#socket;
    if (socket.destroyed) return;
    if (socket.writableLength === 0) {
      socket.destroy();
      return;
    }
    // Output still waits in the process: give the peer lingerMs (LINGER_MS by default) to take it, then reset (as
    // SO_LINGER with a zero time does), so a peer that never reads cannot keep the handle and
    // its buffers alive.
    const linger = setTimeout(() => resetOrDestroy(socket), lingerMs);
    socket.end(() => {
      clearTimeout(linger);
      socket.destroy();
    });
  }

  setNoDelay(noDelay: boolean): void {
    this.#socket.setNoDelay(noDelay);
  }

  setTrafficClass(value: number): boolean {
    const socket = this.#socket as Socket & TypeOfService;
    // net.Socket#setTypeOfService came with Node 24; older versions cannot set it.
    if (typeof socket.setTypeOfService !== 'function' || socket.destroyed) return false;
    try {
      socket.setTypeOfService(value);
      return true;
    } catch {
      return false; // e.g. a Unix socket, which has no IP header
    }
  }

  getTrafficClass(): number | null {
    const socket = this.#socket as Socket & TypeOfService;
    if (typeof socket.getTypeOfService !== 'function' || socket.destroyed) return null;
    try {
      return socket.getTypeOfService();
    } catch {
      return null;
    }
  }

  setKeepAlive(enable: boolean, initialDelayMs: number): void {
    this.#socket.setKeepAlive(enable, initialDelayMs);
  }
}

/**
 * Closes `socket` with an RST (SO_LINGER 0) when it is a TCP socket; a Unix domain socket has no
 * RST (`resetAndDestroy` throws `ERR_INVALID_HANDLE_TYPE` before doing anything): it is destroyed.
 */
function resetOrDestroy(socket: Socket): void {
  try {
    socket.resetAndDestroy();
  } catch {
    socket.destroy();
  }
}
