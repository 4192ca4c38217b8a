import type { EventEmitter } from 'node:events';
import type { Socket } from 'node:net';
import type { TLSSocket } from 'node:tls';
import type { WebSocket } from 'ws';
import { SocketError } from '../../core/SocketError.js';
import type { TlsInfo } from '../../transport/TlsInfo.js';
import type { StreamConnection, StreamHandler } from '../../transport/StreamTransport.js';
import type { LocalEnd } from './NodeStreamConnection.js';
import { tlsInfoOf } from './NodeTlsConnection.js';
import { clientFrame, serverFrame } from './wsModule.js';

/** The property of a `ws` WebSocket (and of its `node:net` socket) that leads back to its connection. */
const OWNER = Symbol('NodeWebSocketConnection');

/** A `ws` WebSocket, with the way back to the connection wrapping it. */
type Owned = WebSocket & { [OWNER]: NodeWebSocketConnection };

/** The rarely used state of a connection, made when first needed: an open, idle connection holds none. */
interface Rare {
  /** Messages that arrived before `attach` (only those already read when it was paused). */
  early: Buffer[] | null;
  error: SocketError | undefined;
  /** The close code once closed, else -1. */
  closedWith: number;
  /** Called when a pong arrives (the heartbeat's ping was answered); `null` until the first ping. */
  answered: (() => void) | null;
  /** What the TLS handshake negotiated, read on first use; `null` on a plain connection. */
  tls: TlsInfo | null | undefined;
  /** The socket's 'drain' listener, added the first time the socket is over its mark. */
  drain: (() => void) | null;
}

// Bits of NodeWebSocketConnection's flags.
const ADMITTED = 1;
const MASKS = 2;

/** WebSocket's `OPEN` ready state. */
const OPEN = 1;

/** What `afterWrites` writes to the socket: nothing, so its callback comes after the bytes before it. */
const NOTHING = Buffer.alloc(0);

/** Close codes that end a connection cleanly: normal, going away, and none given. */
const CLEAN_CODES: ReadonlySet<number> = new Set([1000, 1001, 1005]);

/**
 * A `ws` WebSocket behind the {@link StreamConnection} interface, message-oriented: each `data`
 * chunk is one whole binary message and each `write` sends one.
 *
 * @remarks
 * `ws` parses the protocol and enforces the size, fragment and chunk limits it was given; this
 * class maps its events to the stream handler:
 * - a binary message → `data`; a text message is a protocol error (close code 1003), since
 *   packets travel as binary messages;
 * - the close → `end` (when the peer closed cleanly: it will send nothing more) then `close`,
 *   with an error unless the close was clean: kind `Reset` for a connection dropped without a
 *   close frame (1006), `TooLarge` for a message above the limit (1009, either side),
 *   `Protocol` for the other failures `ws` or the peer reported;
 * - backpressure is the underlying socket's: `write` is `false` once it is over its mark, and
 *   its `drain` is the handler's;
 * - `writeMessage` sends without a callback and without keeping the caller's bytes: a client
 *   masks each message into a frame of ws's own (a copy ws makes anyway), a server frames it into
 *   one buffer (ws's own frame header, then a copy of the payload) written to the socket;
 *   `afterWrites` is the room signal, an empty write to the socket whose callback comes once the
 *   bytes before it are written;
 * - `tls` tells what the TLS handshake of a `wss://` connection negotiated (`null` on `ws://`).
 *
 * WebSocket has no half-close: `shutdownOutput` sends the close frame after the queued
 * messages, and the peer answers with its own, which closes both directions (messages it sent
 * before its close frame are still delivered). Until `attach`, the connection is paused.
 *
 * @internal
 */
export class NodeWebSocketConnection implements StreamConnection {
  // Six fields: a server holds one connection per client, and an idle one uses only these.
  // Helper methods are TypeScript-private rather than #private: #methods would give each
  // instance one more field (V8's private brand).
  readonly #ws: WebSocket;
  readonly #socket: Socket;
  #handler: StreamHandler | null = null;
  /** The local end: the listener's own when it listens on one address (shared), else this socket's. */
  readonly #local: LocalEnd;
  #rare: Rare | null = null;
  /** ADMITTED and MASKS (this end masks what it sends: the client). */
  readonly #flags: number;

