import { IpAddress } from '../address/IpAddress.js';
import { InheritedSocket } from '../address/InheritedSocket.js';
import { UnixSocketAddress } from '../address/UnixSocketAddress.js';
import { answerEmpty } from '../core/pacing.js';
import { DISCONNECTED, DONE, NOT_READY, NOT_READY_NOW, failed } from '../core/results.js';
import { Socket } from '../socket/Socket.js';
import { SocketError } from '../core/SocketError.js';
import type { StatusResult } from '../core/SocketResult.js';
import { SocketStatus } from '../core/SocketStatus.js';
import { checkPort, checkSize } from '../socket/validate.js';
import type { SocketContext, SocketOptions } from '../socket/SocketContext.js';
import type { ListenOptions, PeerRequest, StreamConnection, StreamServer } from '../transport/StreamTransport.js';
import { TcpSocket, attachConnection } from './TcpSocket.js';

/** The kernel backlog asked for, as SFML asks for `SOMAXCONN`. */
const BACKLOG = 4096;

/**
 * A listening TCP socket: SFML's `sf::TcpListener`, java.net's `ServerSocket`.
 *
 * @remarks
 * `checkListen` is asked before anything is bound, and `checkAccept` for every client as it
 * arrives: a denied client is closed at once and never returned by `accept`. A `checkAccept`
 * that throws something other than a `SecurityError` also refuses the client (it is logged as a
 * warning), since no caller is there to receive the exception. Admitted clients
 * wait in a queue bounded by the `acceptQueueSize` limit; beyond it new clients are closed, as
 * a full backlog would refuse them.
 *
 * @example
 * ```ts
 * const listener = new TcpListener();
 * await listener.listen(53000);
 * const client = new TcpSocket();
 * if ((await listener.accept(client)).status === SocketStatus.Done) {
 *   console.log('client from', String(client.getRemoteAddress()));
 * }
 * await listener.close();
 * ```
 */
export class TcpListener extends Socket {
  #server: StreamServer | null = null;
  #pending: StreamConnection[] = [];
  #waiters: Array<{ readonly socket: TcpSocket; readonly settle: (result: StatusResult) => void }> = [];
  #generation = 0;
  #closed = false;
  /** The Unix socket listened on, or `null` for TCP. */
  #path: UnixSocketAddress | null = null;

  /**
   * Creates a listener that is not listening yet, in blocking mode.
   *
   * @param options - services to use instead of the defaults; the container passes its own context.
   * @example
   * ```ts
   * const listener = new TcpListener({ securityManager: policy });
   * ```
   */
  constructor(options?: SocketOptions | SocketContext) {
    super(options);
  }

  /**
   * Starts listening on a port, closing first if already listening.
   *
   * @param port - the port; 0 lets the system pick a free one (read it with `getLocalPort`).
   * @param address - the local address, {@link IpAddress.Any} by default; `IpAddress.AnyV6`
   *   listens on IPv6 and IPv4.
   * @returns `Done`; `Error` with a {@link SecurityError} when `checkListen` denies (nothing is
   *   bound) or a {@link SocketError} such as `AddressInUse`.
   * @throws (as a rejection, never thrown) TypeError / RangeError for a bad port or address.
   * @example
   * ```ts
   * await listener.listen(0, IpAddress.LocalHostV6);
   * console.log(listener.getLocalPort());
   * ```
   */
  listen(port: number, address?: IpAddress | string): Promise<StatusResult>;
  /**
   * Starts listening on a Unix domain socket, closing first if already listening.
   *
   * @remarks
   * `checkPath('listen', path)` is asked first. A socket file left by a process that died is
   * removed and the path taken (a live listener's file, or a file that is not a socket, is never
   * touched: `AddressInUse`). Clients are asked about with `checkPath('accept', path)`, since a
   * Unix peer has no address. The file is removed again by `close`.
   *
   * @param path - the socket's address ({@link UnixSocketAddress.of} or `.abstract`).
   * @param options - `mode`: permissions for the socket file (e.g. `0o660`).
   * @returns `Done`; `Error` with a {@link SecurityError} or a {@link SocketError} such as `AddressInUse`.
   * @example
   * ```ts
   * await listener.listen(UnixSocketAddress.of('/run/game/game.sock'), { mode: 0o660 });
   * ```
   */
  listen(path: UnixSocketAddress, options?: { readonly mode?: number }): Promise<StatusResult>;
  /**
   * Listens on a socket this process inherited (systemd's socket activation): a TCP or Unix
   * stream socket already bound and listening.
   *
   * @remarks
   * The checks still apply: once adopted, `checkListen` (or `checkPath('listen', …)` for a Unix
   * socket) is asked about where it is bound, and a denial closes it; every client is asked about
   * as on any listener.
   *
   * @param inherited - the descriptor ({@link SystemdSockets.listeners}).
   * @returns `Done`; `Error` when it is not a listening stream socket or a check denies.
   * @example
   * ```ts
   * const [game] = SystemdSockets.listeners();
   * if (game !== undefined) await listener.listen(game);
   * ```
   */
  listen(inherited: InheritedSocket): Promise<StatusResult>;
  async listen(where: number | UnixSocketAddress | InheritedSocket, second?: IpAddress | string | { readonly mode?: number }): Promise<StatusResult> {
    if (where instanceof InheritedSocket) return this.#adopt(where);
    if (where instanceof UnixSocketAddress) {
      const mode = (second as { readonly mode?: number } | undefined)?.mode;
      if (mode !== undefined) checkSize('TcpListener.listen', 'mode', mode, 0, 0o777);
      const generation = this.#restart();
      const denied = this.context.gate.pathDenial('listen', where);
      if (denied !== undefined) return failed(denied);
      return this.#open({ host: '', port: 0, backlog: BACKLOG, path: where.path, mode }, where, generation);
    }
    const port = where;
    const address = second === undefined ? IpAddress.Any : (second as IpAddress | string);
    checkPort('TcpListener.listen', port, true);
    if (!(address instanceof IpAddress) && typeof address !== 'string') {
      throw new TypeError('TcpListener.listen: address must be an IpAddress, an IP literal string or a UnixSocketAddress');
    }
    const local = address instanceof IpAddress ? address : IpAddress.tryParse(address);
    if (local === null) throw new TypeError(`TcpListener.listen: ${JSON.stringify(address)} is not an IPv4 or IPv6 literal`);
    const generation = this.#restart();
    const denied = this.context.gate.listenDenial(port, local);
    if (denied !== undefined) return failed(denied);
    return this.#open({ host: local.toString(), port, backlog: BACKLOG }, null, generation);
  }

