import { answerEmpty } from '../core/pacing.js';
import { DISCONNECTED, DONE, NOT_READY, NOT_READY_NOW, NOTHING_RECEIVED, NOTHING_RECEIVED_NOW, NOTHING_SENT, NOTHING_SENT_NOW, failed, withNoData } from '../core/results.js';
import { copyBytes } from '../core/copyBytes.js';
import { SocketError } from '../core/SocketError.js';
import type { ReceiveResult, SendResult, StatusResult } from '../core/SocketResult.js';
import { SocketStatus } from '../core/SocketStatus.js';
import { Packet, acceptReceived, clearReceived, payloadForSend } from '../packet/Packet.js';
import type { WebSocketConstructor, WebSocketLike } from './WebSocketLike.js';
import { connectFailure } from './connectFailure.js';

/**
 * Limits and the `WebSocket` implementation of a {@link BrowserSocket}.
 *
 * @example
 * ```ts
 * const options: BrowserSocketOptions = { maxPacketSize: 64 * 1024, sendBufferSize: 256 * 1024 };
 * ```
 */
export interface BrowserSocketOptions {
  /** The largest message accepted; a larger one closes the connection (1009) and is reported `TooLarge`. Default 4 MiB. */
  readonly maxPacketSize?: number;
  /** Bytes received and not yet taken; past this the connection is closed (1008), since a browser cannot pause a WebSocket. Default 16 MiB. */
  readonly receiveBufferSize?: number;
  /** Bytes queued for sending above which a send waits (blocking) or answers `NotReady` (non-blocking). Default 1 MiB. */
  readonly sendBufferSize?: number;
  /** The `WebSocket` constructor; default `globalThis.WebSocket`. */
  readonly WebSocket?: WebSocketConstructor;
  /**
   * After a failed connect, ask the server's URL once over HTTP (a `GET` without credentials,
   * `http://` for `ws://`, `https://` for `wss://`) to tell a refused upgrade (`Security`: a
   * server answers there) from nothing listening (`Refused`); default `true`. `false` reports
   * every such failure as `Refused`.
   */
  readonly probe?: boolean;
}

/** How often a blocking send looks at `bufferedAmount` again (a browser WebSocket has no drain event). */
const SEND_POLL_MS = 10;
const OPEN = 1;

/** A receive waiting for a message or the close. */
type Waiter = () => void;

/**
 * A client socket in the browser, over the browser's own `WebSocket`, with `TcpSocket`'s calls
 * and statuses: `connect`, `send`, `receive`, blocking or non-blocking polling.
 *
 * @remarks
 * One `Packet` travels as one binary WebSocket message: the server is a `TcpListener` over
 * `NodeWebSocketTransport`, which hands each browser out as a `TcpSocket`. Statuses:
 * - `receive` answers `Done` with the next message, `NotReady` when non-blocking and none is
 *   there, `Disconnected` after a clean close (1000, 1001, none), and `Error` once after a
 *   failure: `TooLarge` when a message broke a size limit (the server's, close code 1009, or this
 *   socket's `maxPacketSize`), `Reset` for a dropped connection (1006), `Protocol` for other codes.
 * - `send` answers `Done` once the message is queued and the browser's buffer is under
 *   `sendBufferSize`; non-blocking, `NotReady` while it is over (a message is never split).
 * - `connect` answers `Error` when no WebSocket could be opened. A browser reports every such
 *   failure alike (close code 1006, no reason), so the socket tells apart what it can: `Timeout`
 *   when its own `timeoutMs` ran out; `Security` when the browser itself forbade it at once
 *   (it throws `SecurityError`, e.g. for `ws://` from an `https://` page) or when a server answers HTTP at that URL
 *   but refused the upgrade (its policy: the Origin or the address not allowed — or a wrong
 *   path, which the browser does not let us tell from a policy); `Refused` when nothing answers
 *   there (nothing listens, the host cannot be reached, a `wss://` certificate is not trusted, or
 *   a port browsers block: the browser does not tell which). The last two are told apart by the `probe` option's one
 *   HTTP request. A URL the browser cannot parse is a misuse: `connect` rejects with a
 *   `TypeError`.
 *
 * Imports no Node module: it is the client of the `sfnet/browser` entry.
 *
 * @example
 * ```ts
 * const socket = new BrowserSocket();
 * if ((await socket.connect('ws://localhost:8080/game')).status === SocketStatus.Done) {
 *   await socket.send(new Packet().writeString('hello'));
 *   const reply = new Packet();
 *   if ((await socket.receive(reply)).status === SocketStatus.Done) console.log(reply.readString());
 * }
 * ```
 */
