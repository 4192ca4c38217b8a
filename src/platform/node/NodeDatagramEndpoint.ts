import type { Socket } from 'node:dgram';
import { isIPv4 } from 'node:net';
import { settleablePromise, settlers } from '../../core/settlers.js';
import { SocketError } from '../../core/SocketError.js';
import type { BindOptions, DatagramEndpoint, DatagramSent } from '../../transport/DatagramTransport.js';
import { toSocketError } from './systemErrors.js';

/**
 * A bound `node:dgram` socket as a {@link DatagramEndpoint}: what `NodeDatagramTransport.bind`
 * gives.
 *
 * @remarks
 * Sends are answered through `dgram`'s completion callback; `close` answers those still in
 * flight with `ECANCELED` (dgram may never call back after a close). A connected endpoint sends
 * to its peer without naming it (dgram refuses an address then). Linux gives up the port of a
 * socket bound to port 0 when it is disconnected, where java.net re-binds the same descriptor;
 * `dgram` cannot bind a socket twice, so `disconnect` then binds a new socket to the same address
 * and port (datagrams the system had not yet handed over are lost with the old one).
 *
 * @example
 * ```ts
 * const endpoint = await new NodeDatagramTransport().bind({ host: '127.0.0.1', port: 0, family: 4 }, handler);
 * endpoint.sendWithCallback?.(bytes, '127.0.0.1', 54000, (error) => console.log(error?.code ?? 'sent'));
 * ```
 * @internal
 */
export class NodeDatagramEndpoint implements DatagramEndpoint {
  /**
   * The local address the socket is bound to.
   *
   * @example
   * ```ts
   * console.log(endpoint.localAddress); // '127.0.0.1'
   * ```
   */
  readonly localAddress: string;
  /**
   * The local port the socket is bound to.
   *
   * @example
   * ```ts
   * console.log(endpoint.localPort);
   * ```
   */
  readonly localPort: number;
  #socket: Socket;
  readonly #family: 4 | 6;
  readonly #rebind: (options: BindOptions, bound: (socket: Socket) => void) => Socket;
  readonly #inFlight: DatagramSent[] = [];
  #open = true;
  #broadcast = false;
  /** A socket made by `disconnect` is still binding. */
  #rebinding = false;
  /** Counts the sockets `disconnect` made: only the latest one's bind counts. */
  #rebinds = 0;
  /** The connected peer, as `connect` was given it. */
  #peer: { readonly address: string; readonly port: number } | null = null;

  /**
   * Wraps a bound socket.
   *
   * @param socket - the bound `dgram` socket.
   * @param family - its address family.
   * @param rebind - makes a new socket, binding to the given address and port, that delivers to
   *   the same handler and calls `bound` once bound (used by `disconnect`).
   * @example
   * ```ts
   * const endpoint = new NodeDatagramEndpoint(socket, 4, (options, bound) => rebind(options, handler, bound));
   * ```
   */
  constructor(socket: Socket, family: 4 | 6, rebind: (options: BindOptions, bound: (socket: Socket) => void) => Socket) {
    const bound = socket.address();
    this.localAddress = bound.address;
    this.localPort = bound.port;
    this.#socket = socket;
    this.#family = family;
    this.#rebind = rebind;
  }

  /**
   * Sends one datagram; resolves once the system took it.
   *
   * @example
   * ```ts
   * await endpoint.send(new Uint8Array([1]), '127.0.0.1', 54000);
   * ```
   */
  send(data: Uint8Array, address: string, port: number): Promise<void> {
    const promise = settleablePromise<void>();
    const { resolve, reject } = settlers;
    this.sendWithCallback(data, address, port, (error) => (error === null ? resolve(undefined) : reject(error)));
    return promise;
  }

  /**
   * Sends one datagram and answers `sent` once.
   *
   * @example
   * ```ts
   * endpoint.sendWithCallback(new Uint8Array([1]), '127.0.0.1', 54000, (error) => console.log(error?.code ?? 'sent'));
   * ```
   */
  sendWithCallback(data: Uint8Array, address: string, port: number, sent: DatagramSent): void {
    if (!this.#open) {
      sent(new SocketError('System', `send to ${address}:${port}: the endpoint is closed`, { code: 'ERR_SOCKET_DGRAM_NOT_RUNNING' }));
      return;
    }
    const peer = this.#peer;
    const toPeer = peer !== null && peer.address === address && peer.port === port;
    const inFlight = this.#inFlight;
    inFlight.push(sent);
    const settle = (cause: Error | null): void => {
      if (forget(inFlight, sent)) sent(cause ? toSocketError(cause, `send to ${address}:${port}`) : null);
    };
    try {
      if (toPeer) this.#socket.send(data, settle);
      else this.#socket.send(data, port, this.#target(address), settle);
    } catch (cause) {
      settle(cause instanceof Error ? cause : new Error(String(cause)));
    }
  }