  /** Adopts an inherited listening socket, then asks the listen check about where it is bound. */
  async #adopt(inherited: InheritedSocket): Promise<StatusResult> {
    const generation = this.#restart();
    const opened = await this.#open({ host: '', port: 0, backlog: BACKLOG, fd: inherited.fd }, null, generation);
    const server = this.#server as StreamServer | null;
    if (opened.status !== SocketStatus.Done || server === null) return opened;
    const local = IpAddress.tryParse(server.localAddress);
    const path = local === null ? pathOf(server.localAddress) : null;
    const denied = local !== null ? this.context.gate.listenDenial(server.localPort, local) : this.context.gate.pathDenial('listen', path as UnixSocketAddress);
    if (denied !== undefined) {
      this.close();
      return failed(denied);
    }
    this.#path = path;
    return opened;
  }

  /** Closes what is listening (as `listen` promises) and starts a new generation: the one whose events count. */
  #restart(): number {
    if (this.#server !== null) this.close();
    return ++this.#generation;
  }

  /** Listens through the transport (the checks passed); `path` when it is a Unix socket. */
  async #open(options: ListenOptions, path: UnixSocketAddress | null, generation: number): Promise<StatusResult> {
    try {
      const asked = { ...options, limits: this.context.limits, admit: (peer: PeerRequest) => this.#admitsRequest(peer) };
      const server = await this.context.streamTransport.listen(asked, (c) => this.#admit(c, generation));
      if (generation !== this.#generation) {
        await server.close();
        return DISCONNECTED;
      }
      this.#server = server;
      this.#path = path;
      this.#closed = false;
      return DONE;
    } catch (cause) {
      return failed(SocketError.is(cause) ? cause : new SocketError('System', `listen on ${path === null ? `port ${options.port}` : String(path)} failed`, { cause }));
    }
  }

  /**
   * Accepts the next client into `socket`, disconnecting it first if it was connected.
   *
   * @remarks
   * Blocking mode waits for a client; non-blocking mode answers `NotReady` at once when none
   * is pending. Only clients the security manager admitted are ever returned.
   *
   * @param socket - the socket that takes the connection.
   * @returns `Done`; `NotReady` (non-blocking, no client); `Disconnected` when the listener is
   *   closed while waiting.
   * @throws (as a rejection, never thrown) TypeError when `socket` is not a `TcpSocket` or the listener is not listening.
   * @example
   * ```ts
   * const client = new TcpSocket();
   * const { status } = await listener.accept(client);
   * ```
   */
  accept(socket: TcpSocket): Promise<StatusResult> {
    try {
      if (!(socket instanceof TcpSocket)) throw new TypeError('TcpListener.accept: expected a TcpSocket');
      if (this.#server === null) {
        throw new TypeError(`TcpListener.accept: the listener is ${this.#closed ? 'closed' : 'not listening'}`);
      }
      const connection = this.#pending.shift();
      if (connection !== undefined) {
        this.readiness.set(this.#pending.length > 0);
        attachConnection(socket, connection);
        return Promise.resolve(DONE);
      }
      this.readiness.set(false);
      if (!this.isBlocking()) return answerEmpty(NOT_READY_NOW, NOT_READY);
      return new Promise((settle) => this.#waiters.push({ socket, settle }));
    } catch (error) {
      return Promise.reject(error);
    }
  }

  /**
   * Stops listening, at once. Clients not yet accepted are closed; blocking `accept` calls settle
   * `Disconnected`. Connections already accepted are not affected.
   *
   * @remarks
   * Like every close in the SDK (`TcpSocket.disconnect`, `UdpSocket.unbind`) it is synchronous,
   * as in SFML and java.net: when it returns the listener is closed and `node:net` has released
   * the port, so `listen` on the same port may follow at once. Calling it again does nothing.
   *
   * @example
   * ```ts
   * listener.close(); // closed, and the port released, when this returns
   * await new TcpListener().listen(port); // so the same port can be listened on at once
   * ```
   */
  close(): void {
    this.#generation++;
    const server = this.#server;
    this.#server = null;
    this.#closed = true;
    for (const connection of this.#pending.splice(0)) connection.destroy();
    for (const waiter of this.#waiters.splice(0)) waiter.settle(DISCONNECTED);
    this.readiness.set(false);
    void server?.close();
  }

  /**
   * Closes the listener at the end of a `using` (or `await using`) block.
   *
   * @example
   * ```ts
   * { using listener = new TcpListener(); await listener.listen(0); }
   * ```
   */
  [Symbol.dispose](): void {
    this.close();
  }

  /**
   * The port the listener is bound to.
   *
   * @returns the port (the chosen one after `listen(0)`); 0 when not listening.
   * @example
   * ```ts
   * await listener.listen(0);
   * const port = listener.getLocalPort();
   * ```
   */
  getLocalPort(): number {
    return this.#server?.localPort ?? 0;
  }

  /**
   * The address the listener is bound to.
   *
   * @returns the address; `null` when not listening.
   * @example
   * ```ts
   * listener.getLocalAddress()?.toString(); // '0.0.0.0'
   * ```
   */
  getLocalAddress(): IpAddress | null {
    return this.#server === null || this.#path !== null ? null : IpAddress.tryParse(this.#server.localAddress);
  }

  /**
   * The Unix socket the listener listens on.
   *
   * @returns the address; `null` when not listening or listening on TCP.
   * @example
   * ```ts
   * String(listener.getLocalPath()); // '/run/game/game.sock'
   * ```
   */
  getLocalPath(): UnixSocketAddress | null {
    return this.#server === null ? null : this.#path;
  }

  /**
   * Whether the listener is listening now.
   *
   * @returns `true` between a successful `listen` and `close`.
   */
  isListening(): boolean {
    return this.#server !== null;
  }

  /**
   * Whether `close()` was called (and no `listen` since): java.net's `ServerSocket.isClosed`.
   *
   * @returns `true` after `close()`.
   * @example
   * ```ts
   * await listener.close();
   * listener.isClosed(); // true
   * ```
   */
  isClosed(): boolean {
    return this.#closed;
  }

  /**
   * A client asking before its handshake completes (a WebSocket upgrade): `checkAccept` on its
   * address (or `checkPath` on a Unix listener), then `checkOrigin` when it sent an `Origin`
   * or the transport reports its absence.
   */
  #admitsRequest(peer: PeerRequest): boolean {
    const gate = this.context.gate;
    const path = this.#path;
    if (path !== null) return gate.admitsOnPath('TcpListener', path) && gate.admitsOrigin('TcpListener', peer.origin, null, 0);
    const address = IpAddress.tryParse(peer.remoteAddress);
    return address !== null && gate.admits('TcpListener', address, peer.remotePort) && gate.admitsOrigin('TcpListener', peer.origin, address, peer.remotePort);
  }

  /** A client arrived: ask `checkAccept`, then hand it to a waiting `accept` or queue it. */
  #admit(connection: StreamConnection, generation: number): void {
    const path = this.#path;
    const address = path === null ? IpAddress.tryParse(connection.remoteAddress) : null;
    const admitted =
      connection.admitted === true ||
      (path !== null ? this.context.gate.admitsOnPath('TcpListener', path) : address !== null && this.context.gate.admits('TcpListener', address, connection.remotePort));
    if (generation !== this.#generation || !admitted) {
      connection.destroy();
      return;
    }
    const waiter = this.#waiters.shift();
    if (waiter !== undefined) {
      attachConnection(waiter.socket, connection);
      waiter.settle(DONE);
    } else if (this.#pending.length < this.context.limits.acceptQueueSize) {
      this.#pending.push(connection);
      this.readiness.set(true);
    } else {
      this.context.logger.warn('TcpListener: accept queue full; client closed', { address: String(address) });
      connection.destroy();
    }
  }
}

/** The Unix socket address of a path the system reported (an abstract name starts with a NUL). */
function pathOf(reported: string): UnixSocketAddress {
  if (reported.startsWith('\0')) return UnixSocketAddress.abstract(reported.slice(1) || '?');
  return UnixSocketAddress.of(reported === '' ? '?' : reported);
}
