import type { IncomingMessage, Server as HttpServer } from 'node:http';
import type { Socket } from 'node:net';
import type { Duplex } from 'node:stream';
import type { ClientOptions, ServerOptions, WebSocketServer } from 'ws';
import { httpModule, httpsModule } from './lazyBuiltins.js';
import { loadWs, nonZeroMask } from './wsModule.js';
import { SocketError } from '../../core/SocketError.js';
import { DEFAULT_LIMITS, type SocketLimits } from '../../services/SocketLimits.js';
import type { TlsClientOptions, TlsServerOptions } from '../../transport/TlsOptions.js';
import type { ConnectOptions, ListenOptions, StreamConnection, StreamServer, StreamTransport } from '../../transport/StreamTransport.js';
import { LINGER_MS, type LocalEnd } from './NodeStreamConnection.js';
import { HandshakeCount } from './HandshakeCount.js';
import { NodeWebSocketConnection } from './NodeWebSocketConnection.js';
import { fixedLocalEnd, listenRetryingStale, startListening } from './serverListening.js';
import { toSocketError } from './systemErrors.js';
import { clientSettings, serverSettings } from './tlsSettings.js';

/**
 * An application's `node:http` or `node:https` server, as the transport sees it (described by
 * shape, so no Node type appears in the package's declarations): it listens to its `'upgrade'`
 * events.
 *
 * @example
 * ```ts
 * const { createServer } = await import('node:http');
 * const web: WebServer = createServer((request, response) => response.end('my pages'));
 * const transport = new NodeWebSocketTransport({ server: web, path: '/play' });
 * ```
 */
export interface WebServer {
  /** Whether it listens already. */
  readonly listening: boolean;
  /** Adds an event listener (`node:http`'s `on`). */
  on(event: string, listener: (...args: unknown[]) => void): unknown;
  /** Removes an event listener (`node:http`'s `off`). */
  off(event: string, listener: (...args: unknown[]) => void): unknown;
}

/**
 * How a {@link NodeWebSocketTransport} listens and connects.
 *
 * @example
 * ```ts
 * const options: WebSocketTransportOptions = { path: '/game', tls: { server: { certChain, key } } };
 * ```
 */
export interface WebSocketTransportOptions {
  /** The URL path clients connect to (`'/'` by default); an upgrade to another path is answered 404 on a server the transport started. */
  readonly path?: string;
  /**
   * An HTTP(S) server of the application to take WebSocket clients on, next to its own pages,
   * instead of a server the transport starts. `listen` listens on it when it is not listening
   * yet (and `close` then closes it); when it already listens, `listen`'s port and address are
   * ignored and `close` only stops taking clients.
   */
  readonly server?: WebServer;
  /** `wss://`: the TLS options to listen with (`server`) and to connect with (`client`). */
  readonly tls?: {
    /** The certificate and key to listen with (an HTTPS server). */
    readonly server?: TlsServerOptions;
    /** How to verify servers when connecting (verification is on by default). */
    readonly client?: TlsClientOptions;
  };
  /** The `Origin` header this transport's clients send (a browser sends its page's own). */
  readonly origin?: string;
  /**
   * How long a client may take to send its upgrade request, in milliseconds; default 10 000. On
   * a server the transport started, at most `handshakeQueueSize` (a {@link SocketLimits} field)
   * connections may be that far at once; more are closed as they arrive.
   */
  readonly handshakeTimeoutMs?: number;
}

/** ws's options are 32-bit integers, and 0 means "no limit": a limit is kept within 1 … 2³¹−1. */
function int32Limit(value: number): number {
  return Math.max(1, Math.min(value, 0x7fffffff));
}

/** ws settings shared by both ends: the SDK's limits, no compression (its memory is unbounded per connection), binary as Buffers. */
function wsLimits(limits: SocketLimits): { maxPayload: number; maxFragments: number; maxBufferedChunks: number; perMessageDeflate: false; closeTimeout: number } {
  return {
    maxPayload: int32Limit(limits.maxPacketSize),
    maxFragments: int32Limit(limits.maxMessageFragments),
    maxBufferedChunks: int32Limit(limits.maxMessageChunks),
    perMessageDeflate: false,
    closeTimeout: LINGER_MS,
  };
}