  /**
   * Wraps an open WebSocket.
   *
   * @param ws - the open WebSocket.
   * @param socket - its `node:net` (or `node:tls`) socket, for the addresses and backpressure.
   * @param admitted - whether the listener's `admit` was asked before the upgrade.
   * @param client - whether this is the client end (it masks what it sends, with a mask that is never zero).
   * @param local - the local end every connection of the listener shares (it listens on one
   *   address); the socket is asked when absent.
   */
  constructor(ws: WebSocket, socket: Socket, admitted: boolean, client = false, local?: LocalEnd) {
    this.#ws = ws;
    this.#socket = socket;
    this.#flags = (admitted ? ADMITTED : 0) | (client ? MASKS : 0);
    this.#local = local ?? { address: socket.localAddress ?? '', port: socket.localPort ?? 0 };
    // node:net keeps the peer's address once asked, even after the close (a server's upgrade has
    // asked already): the getters read it from there.
    void socket.remotePort;
    (ws as Owned)[OWNER] = this;
    ws.pause();
    // Shared listeners (no closures per connection), typed as plain emitter listeners.
    const events: EventEmitter = ws;
    events.on('message', NodeWebSocketConnection.#onMessage);
    events.on('error', NodeWebSocketConnection.#onError);
    events.on('close', NodeWebSocketConnection.#onClose);
  }

  get remoteAddress(): string {
    return this.#socket.remoteAddress ?? '';
  }

  get remotePort(): number {
    return this.#socket.remotePort ?? 0;
  }

  get localAddress(): string {
    return this.#local.address;
  }

  get localPort(): number {
    return this.#local.port;
  }

  get admitted(): boolean {
    return (this.#flags & ADMITTED) !== 0;
  }

  /** Always `true`: one message is one packet. */
  get messages(): boolean {
    return true;
  }

  get bufferedAmount(): number {
    return this.#ws.bufferedAmount;
  }

  /** What the TLS handshake negotiated (`wss://`), or `null` on a plain connection. */
  get tls(): TlsInfo | null {
    const rare = this.rareNow();
    if (rare.tls !== undefined) return rare.tls;
    const socket = this.#socket as Socket & { encrypted?: boolean };
    return (rare.tls = socket.encrypted === true ? tlsInfoOf(socket as TLSSocket) : null);
  }

  /** The rarely used state, made on first use. */
  private rareNow(): Rare {
    return (this.#rare ??= { early: null, error: undefined, closedWith: -1, answered: null, tls: undefined, drain: null });
  }

  attach(handler: StreamHandler): void {
    this.#handler = handler;
    const rare = this.#rare;
    if (rare === null) {
      this.#ws.resume();
      return;
    }
    const early = rare.early;
    rare.early = null;
    if (early !== null) for (const message of early) handler.data(message);
    if (rare.closedWith >= 0) queueMicrotask(() => this.finish());
    else this.#ws.resume();
  }

  static #onMessage(this: Owned, data: Buffer, isBinary: boolean): void {
    const connection = this[OWNER];
    if (!isBinary) {
      connection.rareNow().error ??= new SocketError('Protocol', 'a text message arrived: packets travel as binary messages; connection closed (1003)');
      connection.#ws.close(1003, 'binary messages only');
      return;
    }
    const handler = connection.#handler;
    if (handler !== null) handler.data(data);
    else (connection.rareNow().early ??= []).push(data);
  }

  static #onError(this: Owned, cause: Error & { code?: string }): void {
    const connection = this[OWNER];
    const tooLarge = cause.code === 'WS_ERR_UNSUPPORTED_MESSAGE_LENGTH';
    connection.rareNow().error ??= new SocketError(tooLarge ? 'TooLarge' : 'Protocol', `WebSocket from ${connection.remoteAddress}:${connection.remotePort}: ${cause.message}`, {
      code: cause.code,
      cause,
    });
  }

  static #onClose(this: Owned, code: number): void {
    const connection = this[OWNER];
    connection.rareNow().closedWith = code;
    if (connection.#handler !== null) connection.finish();
  }

  /** Tells the handler how the connection ended: `end` when the peer closed cleanly, then `close`. */
  private finish(): void {
    const handler = this.#handler as StreamHandler;
    const rare = this.rareNow();
    const error = rare.error ?? errorOfCode(rare.closedWith, `WebSocket ${this.remoteAddress}:${this.remotePort}`);
    if (error === undefined) handler.end();
    handler.close(error);
  }

  write(data: Uint8Array, written?: () => void): boolean {
    const ws = this.#ws;
    if (ws.readyState !== OPEN) {
      if (written !== undefined) queueMicrotask(written);
      return false;
    }
    ws.send(data, written);
    return this.room();
  }

  writeMessage(payload: Uint8Array): boolean {
    const ws = this.#ws;
    if (ws.readyState !== OPEN) return false;
    // One frame in one buffer, framed by ws's own Sender.frame as ws.send frames it, written to
    // the socket: a client's masked into a new buffer (the mask is never zero, see nonZeroMask),
    // a server's header then a copy of the payload. The caller's bytes are not kept, and ws's
    // two option objects per send are saved. ws writes its own frames (pongs, close) to the same
    // socket at once, as whole frames, and never queues one (no compression, no blobs), so the
    // order is kept.
    this.#socket.write((this.#flags & MASKS) !== 0 ? clientFrame(payload) : serverFrame(payload));
    return this.room();
  }

  afterWrites(callback: () => void): void {
    const socket = this.#socket;
    if (this.#ws.readyState !== OPEN || socket.destroyed || socket.writableEnded) queueMicrotask(callback);
    else socket.write(NOTHING, () => callback());
  }

  /** `true` while the socket is under its mark; else `false`, with its 'drain' as the handler's. */
  private room(): boolean {
    const socket = this.#socket;
    if (!socket.writableNeedDrain) return true;
    // The socket emits 'drain' only after it was over its mark: listen from the first time on.
    const rare = this.rareNow();
    if (rare.drain === null) socket.on('drain', (rare.drain = () => this.#handler?.drain()));
    return false;
  }

  pause(): void {
    this.#ws.pause();
  }

  resume(): void {
    if (this.#handler !== null) this.#ws.resume();
  }

  shutdownOutput(): void {
    this.#ws.close(1000);
  }

  destroy(): void {
    this.#ws.terminate();
  }

  close(): void {
    // The close frame goes after the queued messages; ws drops the socket if the peer has not
    // answered it within its closeTimeout (set by the transport).
    this.#ws.close(1000);
  }

  ping(answered: () => void): void {
    const ws = this.#ws;
    if (ws.readyState !== OPEN) return;
    const rare = this.rareNow();
    if (rare.answered === null) (ws as EventEmitter).on('pong', NodeWebSocketConnection.#onPong);
    rare.answered = answered;
    ws.ping();
  }

  static #onPong(this: Owned): void {
    this[OWNER].#rare?.answered?.();
  }

  setNoDelay(noDelay: boolean): void {
    this.#socket.setNoDelay(noDelay);
  }

  setKeepAlive(enable: boolean, initialDelayMs: number): void {
    this.#socket.setKeepAlive(enable, initialDelayMs);
  }
}


/** The failure a close code reports, or `undefined` for a clean close (and for an application's own codes, 3000 and up). */
export function errorOfCode(code: number, where: string): SocketError | undefined {
  if (CLEAN_CODES.has(code) || code >= 3000) return undefined;
  if (code === 1006) return new SocketError('Reset', `${where}: the connection was dropped without a close frame (1006)`, { code: 'ECONNRESET' });
  if (code === 1009) return new SocketError('TooLarge', `${where}: the peer closed: a message was above its size limit (1009)`);
  return new SocketError('Protocol', `${where}: the peer closed with code ${code}`);
}