  /**
   * Connects the socket to one peer (`connect(2)`), replacing any earlier one.
   *
   * @example
   * ```ts
   * await endpoint.connect('127.0.0.1', 54000);
   * ```
   */
  async connect(address: string, port: number): Promise<void> {
    this.disconnect();
    const socket = this.#socket;
    await new Promise<void>((resolve, reject) => {
      socket.connect(port, this.#target(address), (cause?: Error) => (cause ? reject(toSocketError(cause, `connect to ${address}:${port}`)) : resolve()));
    });
    this.#peer = { address, port };
  }

  /**
   * Forgets the peer; keeps the local address and port (see the remarks).
   *
   * @example
   * ```ts
   * endpoint.disconnect();
   * ```
   */
  disconnect(): void {
    if (this.#peer === null || !this.#open) return;
    this.#peer = null;
    const socket = this.#socket;
    socket.disconnect();
    if (socket.address().port === this.localPort) return;
    // Linux let the port go (see the remarks): bind a new socket there. Sends made meanwhile
    // wait in dgram's queue; sends in flight on the old socket are still answered by it.
    socket.close();
    this.#rebinding = true;
    const generation = ++this.#rebinds;
    // `bound` may run before `rebind` returns (a numeric address binds at once).
    this.#socket = this.#rebind({ host: this.localAddress, port: this.localPort, family: this.#family }, (fresh) => {
      if (generation !== this.#rebinds || !this.#open) return;
      this.#rebinding = false;
      if (this.#broadcast) fresh.setBroadcast(true);
    });
  }

  /**
   * Turns SO_BROADCAST on or off.
   *
   * @example
   * ```ts
   * endpoint.setBroadcast(true);
   * ```
   */
  bufferSize(which: 'receive' | 'send', bytes?: number): number {
    const socket = this.#socket;
    if (!this.#open || this.#rebinding) return 0;
    if (which === 'receive') {
      if (bytes !== undefined) socket.setRecvBufferSize(bytes);
      return socket.getRecvBufferSize();
    }
    if (bytes !== undefined) socket.setSendBufferSize(bytes);
    return socket.getSendBufferSize();
  }

  setBroadcast(enable: boolean): void {
    this.#broadcast = enable;
    // A socket still binding after a disconnect has no descriptor yet: it gets the setting once bound.
    if (this.#open && !this.#rebinding) this.#socket.setBroadcast(enable);
  }

  /**
   * Closes the socket; sends still in flight are answered `ECANCELED`.
   *
   * @example
   * ```ts
   * await endpoint.close();
   * ```
   */
  close(): Promise<void> {
    if (!this.#open) return Promise.resolve();
    this.#open = false;
    const cancelled = new SocketError('System', 'send cancelled: the endpoint was closed', { code: 'ECANCELED' });
    for (const sent of this.#inFlight.splice(0)) sent(cancelled);
    const socket = this.#socket;
    return new Promise<void>((done) => socket.close(() => done()));
  }

  /** `address` as the system wants it: a dual-stack IPv6 socket reaches IPv4 through the IPv4-mapped spelling. */
  #target(address: string): string {
    return this.#family === 6 && isIPv4(address) ? `::ffff:${address}` : address;
  }
}

/**
 * Takes `sent` off the list of sends in flight; `false` when it was not on it (`close` has
 * already answered it). Sends complete in the order they were made (the system's queue is a
 * FIFO), so it is nearly always the first: an array's `shift` makes no garbage, where a `Set`
 * allocates a new table as it grows and shrinks around one entry.
 */
function forget(inFlight: DatagramSent[], sent: DatagramSent): boolean {
  if (inFlight[0] === sent) {
    inFlight.shift();
    return true;
  }
  const index = inFlight.indexOf(sent);
  if (index < 0) return false;
  inFlight.splice(index, 1);
  return true;
}