/** Ignores an error (one function shared by every socket). */
function ignore(): void {}

/** Answers an upgrade request with an HTTP error and drops it (nothing of the WebSocket protocol is sent). */
function refuse(socket: Duplex, status: number, reason: string): void {
  if (socket.writable) socket.end(`HTTP/1.1 ${status} ${reason}\r\nConnection: close\r\nContent-Length: 0\r\n\r\n`);
  socket.destroy();
}

/**
 * WebSocket over `ws`, behind the stream interface: give it to a `TcpListener` to accept browser
 * (and other WebSocket) clients as `TcpSocket`s, or to a `TcpSocket` to connect to such a server.
 *
 * @remarks
 * The connections are message-oriented: one binary message is one `Packet`, with no size
 * prefix (`ws` has already cut the stream into messages). `ws` enforces the socket's limits
 * while it parses: a message above `maxPacketSize` closes the connection with 1009, one in more
 * than `maxMessageFragments` fragments or held in more than `maxMessageChunks` chunks with 1008,
 * so a hostile client costs a bounded amount of memory and loses only its own connection.
 * Compression is off.
 *
 * A listener asks its security checks (`checkAccept` on the client's address, then
 * `checkOrigin` on its `Origin` header) before the upgrade completes: a denied client is
 * answered `403 Forbidden` and never handed out. Raw `send(bytes)` sends one message;
 * `receive(maxBytes)` reads from one message and never across into the next.
 *
 * @example
 * ```ts
 * const listener = new TcpListener({ streamTransport: new NodeWebSocketTransport({ path: '/game' }) });
 * await listener.listen(8080); // ws://host:8080/game
 * const client = new TcpSocket({ streamTransport: new NodeWebSocketTransport({ path: '/game' }) });
 * await client.connect('127.0.0.1', 8080);
 * ```
 */
export class NodeWebSocketTransport implements StreamTransport {
  readonly #options: WebSocketTransportOptions;
  readonly #path: string;

  /**
   * A transport for WebSocket clients, servers or both.
   *
   * @param options - the path, TLS, a server of the application's, the client's origin.
   * @throws TypeError when `path` does not start with `/`.
   * @example
   * ```ts
   * const transport = new NodeWebSocketTransport({ path: '/play', origin: 'https://game.example' });
   * ```
   */
  constructor(options: WebSocketTransportOptions = {}) {
    const path = options.path ?? '/';
    if (typeof path !== 'string' || !path.startsWith('/')) throw new TypeError(`NodeWebSocketTransport: path must start with '/', got ${JSON.stringify(path)}`);
    this.#options = options;
    this.#path = path;
  }

  async connect(options: ConnectOptions): Promise<StreamConnection> {
    if (options.path !== undefined) throw new TypeError('NodeWebSocketTransport.connect: Unix socket paths are not supported');
    const { WebSocket } = await loadWs();
    const tls = this.#options.tls?.client;
    const host = options.host.includes(':') ? `[${options.host}]` : options.host;
    const where = `${tls === undefined ? 'ws' : 'wss'}://${host}:${options.port}${this.#path}`;
    const settings: ClientOptions = {
      ...wsLimits(options.limits ?? DEFAULT_LIMITS),
      // node:tls settings, which ws hands to tls.connect (its own type names a narrower checkServerIdentity).
      ...((tls === undefined ? {} : clientSettings(tls, tls.serverName ?? options.name)) as ClientOptions),
      origin: this.#options.origin,
      followRedirects: false,
      generateMask: nonZeroMask,
    };
    if (options.timeoutMs !== undefined && options.timeoutMs > 0) settings.handshakeTimeout = options.timeoutMs;
    return new Promise((resolve, reject) => {
      const ws = new WebSocket(where, settings);
      let socket: Socket | null = null;
      const fail = (error: SocketError): void => {
        ws.removeAllListeners();
        ws.on('error', () => undefined);
        ws.terminate();
        reject(error);
      };
      ws.once('upgrade', (response: IncomingMessage) => (socket = response.socket));
      ws.once('unexpected-response', (_request, response: IncomingMessage) => {
        const status = response.statusCode ?? 0;
        const kind = status === 403 ? 'Security' : 'Refused';
        fail(new SocketError(kind, `connect ${where}: the server answered ${status} ${response.statusMessage ?? ''} instead of upgrading`));
      });
      ws.once('error', (cause: Error) => {
        const timedOut = /timed out/i.test(cause.message);
        fail(timedOut ? new SocketError('Timeout', `connect ${where}: no answer within ${options.timeoutMs} ms`, { code: 'ETIMEDOUT', cause }) : toSocketError(cause, `connect ${where}`));
      });
      ws.once('open', () => {
        ws.removeAllListeners();
        resolve(new NodeWebSocketConnection(ws, socket as Socket, false, true));
      });
    });
  }

