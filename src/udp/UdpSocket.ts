import { InheritedSocket } from '../address/InheritedSocket.js';
import { IpAddress } from '../address/IpAddress.js';
import { Socket } from '../socket/Socket.js';
import { Readiness } from '../core/Readiness.js';
import { answerEmpty, answerFound } from '../core/pacing.js';
import type { SendResult, StatusResult } from '../core/SocketResult.js';
import { checkBoolean, checkMilliseconds, checkPort, checkRemote, checkSize } from '../socket/validate.js';
import { Packet, payloadForSend } from '../packet/Packet.js';
import type { SocketContext, SocketOptions } from '../socket/SocketContext.js';
import { DatagramBinding, MAX_DATAGRAM_V4, MAX_DATAGRAM_V6 } from './DatagramBinding.js';
import { DatagramQueue } from './DatagramQueue.js';
import { type DatagramResult, type DatagramSenderResult, NO_DATAGRAM, deliverDatagram } from './DatagramResult.js';

const NO_DATAGRAM_NOW = Promise.resolve(NO_DATAGRAM);

/**
 * A UDP socket: SFML's `sf::UdpSocket` with java.net's `DatagramSocket` rules.
 *
 * @remarks
 * One `send` is one datagram and one `receive` gives one whole datagram, with its sender.
 * A {@link Packet} travels as exactly its payload, without the size prefix TCP uses (SFML's
 * rule), so it must fit in one datagram: {@link UdpSocket.MaxDatagramSize} bytes to an IPv4
 * destination, {@link UdpSocket.MaxDatagramSizeV6} to an IPv6 one. A larger send fails with
 * kind `'TooLarge'` and sends nothing; nothing is ever truncated.
 *
 * The security manager's `checkListen` is asked before every bind (also the implicit one of a
 * first send), `checkConnect` before every datagram sent, and `checkAccept` for every datagram
 * that arrives (java.net's `DatagramSocket.receive` rule): a denied sender's datagram is
 * discarded before it is queued, so `receive` never returns it. A socket connected to one peer
 * ({@link UdpSocket.connect}) is checked once, at connect, as java.net does. Datagrams wait in a queue bounded by the `datagramQueueSize` limit; when it is
 * full the oldest is dropped and counted ({@link UdpSocket.getDroppedCount}).
 *
 * @example
 * ```ts
 * const server = new UdpSocket();
 * await server.bind(54000, IpAddress.LocalHost);
 * const client = new UdpSocket(); // binds itself on its first send
 * await client.send(new Packet().writeString('ping'), IpAddress.LocalHost, 54000);
 * const packet = new Packet();
 * const { status, address, port } = await server.receive(packet);
 * if (status === SocketStatus.Done) await server.send(new Packet().writeString('pong'), address!, port);
 * ```
 */
export class UdpSocket extends Socket {
  /**
   * The largest datagram to an IPv4 destination: 65507 bytes (65535 − 20 IP − 8 UDP header), SFML's value.
   *
   * @example
   * ```ts
   * if (bytes.length > UdpSocket.MaxDatagramSize) console.log('too large for one IPv4 datagram');
   * ```
   */
  static readonly MaxDatagramSize = MAX_DATAGRAM_V4;
  /**
   * The largest datagram to an IPv6 destination: 65527 bytes (65535 − 8 UDP header; no jumbograms).
   *
   * @example
   * ```ts
   * const { data } = await socket.receive(UdpSocket.MaxDatagramSizeV6); // room for any datagram
   * ```
   */
  static readonly MaxDatagramSizeV6 = MAX_DATAGRAM_V6;

  readonly #queue: DatagramQueue;
  readonly #binding: DatagramBinding;
  /** Always up: a datagram send never waits for room (made when a selector first asks). */
  #sendReady: Readiness | null = null;
  #soTimeout = 0;