export class BrowserSocket {
  readonly #maxPacketSize: number;
  readonly #receiveBufferSize: number;
  readonly #sendBufferSize: number;
  readonly #make: WebSocketConstructor;
  readonly #probe: boolean;
  #ws: WebSocketLike | null = null;
  #blocking = true;
  #messages: Uint8Array[] = [];
  #queued = 0;
  #closed: StatusResult | null = null;
  #waiters: Waiter[] = [];
  #connecting: Promise<StatusResult> | null = null;
  #connectResult: StatusResult | null = null;

  /**
   * Creates an unconnected socket, in blocking mode.
   *
   * @param options - limits, and the `WebSocket` constructor (the browser's by default).
   * @throws TypeError when no `WebSocket` is available.
   * @example
   * ```ts
   * const socket = new BrowserSocket({ maxPacketSize: 64 * 1024 });
   * ```
   */
  constructor(options: BrowserSocketOptions = {}) {
    const make = options.WebSocket ?? (globalThis as { WebSocket?: WebSocketConstructor }).WebSocket;
    if (typeof make !== 'function') throw new TypeError('BrowserSocket: no WebSocket in this environment; pass options.WebSocket');
    this.#make = make;
    this.#probe = options.probe ?? true;
    this.#maxPacketSize = size('maxPacketSize', options.maxPacketSize, 4 * 1024 * 1024);
    this.#receiveBufferSize = size('receiveBufferSize', options.receiveBufferSize, 16 * 1024 * 1024);
    this.#sendBufferSize = size('sendBufferSize', options.sendBufferSize, 1024 * 1024);
  }

