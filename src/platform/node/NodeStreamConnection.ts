import type { Socket } from 'node:net';
import type { SocketError } from '../../core/SocketError.js';
import type { StreamConnection, StreamHandler } from '../../transport/StreamTransport.js';
import { toSocketError } from './systemErrors.js';

/** How long a graceful close waits for a peer to take the output still buffered in the process. */
const LINGER_MS = 2000;

/**
 * A `node:net` socket behind the {@link StreamConnection} interface.
 *
 * @internal
 */
export class NodeStreamConnection implements StreamConnection {
  readonly remoteAddress: string;
  readonly remotePort: number;
  readonly localAddress: string;
  readonly localPort: number;
  readonly #socket: Socket;
  #error: SocketError | undefined;

  constructor(socket: Socket) {
    this.#socket = socket;
    this.remoteAddress = socket.remoteAddress ?? '';
    this.remotePort = socket.remotePort ?? 0;
    this.localAddress = socket.localAddress ?? '';
    this.localPort = socket.localPort ?? 0;
    // Record errors from the start, so none is unhandled before a handler is attached.
    socket.on('error', (cause) => {
      this.#error ??= toSocketError(cause, `connection to ${this.remoteAddress}:${this.remotePort}`);
    });
  }

  get bufferedAmount(): number {
    return this.#socket.writableLength;
  }

  attach(handler: StreamHandler): void {
    const socket = this.#socket;
    socket.on('data', (chunk: Buffer) => handler.data(chunk));
    socket.on('end', () => handler.end());
    socket.on('drain', () => handler.drain());
    if (socket.destroyed) queueMicrotask(() => handler.close(this.#error));
    else socket.on('close', () => handler.close(this.#error));
  }

  write(data: Uint8Array): boolean {
    return this.#socket.write(data);
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

  close(): void {
    const socket = this.#socket;
    if (socket.destroyed) return;
    if (socket.writableLength === 0) {
      socket.destroy();
      return;
    }
    // Output still waits in the process: give the peer LINGER_MS to take it, then reset (as
    // SO_LINGER with a zero time does), so a peer that never reads cannot keep the handle and
    // its buffers alive.
    const linger = setTimeout(() => socket.resetAndDestroy(), LINGER_MS);
    socket.end(() => {
      clearTimeout(linger);
      socket.destroy();
    });
  }

  setNoDelay(noDelay: boolean): void {
    this.#socket.setNoDelay(noDelay);
  }

  setKeepAlive(enable: boolean, initialDelayMs: number): void {
    this.#socket.setKeepAlive(enable, initialDelayMs);
  }
}