  async listen(options: ListenOptions, onConnection: (connection: StreamConnection) => void): Promise<StreamServer> {
    const tls = this.#options.tls?.server;
    // A node:http or node:https server (https.Server has http.Server's listening API).
    const given = this.#options.server as HttpServer | undefined;
    const { WebSocketServer } = await loadWs();
    const wss = new WebSocketServer({ noServer: true, clientTracking: false, ...wsLimits(options.limits ?? DEFAULT_LIMITS) } satisfies ServerOptions);
    // The local end every connection shares when the server listens on one address (asked once).
    let local: LocalEnd | undefined;
    // Our own server's connections still in their handshake (TLS, then the HTTP upgrade request): bounded.
    const handshakes = given === undefined ? new HandshakeCount(options.limits) : null;
    const onUpgrade = (request: IncomingMessage, socket: Duplex, head: Buffer): void => {
      handshakes?.through(socket);
      this.#upgrade(wss, options, request, socket, head, onConnection, given === undefined, local);
    };
    if (given !== undefined && given.listening) {
      local = fixedLocalEnd(given.address());
      given.on('upgrade', onUpgrade);
      const address = given.address();
      const end = typeof address === 'object' && address !== null ? address : { address: String(address ?? ''), port: 0 };
      return { localAddress: end.address, localPort: end.port, close: () => Promise.resolve(void given.off('upgrade', onUpgrade)) };
    }
    return listenRetryingStale(options, () => {
      const server = given ?? (tls === undefined ? httpModule().createServer() : httpsModule().createServer(serverSettings(tls)));
      if (handshakes !== null) {
        server.on('connection', (raw: Socket) => handshakes.arrived(raw));
        server.headersTimeout = this.#options.handshakeTimeoutMs ?? 10_000;
        server.requestTimeout = server.headersTimeout;
        server.on('request', (_request, response) => response.writeHead(426, { Connection: 'close', Upgrade: 'websocket' }).end());
        server.on('tlsClientError', (_error: Error, socket: Duplex) => socket.destroy());
      }
      server.on('upgrade', onUpgrade);
      return startListening(server, options, (end) => (local = end)).catch((error: unknown) => {
        server.off('upgrade', onUpgrade);
        throw error;
      });
    });
  }

  /** One upgrade request: the path, then the listener's `admit` (address and origin), then the handshake by ws. */
  #upgrade(
    wss: WebSocketServer,
    options: ListenOptions,
    request: IncomingMessage,
    socket: Duplex,
    head: Buffer,
    onConnection: (connection: StreamConnection) => void,
    own: boolean,
    local: LocalEnd | undefined,
  ): void {
    const url = request.url ?? '/';
    const query = url.indexOf('?');
    if ((query < 0 ? url : url.slice(0, query)) !== this.#path) {
      // Another upgrade listener of the application's server may take it; ours answers 404.
      if (own) refuse(socket, 404, 'Not Found');
      return;
    }
    // One shared listener: a closure made here would keep this call's scope alive per connection.
    socket.on('error', ignore);
    const net = request.socket;
    if (net.remoteAddress === undefined) {
      socket.destroy();
      return;
    }
    const admit = options.admit;
    const origin = request.headers.origin ?? null;
    if (admit !== undefined && !admit({ remoteAddress: net.remoteAddress, remotePort: net.remotePort ?? 0, origin })) {
      refuse(socket, 403, 'Forbidden');
      return;
    }
    wss.handleUpgrade(request, socket, head, (ws) => onConnection(new NodeWebSocketConnection(ws, net, admit !== undefined, false, local)));
  }
}
