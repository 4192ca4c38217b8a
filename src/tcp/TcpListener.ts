import { IpAddress } from '../address/IpAddress.js';
import { answerEmpty } from '../core/pacing.js';
import { DISCONNECTED, DONE, NOT_READY, failed } from '../core/results.js';
import { Socket } from '../socket/Socket.js';
import { SocketError } from '../core/SocketError.js';
import type { StatusResult } from '../core/SocketResult.js';
import { checkPort } from '../socket/validate.js';
import type { SocketContext, SocketOptions } from '../socket/SocketContext.js';
import type { StreamConnection, StreamServer } from '../transport/StreamTransport.js';
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
   * @throws TypeError / RangeError for a bad port or address.
   * @example
   * ```ts
   * await listener.listen(0, IpAddress.LocalHostV6);
   * console.log(listener.getLocalPort());
   * ```
   */
  async listen(port: number, address: IpAddress | string = IpAddress.Any): Promise<StatusResult> {
    checkPort('TcpListener.listen', port, true);
    if (!(address instanceof IpAddress) && typeof address !== 'string') {
      throw new TypeError('TcpListener.listen: address must be an IpAddress or an IP literal string');
    }
    const local = address instanceof IpAddress ? address : IpAddress.tryParse(address);
    if (local === null) throw new TypeError(`TcpListener.listen: ${JSON.stringify(address)} is not an IPv4 or IPv6 literal`);
    if (this.#server !== null) await this.close();
    const generation = ++this.#generation;
    const denied = this.context.gate.listenDenial(port, local);
    if (denied !== undefined) return failed(denied);
    try {
      const server = await this.context.streamTransport.listen({ host: local.toString(), port, backlog: BACKLOG }, (c) =>
        this.#admit(c, generation),
      );
      if (generation !== this.#generation) {
        await server.close();
        return DISCONNECTED;
      }
      this.#server = server;
      this.#closed = false;
      return DONE;
    } catch (cause) {
      return failed(SocketError.is(cause) ? cause : new SocketError('System', `listen on port ${port} failed`, { cause }));
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
   * @throws TypeError when `socket` is not a `TcpSocket` or the listener is not listening.
   * @example
   * ```ts
   * const client = new TcpSocket();
   * const { status } = await listener.accept(client);
   * ```
   */
  accept(socket: TcpSocket): Promise<StatusResult> {
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
    if (!this.isBlocking()) return answerEmpty(Promise.resolve(NOT_READY), NOT_READY);
    return new Promise((settle) => this.#waiters.push({ socket, settle }));
  }

  /**
   * Stops listening. Clients not yet accepted are closed; blocking `accept` calls settle
   * `Disconnected`. Connections already accepted are not affected.
   *
   * @returns a Promise that settles when the port is released.
   * @example
   * ```ts
   * await listener.close();
   * ```
   */
  async close(): Promise<void> {
    this.#generation++;
    const server = this.#server;
    this.#server = null;
    this.#closed = true;
    for (const connection of this.#pending.splice(0)) connection.destroy();
    for (const waiter of this.#waiters.splice(0)) waiter.settle(DISCONNECTED);
    this.readiness.set(false);
    await server?.close();
  }

  /**
   * Closes the listener at the end of an `await using` block.
   *
   * @example
   * ```ts
   * { await using listener = new TcpListener(); await listener.listen(0); }
   * ```
   */
  async [Symbol.asyncDispose](): Promise<void> {
    await this.close();
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
    return this.#server === null ? null : IpAddress.tryParse(this.#server.localAddress);
  }

  /**
   * Whether the listener is listening now.
   *
   * @returns `true` between a successful `listen` and `close`.
   * @example
   * ```ts
   * listener.isListening();
   * ```
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

  /** A client arrived: ask `checkAccept`, then hand it to a waiting `accept` or queue it. */
  #admit(connection: StreamConnection, generation: number): void {
    const address = IpAddress.tryParse(connection.remoteAddress);
    if (generation !== this.#generation || address === null || !this.context.gate.admits('TcpListener', address, connection.remotePort)) {
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