  /**
   * Creates an unbound socket, in blocking mode.
   *
   * @param options - services to use instead of the defaults (security manager, resolver,
   *   limits, …); the container passes its own context.
   * @example
   * ```ts
   * const socket = new UdpSocket({ limits: { datagramQueueSize: 64 } });
   * ```
   */
  constructor(options?: SocketOptions | SocketContext) {
    super(options);
    this.#queue = new DatagramQueue(this.context.limits.datagramQueueSize, this.readiness, this.context.logger);
    this.#binding = new DatagramBinding(this.context, this.#queue);
  }

  /**
   * Binds the socket to a local port, unbinding it first if it is bound.
   *
   * @remarks
   * The endpoint's family follows `address`: `IpAddress.AnyV6` (`'::'`) binds a dual-stack IPv6
   * socket that also receives IPv4 datagrams (their sender is reported as the IPv4 address)
   * and can send to IPv4 destinations. `checkListen(port, address)` is asked first.
   *
   * @param port - the port; 0 lets the system pick a free one (read it with `getLocalPort`).
   * @param address - the local address, {@link IpAddress.Any} by default.
   * @returns `Done`; `Error` with a {@link SecurityError} when denied (nothing is bound) or a
   *   {@link SocketError} such as `AddressInUse`; `Disconnected` when unbound meanwhile.
   * @throws (as a rejection, never thrown) TypeError / RangeError for a bad port or address.
   * @example
   * ```ts
   * await socket.bind(0, IpAddress.LocalHostV6);
   * console.log(socket.getLocalPort());
   * ```
   */
  bind(port: number, address?: IpAddress | string): Promise<StatusResult>;
  /**
   * Adopts a datagram socket this process inherited (systemd's `ListenDatagram=`, or
   * `systemd-socket-activate --datagram`), unbinding first if bound.
   *
   * @remarks
   * `checkListen` is asked about where it is bound once adopted (a denial closes it), and
   * `checkAccept` about every datagram, as on any bound socket.
   *
   * @param inherited - the descriptor ({@link SystemdSockets.listeners}).
   * @returns `Done`; `Error` when it is not a datagram socket or the check denies.
   * @example
   * ```ts
   * const [udp] = SystemdSockets.listeners();
   * if (udp !== undefined) await socket.bind(udp);
   * ```
   */
  bind(inherited: InheritedSocket): Promise<StatusResult>;
  bind(where: number | InheritedSocket, address: IpAddress | string = IpAddress.Any): Promise<StatusResult> {
    try {
      if (where instanceof InheritedSocket) {
        if (this.#binding.active) this.unbind();
        return this.#binding.bind(0, where);
      }
      const port = where;
      checkPort('UdpSocket.bind', port, true);
      const local = address instanceof IpAddress ? address : IpAddress.tryParse(address);
      if (local === null) throw new TypeError(`UdpSocket.bind: ${JSON.stringify(address)} is not an IPv4 or IPv6 literal`);
      if (this.#binding.active) this.unbind();
      return this.#binding.bind(port, local);
    } catch (error) {
      return Promise.reject(error);
    }
  }

  /**
   * Unbinds the socket and releases its port, at once; it can be bound again (or bind itself on a send).
   *
   * @remarks
   * Queued datagrams are discarded; waiting receives settle `Disconnected`, and so do sends not
   * yet handed to the system. Like every close in the SDK (`TcpSocket.disconnect`,
   * `TcpListener.close`) it is synchronous, as in SFML and java.net: when it returns the port is
   * released. Calling it on an unbound socket does nothing.
   *
   * @example
   * ```ts
   * socket.unbind();
   * socket.isBound(); // false
   * ```
   */
  unbind(): void {
    this.#binding.unbind();
  }

  /**
   * The java.net name of {@link UdpSocket.unbind}.
   *
   * @example
   * ```ts
   * // Java: try { … } finally { socket.close(); }
   * const socket = new UdpSocket();
   * try {
   *   await socket.bind(54000);
   * } finally {
   *   socket.close(); // the port is released when this returns
   * }
   * ```
   */
  close(): void {
    this.unbind();
  }

  /**
   * Unbinds the socket at the end of a `using` (or `await using`) block.
   *
   * @example
   * ```ts
   * { using socket = new UdpSocket(); await socket.bind(0); }
   * ```
   */
  [Symbol.dispose](): void {
    this.unbind();
  }

  /**
   * Sends one datagram: raw bytes, or a {@link Packet}'s payload without any size prefix.
   *
   * @remarks
   * A host name is resolved through the injected resolver; the first address the socket can
   * reach (its bound family, or either from the dual-stack `'::'`) that `checkConnect` allows
   * is used. An unbound socket first binds itself to a free port on the "any" address of the
   * destination's family, as SFML does. Sending to a broadcast address needs
   * {@link UdpSocket.setBroadcast}; otherwise the system refuses (`EACCES`, kind `'AccessDenied'`).
   *
   * In both modes the Promise settles once the datagram is handed to the system (or refused):
   * UDP never waits for the peer and has no `Partial`. Resolving a name takes a look-up, so a
   * non-blocking loop should resolve once with `IpAddress.resolve` and send to the address.
   *
   * @param data - the bytes or the packet (its payload is taken at the call).
   * @param address - an {@link IpAddress}, a numeric literal or a host name.
   * @param port - the destination port, 1 to 65535.
   * @returns `Done` with `sent` = the datagram's size; `Error` (nothing sent) with a
   *   {@link SecurityError}, or a {@link SocketError} of kind `'TooLarge'`, `'Resolve'`,
   *   `'Unreachable'`, `'AccessDenied'`, …; `Disconnected` when unbound meanwhile.
   * @throws (as a rejection, never thrown) TypeError / RangeError for bad data, address or port.
   * @example
   * ```ts
   * const { status, error } = await socket.send(new Uint8Array([1, 2, 3]), '127.0.0.1', 54000);
   * if (status === SocketStatus.Error) console.error(error?.kind);
   * ```
   */
  send(data: Uint8Array | Packet, address: IpAddress | string, port: number): Promise<SendResult>;
  /**
   * Sends one datagram to the peer of a connected socket ({@link UdpSocket.connect}).
   *
   * @param data - the bytes or the packet (its payload is taken at the call).
   * @returns as the other form.
   * @throws (as a rejection, never thrown) TypeError for bad data, or when the socket is not connected.
   * @example
   * ```ts
   * await socket.connect(IpAddress.LocalHost, 54000);
   * await socket.send(new Packet().writeString('ping'));
   * ```
   */
  send(data: Uint8Array | Packet): Promise<SendResult>;
  send(data: Uint8Array | Packet, address?: IpAddress | string, port?: number): Promise<SendResult> {
    try {
      if (!(data instanceof Uint8Array) && !(data instanceof Packet)) throw new TypeError('UdpSocket.send: expected a Uint8Array or a Packet');
      if (address !== undefined || port !== undefined) checkRemote('UdpSocket.send', address, port);
      return this.#binding.send(payloadForSend(data), address, port);
    } catch (error) {
      return Promise.reject(error);
    }
  }

  /**
   * Connects the socket to one peer, as java.net's `DatagramSocket.connect` does (SFML's UDP
   * socket has no connect).
   *
   * @remarks
   * `checkConnect` and `checkAccept` are asked once, here, not per datagram. An unbound socket
   * binds itself first, as a send does. Then the socket sends only to the peer (`send(data)`;
   * naming another destination throws) and hears only it (datagrams queued before stay). The
   * system's connected UDP socket is used: no route look-up per send. If nothing listens on
   * the peer's port, sends still answer `Done` and the system's `ECONNREFUSED` reports go to
   * the logger at debug level. Connecting again replaces the peer; `disconnect` and `unbind`
   * forget it.
   *
   * @param address - the peer: an {@link IpAddress}, a numeric literal or a host name.
   * @param port - the peer's port, 1 to 65535.
   * @returns `Done`; `Error` (not connected) with a {@link SecurityError} when denied, or a
   *   {@link SocketError} of kind `'Resolve'`, `'Unreachable'`, …; `Disconnected` when unbound
   *   meanwhile.
   * @throws (as a rejection, never thrown) TypeError / RangeError for a bad address or port.
   * @example
   * ```ts
   * const socket = new UdpSocket();
   * if ((await socket.connect('localhost', 54000)).status === SocketStatus.Done) {
   *   await socket.send(new Packet().writeString('hello'));
   * }
   * ```
   */
  connect(address: IpAddress | string, port: number): Promise<StatusResult> {
    try {
      checkRemote('UdpSocket.connect', address, port);
      return this.#binding.connect(address, port);
    } catch (error) {
      return Promise.reject(error);
    }
  }

  /**
   * Forgets the peer set by {@link UdpSocket.connect}; the socket stays bound and may send
   * anywhere again (java.net's `DatagramSocket.disconnect`; unlike `TcpSocket.disconnect`, it
   * closes nothing). Does nothing when the socket is not connected.
   *
   * @example
   * ```ts
   * socket.disconnect();
   * socket.isConnected(); // false
   * ```
   */
  disconnect(): void {
    this.#binding.disconnect();
  }

  /**
   * Whether the socket is connected to a peer.
   *
   * @returns `true` between a successful `connect` and `disconnect` or `unbind`.
   * @example
   * ```ts
   * if (!socket.isConnected()) await socket.connect(IpAddress.LocalHost, 54000);
   * ```
   */
  isConnected(): boolean {
    return this.#binding.peer !== null;
  }

  /**
   * The connected peer's address.
   *
   * @returns the address, or `null` when the socket is not connected.
   * @example
   * ```ts
   * console.log(socket.getRemoteAddress()?.toString()); // '127.0.0.1'
   * ```
   */
  getRemoteAddress(): IpAddress | null {
    return this.#binding.peer;
  }

  /**
   * The connected peer's port.
   *
   * @returns the port, or 0 when the socket is not connected.
   * @example
   * ```ts
   * console.log(socket.getRemotePort()); // 54000
   * ```
   */
  getRemotePort(): number {
    return this.#binding.peerPort;
  }

  /**
   * Receives one datagram: its bytes (at most `maxBytes`), or into a {@link Packet}.
   *
   * @remarks
   * Blocking mode waits for a datagram; concurrent receives are served in call order.
   * Non-blocking mode answers `NotReady` at once when none is queued. A datagram is never cut:
   * one larger than `maxBytes` gives `Error` (kind `'TooLarge'`, with its sender) and is
   * discarded, as SFML documents; a packet takes any datagram. A socket bound implicitly by a
   * send receives the replies sent to its port.
   *
   * A non-blocking loop that polls with nothing else awaited is paced as `TcpSocket.receive` is.
   *
   * @param target - the packet to fill (its previous content is replaced; cleared on
   *   `Disconnected`), or the largest number of bytes to take.
   * @returns `Done` with the bytes (or the filled packet) and the sender; `NotReady`;
   *   `Error` for a datagram larger than `maxBytes`; `Disconnected` when unbound while waiting.
   * @throws (as a rejection, never thrown) TypeError / RangeError for a bad argument, or when the socket is not bound.
   * @example
   * ```ts
   * const { status, data, address, port } = await socket.receive(UdpSocket.MaxDatagramSize);
   * ```
   */
  receive(target: Packet): Promise<DatagramSenderResult>;
  receive(maxBytes: number): Promise<DatagramResult>;
  receive(target: Packet | number): Promise<DatagramSenderResult | DatagramResult> {
    try {
      if (!(target instanceof Packet)) checkSize('UdpSocket.receive', 'maxBytes', target, 1, 0x7fffffff);
      if (!this.#binding.active) throw new TypeError('UdpSocket.receive: the socket is not bound');
      const datagram = this.#queue.shift();
      if (datagram !== undefined) return answerFound(deliverDatagram(datagram.data, datagram.address, datagram.port, target));
      if (!this.isBlocking()) return answerEmpty(NO_DATAGRAM_NOW, NO_DATAGRAM);
      return this.#queue.wait(target, this.context.clock, this.#soTimeout) as Promise<DatagramSenderResult | DatagramResult>;
    } catch (error) {
      return Promise.reject(error);
    }
  }

  /**
   * Allows (`true`) or forbids (`false`, the default) sending to broadcast addresses: `SO_BROADCAST`,
   * kept across binds and applied to the system socket as soon as there is one.
   *
   * @param on - whether broadcasts may be sent.
   * @throws TypeError when `on` is not a boolean.
   * @example
   * ```ts
   * socket.setBroadcast(true);
   * await socket.send(packet, IpAddress.Broadcast, 54000);
   * ```
   */
  setBroadcast(on: boolean): void {
    this.#binding.broadcast = checkBoolean('UdpSocket.setBroadcast', on);
  }

  /**
   * Whether sending to broadcast addresses is allowed (`false` by default).
   *
   * @example
   * ```ts
   * new UdpSocket().getBroadcast(); // false
   * ```
   */
  getBroadcast(): boolean {
    return this.#binding.broadcast;
  }

  /**
   * The local port the socket is bound to.
   *
   * @returns the port (the chosen one after `bind(0)` or an implicit bind); 0 when unbound, as in SFML.
   * @example
   * ```ts
   * await socket.bind(0);
   * const port = socket.getLocalPort();
   * ```
   */
  getLocalPort(): number {
    return this.#binding.endpoint?.localPort ?? 0;
  }

  /**
   * The local address the socket is bound to.
   *
   * @returns the address (`0.0.0.0` / `::` after an implicit bind); `null` when unbound.
   * @example
   * ```ts
   * socket.getLocalAddress()?.family; // 4 or 6
   * ```
   */
  getLocalAddress(): IpAddress | null {
    const endpoint = this.#binding.endpoint;
    return endpoint === null ? null : IpAddress.tryParse(endpoint.localAddress);
  }

  /**
   * Whether the socket is bound now (by `bind` or by a first send): from a successful bind to `unbind`.
   *
   * @example
   * ```ts
   * new UdpSocket().isBound(); // false
   * ```
   */
  isBound(): boolean {
    return this.#binding.endpoint !== null;
  }

  /**
   * How many datagrams were dropped because the receive queue was full (the oldest goes first).
   *
   * @returns the count over the socket's life, across binds (a datagram a receive refused as
   *   too large is reported by that receive, not counted here).
   * @example
   * ```ts
   * if (socket.getDroppedCount() > 0) console.warn('receiving too slowly');
   * ```
   */
  getDroppedCount(): number {
    return this.#queue.dropped;
  }

  /**
   * Sets the receive timeout of blocking receives, java.net's `SO_TIMEOUT` (0: wait forever, the default).
   *
   * @remarks
   * A blocking receive that waits longer settles `NotReady` with a {@link SocketError} of kind
   * `'Timeout'` (Java throws `SocketTimeoutException`); a packet target is left as it was, and
   * the socket stays bound and usable. It applies to receives started afterwards; kept across
   * binds and after a close.
   *
   * @param timeoutMs - milliseconds, 0 for none.
   * @throws RangeError / TypeError for a negative or non-finite value, or one above 2147483647.
   * @example
   * ```ts
   * socket.setSoTimeout(500);
   * const { status, error } = await socket.receive(packet);
   * if (status === SocketStatus.NotReady && error?.kind === 'Timeout') console.log('nothing for 500 ms');
   * ```
   */
  setSoTimeout(timeoutMs: number): void {
    checkMilliseconds('UdpSocket.setSoTimeout', 'timeout', timeoutMs);
    if (timeoutMs > 0x7fffffff) throw new RangeError(`UdpSocket.setSoTimeout: ${timeoutMs} is above 2147483647 ms`);
    this.#soTimeout = timeoutMs;
  }

  /**
   * The receive timeout.
   *
   * @returns milliseconds; 0 for none (the default).
   * @example
   * ```ts
   * new UdpSocket().getSoTimeout(); // 0
   * ```
   */
  getSoTimeout(): number {
    return this.#soTimeout;
  }

  /**
   * Lets several sockets bind the same address and port (`SO_REUSEADDR`), java.net's
   * `setReuseAddress`: useful for multicast and for several processes listening for the same
   * broadcasts.
   *
   * @remarks
   * As Javadoc says, set it before `bind`: it applies from the next bind (an implicit bind by a
   * first send included). On Linux a unicast datagram to a port several sockets share goes to
   * one of them (the last bound); broadcasts and multicasts go to each. Kept across binds and
   * after a close.
   *
   * @param on - whether to allow it (`false` by default).
   * @throws TypeError when `on` is not a boolean.
   * @example
   * ```ts
   * const a = new UdpSocket();
   * const b = new UdpSocket();
   * a.setReuseAddress(true);
   * b.setReuseAddress(true);
   * await a.bind(54000);
   * await b.bind(54000); // Done: both hold the port
   * ```
   */
  setReuseAddress(on: boolean): void {
    this.#binding.reuseAddress = checkBoolean('UdpSocket.setReuseAddress', on);
  }

  /**
   * Whether the next bind sets `SO_REUSEADDR`.
   *
   * @returns `false` by default.
   * @example
   * ```ts
   * new UdpSocket().getReuseAddress(); // false
   * ```
   */
  getReuseAddress(): boolean {
    return this.#binding.reuseAddress;
  }

  /**
   * Asks the system for a receive buffer of `bytes` (`SO_RCVBUF`), java.net's `setReceiveBufferSize`:
   * at once when bound, and at each later bind.
   *
   * @param bytes - at least 1; the system may grant another size (see the getter).
   * @throws TypeError / RangeError for a value that is not a positive integer up to 2147483647.
   * @example
   * ```ts
   * socket.setReceiveBufferSize(1 << 20); // room for bursts of state updates
   * ```
   */
  setReceiveBufferSize(bytes: number): void {
    const size = checkSize('UdpSocket.setReceiveBufferSize', 'bytes', bytes, 1, 0x7fffffff);
    this.#binding.receiveBufferSize = size;
    this.#binding.endpoint?.bufferSize?.('receive', size);
  }

  /**
   * The receive buffer size.
   *
   * @returns bytes: while bound, what the system reports (Linux doubles the size asked for, to
   *   count its bookkeeping, and caps it at `net.core.rmem_max`); unbound, the size that the next
   *   bind asks for, or 0 when none was set.
   * @example
   * ```ts
   * socket.getReceiveBufferSize(); // 212992 on a default Linux
   * ```
   */
  getReceiveBufferSize(): number {
    return this.#binding.endpoint?.bufferSize?.('receive') ?? this.#binding.receiveBufferSize;
  }

  /**
   * Asks the system for a send buffer of `bytes` (`SO_SNDBUF`), java.net's `setSendBufferSize`:
   * at once when bound, and at each later bind.
   *
   * @param bytes - at least 1; the system may grant another size (see the getter).
   * @throws TypeError / RangeError for a value that is not a positive integer up to 2147483647.
   * @example
   * ```ts
   * socket.setSendBufferSize(1 << 20);
   * ```
   */
  setSendBufferSize(bytes: number): void {
    const size = checkSize('UdpSocket.setSendBufferSize', 'bytes', bytes, 1, 0x7fffffff);
    this.#binding.sendBufferSize = size;
    this.#binding.endpoint?.bufferSize?.('send', size);
  }

  /**
   * The send buffer size.
   *
   * @returns bytes: while bound, what the system reports (Linux doubles the size asked for);
   *   unbound, the size that the next bind asks for, or 0 when none was set.
   * @example
   * ```ts
   * socket.getSendBufferSize(); // 212992 on a default Linux
   * ```
   */
  getSendBufferSize(): number {
    return this.#binding.endpoint?.bufferSize?.('send') ?? this.#binding.sendBufferSize;
  }

  /**
   * The readiness a selector watches for sending: always up, since a datagram send never waits for room.
   *
   * @internal
   */
  override _sendReadiness(): Readiness {
    if (this.#sendReady === null) {
      this.#sendReady = new Readiness();
      this.#sendReady.set(true);
    }
    return this.#sendReady;
  }
}

