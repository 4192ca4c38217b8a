import type { SocketLimits } from '../services/SocketLimits.js';
import type { StreamConnection } from './StreamConnection.js';

export type { StreamConnection, StreamHandler } from './StreamConnection.js';

/**
 * Where and how to connect.
 *
 * @example
 * ```ts
 * const options: ConnectOptions = { host: '::1', port: 8080, timeoutMs: 2000 };
 * ```
 */
export interface ConnectOptions {
  /**
   * A numeric address: resolution and the security check happen above the transport.
   */
  readonly host: string;
  /**
   * The remote port.
   */
  readonly port: number;
  /**
   * Give up after this many milliseconds (0 or absent: the system's own timeout).
   */
  readonly timeoutMs?: number | undefined;
  /**
   * The host name the caller asked for, when it asked by name (absent for an address): a TLS
   * transport sends it as SNI and verifies the certificate against it.
   *
   * @example
   * ```ts
   * await transport.connect({ host: '127.0.0.1', port: 443, name: 'localhost' });
   * ```
   */
  readonly name?: string | undefined;
  /**
   * A Unix domain socket to connect to instead of `host`:`port` (a file system path, or a name
   * in Linux's abstract namespace starting with `'\0'`); `host` and `port` are then ignored.
   *
   * @example
   * ```ts
   * await transport.connect({ host: '', port: 0, path: '/run/game/game.sock' });
   * ```
   */
  readonly path?: string | undefined;
  /**
   * The limits of the socket that connects: a transport that parses messages itself (WebSocket)
   * bounds them by these; a byte stream ignores them (the socket bounds what it reads).
   *
   * @example
   * ```ts
   * await transport.connect({ host: '127.0.0.1', port: 8080, limits: DEFAULT_LIMITS });
   * ```
   */
  readonly limits?: SocketLimits | undefined;
}

/**
 * A client asking to be admitted before a transport completes its handshake: what a listener's
 * security check sees (the address and port, and the `Origin` a browser sent).
 *
 * @example
 * ```ts
 * const request: PeerRequest = { remoteAddress: '127.0.0.1', remotePort: 50123, origin: 'https://game.example' };
 * ```
 */
export interface PeerRequest {
  /** The client's address as the system reports it. */
  readonly remoteAddress: string;
  /** The client's port. */
  readonly remotePort: number;
  /** The `Origin` header of a WebSocket upgrade (`null` when the client sent none, as non-browser clients do). */
  readonly origin: string | null;
}

/**
 * Where and how to listen.
 *
 * @example
 * ```ts
 * const options: ListenOptions = { host: '127.0.0.1', port: 0, backlog: 511 };
 * ```
 */
export interface ListenOptions {
  /**
   * A numeric local address (`'0.0.0.0'`, `'::'`, `'127.0.0.1'`).
   */
  readonly host: string;
  /**
   * The port; 0 lets the system pick a free one.
   */
  readonly port: number;
  /**
   * The kernel's queue length for connections not yet accepted.
   */
  readonly backlog: number;
  /**
   * A Unix domain socket to listen on instead of `host`:`port` (a path, or `'\0'` and an abstract name).
   *
   * @example
   * ```ts
   * await transport.listen({ host: '', port: 0, backlog: 128, path: '/run/game/game.sock' }, onConnection);
   * ```
   */
  readonly path?: string | undefined;
  /**
   * Permissions given to a path socket's file once it exists (e.g. `0o660`); default: the umask's.
   *
   * @example
   * ```ts
   * await transport.listen({ host: '', port: 0, backlog: 128, path: '/run/game/game.sock', mode: 0o660 }, onConnection);
   * ```
   */
  readonly mode?: number | undefined;
  /**
   * Listen on this already-bound, listening socket (an inherited file descriptor, as systemd
   * passes them) instead of binding; `host`, `port` and `path` are then ignored.
   *
   * @example
   * ```ts
   * await transport.listen({ host: '', port: 0, backlog: 128, fd: 3 }, onConnection);
   * ```
   */
  readonly fd?: number | undefined;
  /**
   * Let several sockets — of this process or others — listen on the same address and port
   * (`SO_REUSEPORT`); the kernel spreads incoming connections over them. A transport that
   * cannot do it rejects the listen with a `TypeError`.
   *
   * @example
   * ```ts
   * await transport.listen({ host: '0.0.0.0', port: 7000, backlog: 511, reusePort: true }, onConnection);
   * ```
   */
  readonly reusePort?: boolean | undefined;
  /**
   * Asked, when the transport can, about each client before its handshake completes (a WebSocket
   * upgrade): `false` refuses it then, before any byte of the protocol is answered. A transport
   * that asked marks the connection {@link StreamConnection.admitted}; others leave the check to
   * the listener once the connection is handed over.
   *
   * @example
   * ```ts
   * await transport.listen({ host: '::1', port: 0, backlog: 128, admit: (peer) => peer.origin === 'https://game.example' }, onConnection);
   * ```
   */
  readonly admit?: ((peer: PeerRequest) => boolean) | undefined;
  /**
   * The limits of the listener: a transport that parses messages itself (WebSocket) bounds each
   * accepted connection by these; a byte stream ignores them.
   *
   * @example
   * ```ts
   * await transport.listen({ host: '::1', port: 0, backlog: 128, limits: DEFAULT_LIMITS }, onConnection);
   * ```
   */
  readonly limits?: SocketLimits | undefined;
}

/**
 * A listening stream socket.
 *
 * @example
 * ```ts
 * const server = await transport.listen({ host: '::1', port: 0, backlog: 128 }, onConnection);
 * console.log(server.localPort);
 * await server.close();
 * ```
 */
export interface StreamServer {
  /**
   * The local address it listens on.
   */
  readonly localAddress: string;
  /**
   * The local port it listens on (the chosen one after port 0).
   */
  readonly localPort: number;
  /**
   * Stops listening; resolves when the listening handle is released.
   */
  close(): Promise<void>;
}

/**
 * Opens stream connections and listeners: the TCP part of the platform layer.
 *
 * @remarks
 * Bind `Tokens.StreamTransport` to another implementation to run the SDK over something other
 * than `node:net`. Failures reject with a {@link SocketError} carrying the system code.
 *
 * @example
 * ```ts
 * const connection = await transport.connect({ host: '127.0.0.1', port: 5000, timeoutMs: 1000 });
 * ```
 */
export interface StreamTransport {
  /**
   * Opens a connection; rejects with a `SocketError` on failure or timeout.
   *
   * @example
   * ```ts
   * const connection = await transport.connect({ host: '127.0.0.1', port: 8080, timeoutMs: 1000 });
   * ```
   */
  connect(options: ConnectOptions): Promise<StreamConnection>;
  /**
   * Starts listening; each accepted connection is handed to `onConnection`.
   *
   * @example
   * ```ts
   * const server = await transport.listen({ host: '127.0.0.1', port: 0, backlog: 511 }, (connection) => connection.destroy());
   * ```
   */
  listen(options: ListenOptions, onConnection: (connection: StreamConnection) => void): Promise<StreamServer>;
}