  /**
   * Connects to a WebSocket server (`ws://` or `wss://` URL), closing first if connected.
   *
   * @remarks
   * Blocking: resolves once open or failed. Non-blocking: answers `NotReady` while opening; call
   * it again (any URL) for the outcome, as with `TcpSocket`.
   *
   * @param url - the server's URL, e.g. `'ws://localhost:8080/game'`.
   * @param timeoutMs - give up after this many milliseconds; 0 (default) waits as long as the browser does.
   * @returns `Done`; `Error` (`Refused`, `Security`, `Timeout`: see the class remarks); `NotReady`
   *   in non-blocking mode while opening.
   * @throws TypeError (as a rejection) for a URL that is not `ws:` or `wss:`, or that the
   *   browser cannot parse (e.g. with a `#fragment`).
   * @example
   * ```ts
   * const { status, error } = await socket.connect('wss://game.example/play', 5000);
   * ```
   */
  connect(url: string, timeoutMs = 0): Promise<StatusResult> {
    if (this.#connecting !== null) {
      if (this.#blocking) return this.#connecting;
      const result = this.#connectResult;
      if (result === null) return answerEmpty(NOT_READY_NOW, NOT_READY);
      this.#connecting = null;
      this.#connectResult = null;
      return Promise.resolve(result);
    }
    if (typeof url !== 'string' || !/^wss?:\/\//i.test(url)) return Promise.reject(new TypeError(`BrowserSocket.connect: expected a ws:// or wss:// URL, got ${String(url)}`));
    this.disconnect();
    let ws: WebSocketLike;
    try {
      ws = new this.#make(url);
    } catch (cause) {
      // The browser's own refusals: a URL it cannot parse (SyntaxError: a misuse), a port it
      // blocks or an insecure URL from a secure page (SecurityError).
      if ((cause as { name?: unknown } | null)?.name !== 'SecurityError') {
        return Promise.reject(new TypeError(`BrowserSocket.connect: not a WebSocket URL the browser accepts: ${url} (${String(cause)})`, { cause }));
      }
      const denied = failed(new SocketError('Security', `connect ${url}: the browser forbids it (${String(cause)})`, { cause }));
      if (this.#blocking) return Promise.resolve(denied);
      this.#connecting = Promise.resolve((this.#connectResult = denied));
      return Promise.resolve(NOT_READY);
    }
    const opening = this.#open(ws, url, timeoutMs).then((result) => (this.#connectResult = result));
    if (this.#blocking) {
      return opening.then((result) => {
        this.#connectResult = null;
        return result;
      });
    }
    this.#connecting = opening;
    return Promise.resolve(NOT_READY);
  }

  #open(ws: WebSocketLike, url: string, timeoutMs: number): Promise<StatusResult> {
    const deadline = timeoutMs > 0 ? Date.now() + timeoutMs : 0;
    return new Promise((settle) => {
      ws.binaryType = 'arraybuffer';
      this.#ws = ws;
      this.#closed = null;
      const timer = timeoutMs > 0 ? setTimeout(() => finish(failed(new SocketError('Timeout', `connect ${url}: no answer within ${timeoutMs} ms`))), timeoutMs) : undefined;
      let settled = false;
      const finish = (result: StatusResult): void => {
        if (settled) return;
        settled = true;
        clearTimeout(timer);
        if (result.status !== SocketStatus.Done) {
          ws.onclose = null;
          ws.close();
          if (this.#ws === ws) this.#ws = null;
        }
        settle(result);
      };
      ws.onopen = () => {
        if (this.#ws !== ws) return;
        ws.onclose = (event) => this.#onClose(ws, event.code, event.reason);
        finish(DONE);
      };
      ws.onclose = (event) => {
        ws.onclose = null;
        void connectFailure(url, event.code, deadline, this.#probe).then(finish);
      };
      ws.onerror = () => undefined;
      ws.onmessage = (event) => this.#onMessage(ws, event.data);
    });
  }

  #onMessage(ws: WebSocketLike, data: unknown): void {
    if (this.#ws !== ws) return;
    if (!(data instanceof ArrayBuffer)) return this.#fail(ws, 1003, new SocketError('Protocol', 'a text message arrived: packets travel as binary messages'));
    if (data.byteLength > this.#maxPacketSize) {
      return this.#fail(ws, 1009, new SocketError('TooLarge', `a message of ${data.byteLength} bytes exceeds maxPacketSize ${this.#maxPacketSize}`));
    }
    if (this.#queued + data.byteLength > this.#receiveBufferSize) {
      return this.#fail(ws, 1008, new SocketError('TooLarge', `more than receiveBufferSize ${this.#receiveBufferSize} bytes received and not taken`));
    }
    this.#messages.push(new Uint8Array(data));
    this.#queued += data.byteLength;
    this.#wake();
  }

  #onClose(ws: WebSocketLike, code: number, reason: string): void {
    if (this.#ws !== ws || this.#closed !== null) return;
    this.#closed = closeResult(code, reason);
    this.#wake();
  }

  /** Closes with `code` after a limit or protocol violation; what was queued is dropped. */
  #fail(ws: WebSocketLike, code: number, error: SocketError): void {
    this.#messages = [];
    this.#queued = 0;
    this.#closed = failed(error);
    ws.close(code);
    this.#wake();
  }

  #wake(): void {
    const waiters = this.#waiters;
    this.#waiters = [];
    for (const wake of waiters) wake();
  }

  /**
   * Sends a packet (or raw bytes) as one binary message.
   *
   * @param data - the packet (its `onSend` runs) or the bytes; copied, so it may be reused at once.
   * @returns `Done` with the bytes sent; `NotReady` (non-blocking) while the buffer is over
   *   `sendBufferSize`; `Disconnected` or `Error` once the connection is gone.
   * @throws TypeError (as a rejection) when never connected.
   * @example
   * ```ts
   * await socket.send(new Packet().writeFloat32(x).writeFloat32(y));
   * ```
   */
  async send(data: Packet | Uint8Array): Promise<SendResult> {
    const ws = this.#ws;
    if (ws === null) {
      if (this.#closed !== null) return { ...this.#takeEnd(), sent: 0 };
      throw new TypeError('BrowserSocket.send: not connected');
    }
    if (ws.readyState !== OPEN) return { ...this.#takeEnd(), sent: 0 };
    if (ws.bufferedAmount > this.#sendBufferSize) {
      if (!this.#blocking) return answerEmpty(NOTHING_SENT_NOW, NOTHING_SENT);
      while (ws.bufferedAmount > this.#sendBufferSize && ws.readyState === OPEN) await new Promise((wake) => setTimeout(wake, SEND_POLL_MS));
      if (ws.readyState !== OPEN) return { ...this.#takeEnd(), sent: 0 };
    }
    const payload = payloadForSend(data);
    ws.send(copyBytes(payload));
    return { status: SocketStatus.Done, sent: payload.length };
  }

  /**
   * Receives the next message into a packet, or up to `maxBytes` bytes of it.
   *
   * @returns `Done`; `NotReady` (non-blocking, nothing there); `Disconnected` after a clean
   *   close; `Error` once after a failure (then `Disconnected`).
   * @throws TypeError (as a rejection) when never connected.
   * @example
   * ```ts
   * const packet = new Packet();
   * while ((await socket.receive(packet)).status === SocketStatus.Done) handle(packet);
   * ```
   */
  receive(target: Packet): Promise<StatusResult>;
  receive(maxBytes: number): Promise<ReceiveResult>;
  async receive(target: Packet | number): Promise<StatusResult | ReceiveResult> {
    if (this.#ws === null && this.#closed === null) throw new TypeError('BrowserSocket.receive: not connected');
    for (;;) {
      const message = this.#messages[0];
      if (message !== undefined) return this.#take(message, target);
      if (this.#closed !== null || this.#ws === null) {
        const end = this.#takeEnd();
        if (target instanceof Packet) clearReceived(target);
        return target instanceof Packet ? end : withNoData(end);
      }
      if (!this.#blocking) return target instanceof Packet ? answerEmpty(NOT_READY_NOW, NOT_READY) : answerEmpty(NOTHING_RECEIVED_NOW, NOTHING_RECEIVED);
      await new Promise<void>((wake) => this.#waiters.push(wake));
    }
  }

  #take(message: Uint8Array, target: Packet | number): StatusResult | ReceiveResult {
    if (target instanceof Packet) {
      this.#messages.shift();
      this.#queued -= message.length;
      acceptReceived(target, message);
      return DONE;
    }
    if (target >= message.length) {
      this.#messages.shift();
      this.#queued -= message.length;
      return { status: SocketStatus.Done, data: message };
    }
    this.#messages[0] = message.subarray(target);
    this.#queued -= target;
    return { status: SocketStatus.Done, data: message.subarray(0, target) };
  }

  /** The end to report: a failure once, then `Disconnected`. */
  #takeEnd(): StatusResult {
    const end = this.#closed ?? DISCONNECTED;
    if (end.status === SocketStatus.Error) this.#closed = DISCONNECTED;
    return end;
  }

  /**
   * Closes the connection (close code 1000); queued messages are dropped. Does nothing when not connected.
   *
   * @example
   * ```ts
   * socket.disconnect();
   * ```
   */
  disconnect(): void {
    const ws = this.#ws;
    this.#ws = null;
    this.#messages = [];
    this.#queued = 0;
    this.#connecting = null;
    this.#connectResult = null;
    if (ws !== null) {
      ws.onclose = null;
      ws.onmessage = null;
      ws.close(1000);
    }
    this.#closed = DISCONNECTED;
    this.#wake();
  }

  /**
   * Sets blocking (the default) or non-blocking mode, as `TcpSocket.setBlocking`.
   *
   * @example
   * ```ts
   * socket.setBlocking(false); // poll each frame
   * ```
   */
  setBlocking(blocking: boolean): void {
    if (typeof blocking !== 'boolean') throw new TypeError('BrowserSocket.setBlocking: expected a boolean');
    this.#blocking = blocking;
  }

  /**
   * Whether the socket is in blocking mode.
   *
   * @returns `true` by default.
   */
  isBlocking(): boolean {
    return this.#blocking;
  }

  /**
   * Whether the connection is open now.
   *
   * @returns `true` between a successful `connect` and the close.
   */
  isConnected(): boolean {
    return this.#ws !== null && this.#ws.readyState === OPEN && this.#closed === null;
  }
}

/** What a close code reports: clean codes (and application codes, 3000 and up) `Disconnected`, others an `Error`. */
function closeResult(code: number, reason: string): StatusResult {
  if (code === 1000 || code === 1001 || code === 1005 || code >= 3000) return DISCONNECTED;
  const why = reason === '' ? '' : `: ${reason}`;
  if (code === 1009) return failed(new SocketError('TooLarge', `the server closed: a message was above its size limit (1009)${why}`));
  if (code === 1006) return failed(new SocketError('Reset', 'the connection was dropped without a close frame (1006)'));
  return failed(new SocketError('Protocol', `the server closed with code ${code}${why}`));
}

function size(name: string, value: number | undefined, fallback: number): number {
  if (value === undefined) return fallback;
  if (!Number.isInteger(value) || value < 1) throw new RangeError(`BrowserSocket: ${name} must be a positive integer, got ${String(value)}`);
  return value;
}
