import { IpAddress } from '../address/IpAddress.js';
import { UnixSocketAddress } from '../address/UnixSocketAddress.js';
import { Socket } from '../socket/Socket.js';
import { answerEmpty } from '../core/pacing.js';
import { DISCONNECTED, DONE, NONE_SENT, NONE_SENT_NOW, NOT_READY, NOT_READY_NOW, failed } from '../core/results.js';
import { SocketError } from '../core/SocketError.js';
import type { ReceiveManyResult, ReceiveResult, SendManyResult, SendResult, StatusResult } from '../core/SocketResult.js';
import { checkBoolean, checkMilliseconds, checkRemote, checkSize } from '../socket/validate.js';
import { Packet } from '../packet/Packet.js';
import type { SocketContext, SocketOptions } from '../socket/SocketContext.js';
import type { StreamConnection } from '../transport/StreamTransport.js';
import type { TlsInfo } from '../transport/TlsInfo.js';
import type { TlsClientOptions, TlsServerOptions, TlsUpgrade } from '../transport/TlsOptions.js';
import { TlsStatus, type TlsResult } from '../core/TlsStatus.js';
import { TLS_COMPLETE, TLS_NOT_CONNECTED, TLS_STARTED, TlsSetup } from './TlsSetup.js';
import type { ProxyInfo } from '../transport/ProxyInfo.js';
import { connectToAllowed, connectToPath, deadlineOf, openConnection, openPathConnection } from './openConnection.js';
import { StreamChannel } from './StreamChannel.js';
import { TcpReader } from './TcpReader.js';
import { TcpWriter } from './TcpWriter.js';
import { OutputWatch } from './OutputWatch.js';
import type { Readiness } from '../core/Readiness.js';
import { TcpOptions } from './TcpOptions.js';
import type { HeartbeatOptions } from './Heartbeat.js';

/** A non-blocking connect in progress: its target and, once settled, its outcome. */
interface ConnectAttempt {
  readonly target: string;
  result: StatusResult | undefined;
}

/** The ends of the last connection with its addresses parsed, kept once it is dropped (java.net's rule). */
interface ParsedEnds {
  readonly remote: IpAddress | null;
  readonly remotePort: number;
  readonly local: IpAddress | null;
  readonly localPort: number;
}

const TLS_STARTED_NOW = Promise.resolve(TLS_STARTED);

// Bits of TcpSocket's flags (one field instead of four booleans: an idle server holds many sockets).
const CLOSED = 1;
const CONNECTED = 2;
const NO_DELAY = 4;
const KEEP_ALIVE = 8;

/**
 * Hands an accepted connection to a socket (used by `TcpListener.accept`).
 *
 * @internal
 */
export function attachConnection(socket: TcpSocket, connection: StreamConnection): void {
  socket._attach(connection);
}

/**
 * A TCP connection: SFML's `sf::TcpSocket` with java.net's options and state rules.
 *
 * @remarks
 * Every I/O method returns a Promise of a result with a {@link SocketStatus}. In blocking mode
 * (the default) it settles when the operation is complete; in non-blocking mode it settles at
 * once with `NotReady` or `Partial` when nothing or only part could be done, so a game loop can
 * poll each tick. Network failures are statuses; misuse (bad arguments, a socket closed here or
 * never connected) throws.
 *
 * Packets travel with SFML's framing: a 32-bit big-endian size, then the payload. A size above
 * {@link TcpSocket.getMaxPacketSize} is a protocol error that drops the connection.
 *
 * A socket can be reconnected after `disconnect()`, as in SFML.
 *
 * @example
 * ```ts
 * const socket = new TcpSocket();
 * if ((await socket.connect('localhost', 53000)).status !== SocketStatus.Done) throw new Error('no server');
 * await socket.send(new Packet().writeString('hello'));
 * const reply = new Packet();
 * if ((await socket.receive(reply)).status === SocketStatus.Done) console.log(reply.readString());
 * socket.disconnect();
 * ```
 */
export class TcpSocket extends Socket {
  // Memory per idle connection matters to servers holding thousands: fields are few (flags in one
  // number, the last connection's ends in one field, reader and writer made when first needed).
  /** Made by the first receive (or `setMaxPacketSize`): a socket never asked to receive holds none. */
  #reader: TcpReader | null = null;
  /** Made by the first send on a connection and dropped with it: a socket that only receives holds none. */
  #writer: TcpWriter | null = null;
  #channel: StreamChannel | null = null;
  #attempt: ConnectAttempt | null = null;
  #abandonConnect: (() => void) | null = null;
  #generation = 0;
  #flags = NO_DELAY;
  /**
   * The last connection's ends: the connection itself until its addresses are first asked for or it
   * is dropped (an idle accepted socket parses none), then the parsed ends; `null` before any.
   */
  #ends: StreamConnection | ParsedEnds | null = null;
  #soTimeout = 0;
  /** The Unix socket of the last connect, or `null` (TCP). */
  #path: UnixSocketAddress | null = null;
  /** A TLS upgrade under way, or ended and not yet reported to a non-blocking caller; else `null`. */
  #tls: TlsSetup | null = null;
  /** Send readiness and drain waits: made when first asked for (a selector watching sends, `waitForDrain`). */
  #watch: OutputWatch | null = null;
  /** Linger, keep-alive delay, heartbeat and buffer sizes: made by the first of their setters. */
  #options: TcpOptions | null = null;

  /**
   * Creates an unconnected socket, in blocking mode.
   *
   * @param options - services to use instead of the defaults (security manager, resolver,
   *   limits, …); the container passes its own context.
   * @example
   * ```ts
   * const socket = new TcpSocket();
   * const strict = new TcpSocket({ limits: { maxPacketSize: 64 * 1024 } });
   * ```
   */
  constructor(options?: SocketOptions | SocketContext) {
    super(options);
  }

  /**
   * Connects to a remote host, disconnecting first if connected.
   *
   * @remarks
   * A host name is resolved through the injected resolver; the security manager's
   * `checkConnect` is asked about each resolved address before anything is opened, and the
   * addresses are tried in order. In non-blocking mode the call returns `NotReady` at once while
   * the connection is made in the background; call `connect` again with the same target to get
   * the outcome (`NotReady` while pending, then `Done` or `Error`).
   *
   * @param remote - an {@link IpAddress}, a numeric literal or a host name.
   * @param port - the remote port, 1 to 65535.
   * @param timeoutMs - give up after this many milliseconds; 0 (default) waits as long as the system does.
   * @returns `Done` when connected; `Error` with a {@link SocketError} (`Refused`, `Timeout`,
   *   `Resolve`, …) or a {@link SecurityError} when denied; `NotReady` in non-blocking mode.
   * @throws (as a rejection, never thrown) TypeError / RangeError for a bad address, port or timeout.
   * @example
   * ```ts
   * const { status, error } = await socket.connect(IpAddress.LocalHost, 53000, 2000);
   * if (status === SocketStatus.Error) console.error(error?.kind);
   * ```
   */
  connect(remote: IpAddress | string, port: number, timeoutMs?: number): Promise<StatusResult>;
  /**
   * Connects to a Unix domain socket, disconnecting first if connected.
   *
   * @remarks
   * `checkPath('connect', path)` is asked first. The same API, statuses and framing as TCP;
   * `getRemoteAddress` is `null` and `getRemotePath` names the socket.
   *
   * @param path - the socket's address ({@link UnixSocketAddress.of} or `.abstract`).
   * @param timeoutMs - give up after this many milliseconds; 0 (default) waits as long as the system does.
   * @returns `Done`; `Error` (`Refused` when nobody listens there) or a {@link SecurityError}; `NotReady` in non-blocking mode.
   * @example
   * ```ts
   * await socket.connect(UnixSocketAddress.of('/run/game/game.sock'));
   * ```
   */
  connect(path: UnixSocketAddress, timeoutMs?: number): Promise<StatusResult>;
  connect(remote: IpAddress | string | UnixSocketAddress, portOrTimeout?: number, timeoutMs = 0): Promise<StatusResult> {
    try {
      if (remote instanceof UnixSocketAddress) return this.#connectPath(remote, portOrTimeout ?? 0);
      const port = portOrTimeout;
      checkRemote('TcpSocket.connect', remote, port);
      checkMilliseconds('TcpSocket.connect', 'timeout', timeoutMs);
      if (this.isBlocking()) return this.#connectNow(() => openConnection(this.context, remote, port as number, timeoutMs), remote);
      const target = `${String(remote)}|${port}`;
      const pending = this.#pendingAnswer(target);
      if (pending !== null) return pending;
      // An address passes the gate now, so a denial is the first answer; a name is resolved and
      // checked in the background like everything else the attempt does.
      const allowed = remote instanceof IpAddress ? this.context.gate.destination(remote, port as number) : null;
      if (allowed instanceof SocketError) return Promise.resolve(failed(allowed));
      const opener =
        allowed === null
          ? () => openConnection(this.context, remote, port as number, timeoutMs)
          : () => connectToAllowed(this.context, [allowed], port as number, deadlineOf(this.context, timeoutMs), remote, timeoutMs);
      return this.#startInBackground(target, opener, remote);
    } catch (error) {
      return Promise.reject(error);
    }
  }

  /** `connect(path)`: the path's check, then the connection, blocking or in the background. */
  #connectPath(path: UnixSocketAddress, timeoutMs: number): Promise<StatusResult> {
    checkMilliseconds('TcpSocket.connect', 'timeout', timeoutMs);
    if (this.isBlocking()) return this.#connectNow(() => openPathConnection(this.context, path, timeoutMs), path);
    const target = `unix|${path.path}`;
    const pending = this.#pendingAnswer(target);
    if (pending !== null) return pending;
    // Checked now, so a denial is the first answer and the attempt does not ask again.
    const denied = this.context.gate.pathDenial('connect', path);
    if (denied !== undefined) return Promise.resolve(failed(denied));
    return this.#startInBackground(target, () => connectToPath(this.context, path, timeoutMs), path);
  }

  /** The answer of a non-blocking connect to `target` already under way (`NotReady`, then its outcome once), or `null`. */
  #pendingAnswer(target: string): Promise<StatusResult> | null {
    const attempt = this.#attempt;
    if (attempt === null || attempt.target !== target) return null;
    if (attempt.result === undefined) return answerEmpty(NOT_READY_NOW, NOT_READY);
    this.#attempt = null;
    return Promise.resolve(attempt.result);
  }

  /** A non-blocking connect: started now, its outcome kept for the next call with the same target. */
  #startInBackground(target: string, opener: () => Promise<StreamConnection | SocketError>, remote: IpAddress | string | UnixSocketAddress): Promise<StatusResult> {
    const started: ConnectAttempt = { target, result: undefined };
    void this.#connectNow(opener, remote).then((result) => (started.result = result));
    this.#attempt = started;
    return answerEmpty(NOT_READY_NOW, NOT_READY);
  }

  /**
   * Closes the connection; the socket can connect again.
   *
   * @remarks
   * Bytes already sent are still delivered (a graceful close); pending blocking receives
   * settle with `Disconnected`. Afterwards {@link TcpSocket.isClosed} is `true` while
   * `isConnected`, `getRemoteAddress` and `getRemotePort` keep describing the last connection,
   * as in java.net. Calling it again does nothing.
   *
   * @example
   * ```ts
   * socket.disconnect();
   * socket.isClosed(); // true
   * ```
   */
  disconnect(): void {
    this.#drop();
    this.#flags |= CLOSED;
  }

  /**
   * The java.net name of {@link TcpSocket.disconnect}.
   *
   * @example
   * ```ts
   * // Java: try { … } finally { socket.close(); }
   * try {
   *   await socket.send(request);
   * } finally {
   *   socket.close(); // bytes already sent still arrive: a graceful close
   * }
   * ```
   */
  close(): void {
    this.disconnect();
  }

  /**
   * Closes the socket at the end of a `using` block.
   *
   * @example
   * ```ts
   * { using socket = new TcpSocket(); await socket.connect('::1', 53000); }
   * ```
   */
  [Symbol.dispose](): void {
    this.disconnect();
  }

  /**
   * Sends raw bytes, or a {@link Packet} with SFML's size prefix.
   *
   * @remarks
   * Blocking mode: settles `Done` once everything is handed to the system and the output
   * buffer is back under its limit (`sendBufferSize`). Non-blocking mode: hands over what fits
   * under the limit and settles at once — `Done`, `Partial` with `sent` bytes, or `NotReady`
   * when nothing fit. After `Partial`, send the rest of the bytes again; for a packet, call
   * `send` again with the same packet and it continues where it stopped (SFML's contract).
   *
   * The output a socket holds stays within `sendBufferSize` plus one message however many
   * blocking sends are started without awaiting each: a send that finds the output over the
   * limit (or other sends waiting) waits in line, holding a reference to `data`, not a copy,
   * and is copied out only when its turn comes. So, as with Node's `socket.write`, **do not
   * change a packet or an array until its send has settled**: a waiting send sends what `data`
   * holds at its turn (a packet's `onSend` runs then too, and an exception it throws rejects that
   * send). Once the Promise settles the bytes have been copied, and `data` may be reused. Bytes
   * always leave in the order of the calls; a non-blocking send finds no room while blocking
   * sends wait.
   *
   * @param data - the bytes or the packet.
   * @returns the status and the bytes handed over by this call; `Disconnected` or `Error` when
   *   the connection is gone.
   * @throws (as a rejection, never thrown) TypeError when `data` is neither, when the socket is closed or not connected, when
   *   output was shut down, or when a different packet is sent while one is partially sent.
   * @example
   * ```ts
   * let result = await socket.send(packet);
   * while (result.status === SocketStatus.Partial) result = await socket.send(packet);
   * ```
   */
  send(data: Uint8Array | Packet): Promise<SendResult> {
    try {
      if (!(data instanceof Uint8Array) && !(data instanceof Packet)) {
        throw new TypeError('TcpSocket.send: expected a Uint8Array or a Packet');
      }
      const channel = this.#channelFor('send');
      if (channel === null) return this.#afterHandshake(() => this.send(data)) ?? this.#writerNow().notConnected();
      const sending = this.#writerNow().send(channel, data, this.isBlocking());
      this.#watch?.afterSend();
      return sending;
    } catch (error) {
      return Promise.reject(error);
    }
  }

  /**
   * Receives raw bytes (up to `maxBytes`) or one whole {@link Packet}.
   *
   * @remarks
   * Blocking mode waits until something arrives (at most `getSoTimeout()` ms when set, then
   * `NotReady` with a `Timeout` error). Non-blocking mode answers `NotReady` at once when
   * nothing — or, for a packet, not yet the whole packet — is queued; a half packet is never
   * handed out. Data that arrived before the peer closed is always delivered first.
   *
   * A non-blocking call that finds nothing answers at once, except in a loop that polls with
   * nothing else awaited: after 64 empty answers within one turn of the event loop (over the
   * process) the next ones come on the next turn, so I/O runs and the loop makes progress.
   *
   * @param target - the packet to fill: refilled on `Done`, cleared on `Disconnected` and `Error`
   *   (as SFML clears it), left as it was on `NotReady`; or the largest number of bytes to take.
   * @returns `Done` with the bytes or the filled packet; `NotReady`; `Disconnected` when the peer
   *   closed; `Error` once with the failure (e.g. a reset, or a size above the limit, which also
   *   drops the connection), then `Disconnected`.
   * @throws (as a rejection, never thrown) TypeError / RangeError for a bad argument, a closed or never-connected socket.
   * @example
   * ```ts
   * const packet = new Packet();
   * if ((await socket.receive(packet)).status === SocketStatus.Done) console.log(packet.readUint32());
   * const { data } = await socket.receive(4096);
   * ```
   */
  receive(target: Packet): Promise<StatusResult>;
  receive(maxBytes: number): Promise<ReceiveResult>;
  receive(target: Packet | number): Promise<StatusResult | ReceiveResult> {
    try {
      if (!(target instanceof Packet)) checkSize('TcpSocket.receive', 'maxBytes', target, 1, 0x7fffffff);
      const channel = this.#channelFor('receive');
      if (channel === null) {
        const later = this.#afterHandshake(() => this.receive(target as Packet));
        if (later !== null) return later;
      }
      return this.#readerNow().receive(channel, target, this.isBlocking(), this.#soTimeout);
    } catch (error) {
      return Promise.reject(error);
    }
  }

  /**
   * Sends several packets with one call: their frames go out together, as many `send` calls in
   * one turn would, for one Promise instead of one each.
   *
   * @remarks
   * Blocking mode: settles `Done` (with `count` = all of them) once everything is handed to the
   * system and the output buffer is back under its limit; packets beyond the limit wait their
   * turn uncopied, as for {@link TcpSocket.send}, so do not change them until it settles. Non-blocking mode: hands over packets
   * while they fit under the limit and settles at once: `Done`; `Partial` when some went out —
   * `count` packets whole, and `packets[count]` in part or not at all (finish a part with
   * `send(packets[count])`, as for any Partial packet); `NotReady` when nothing fit.
   *
   * @param packets - the packets, sent in order.
   * @param count - how many of them, from the first (default: all).
   * @returns the status, the bytes handed over and the packets sent whole.
   * @throws (as a rejection, never thrown) TypeError / RangeError for a bad argument, a closed or never-connected socket, output
   *   shut down, or a packet still partially sent; and whatever a packet's `onSend` throws (the
   *   packets before that one have been sent, the ones from it on have not).
   * @example
   * ```ts
   * const updates = [1, 2, 3].map((id) => new Packet().writeUint32(id));
   * await socket.sendMany(updates);
   * ```
   */
  sendMany(packets: readonly Packet[], count = packets.length): Promise<SendManyResult> {
    try {
      checkPackets('TcpSocket.sendMany', packets, count, 0);
      const channel = this.#channelFor('sendMany');
      if (channel === null) return this.#afterHandshake(() => this.sendMany(packets, count)) ?? answerEmpty(NONE_SENT_NOW, NONE_SENT);
      const sending = this.#writerNow().sendMany(channel, packets, count, this.isBlocking());
      this.#watch?.afterSend();
      return sending;
    } catch (error) {
      return Promise.reject(error);
    }
  }

  /**
   * Receives as many whole packets as have arrived, up to `packets.length`, with one call.
   *
   * @remarks
   * Blocking mode waits for the first packet as {@link TcpSocket.receive} does, then fills the
   * next packets only with what has already arrived; non-blocking mode answers `NotReady` at once
   * when not even one whole packet is queued. When the connection ended after some packets, they
   * come first (`Done`) and the end is the next call's answer.
   *
   * @param packets - the packets to fill, from the first (each one filled is refilled; all are
   *   cleared on `Disconnected` and `Error`).
   * @returns `Done` with `count` ≥ 1 packets filled; `NotReady`, `Disconnected` or `Error` with
   *   `count` 0, as `receive` would answer.
   * @throws (as a rejection, never thrown) TypeError / RangeError for a bad argument (an empty array), a closed or
   *   never-connected socket.
   * @example
   * ```ts
   * const packets = Array.from({ length: 64 }, () => new Packet());
   * const { status, count } = await socket.receiveMany(packets);
   * for (let i = 0; i < count; i++) handle(packets[i]);
   * ```
   */
  receiveMany(packets: readonly Packet[]): Promise<ReceiveManyResult> {
    try {
      checkPackets('TcpSocket.receiveMany', packets, packets.length, 1);
      const channel = this.#channelFor('receiveMany');
      if (channel === null) {
        const later = this.#afterHandshake(() => this.receiveMany(packets));
        if (later !== null) return later;
      }
      return this.#readerNow().receiveMany(channel, packets, this.isBlocking(), this.#soTimeout);
    } catch (error) {
      return Promise.reject(error);
    }
  }

  /**
   * Shuts the output down (sends FIN) while input stays open: java.net's half-close.
   *
   * @throws TypeError when the socket is closed or not connected.
   * @example
   * ```ts
   * await socket.send(request);
   * socket.shutdownOutput(); // the peer's receive now reports Disconnected after the request
   * ```
   */
  shutdownOutput(): void {
    const channel = this.#channelFor('shutdownOutput');
    if (channel === null) return;
    // Sends still waiting for room go first: the FIN follows the bytes of every earlier call.
    if (this.#writer !== null) this.#writer.shutdownOutput(channel);
    else channel.shutdownOutput();
  }

  /**
   * Whether output was shut down by {@link TcpSocket.shutdownOutput}.
   *
   * @returns `true` after `shutdownOutput()` on the current connection.
   * @example
   * ```ts
   * socket.isOutputShutdown(); // false
   * ```
   */
  isOutputShutdown(): boolean {
    return this.#channel?.outputShut ?? false;
  }

  /**
   * The address of the peer: java.net's `getInetAddress`.
   *
   * @returns the peer's address; `null` before the first connection; after a close, the last
   *   peer's address.
   * @example
   * ```ts
   * console.log(String(socket.getRemoteAddress()));
   * ```
   */
  getRemoteAddress(): IpAddress | null {
    return this.#parsedEnds()?.remote ?? null;
  }

  /**
   * The port of the peer.
   *
   * @returns the port; 0 before the first connection; after a close, the last peer's port.
   * @example
   * ```ts
   * socket.getRemotePort(); // 53000
   * ```
   */
  getRemotePort(): number {
    return this.#ends?.remotePort ?? 0;
  }
  /**
   * The Unix socket this socket connected to (`connect(path)`).
   *
   * @returns the address; `null` for TCP, before any connect, or for a socket a listener accepted.
   * @example
   * ```ts
   * String(socket.getRemotePath()); // '/run/game/game.sock'
   * ```
   */
  getRemotePath(): UnixSocketAddress | null {
    return this.#path;
  }

  /**
   * What the TLS handshake of the current connection negotiated: protocol, cipher suite, ALPN,
   * the peer's certificate and whether it was verified.
   *
   * @returns the details; `null` when not connected or the connection is not TLS.
   * @example
   * ```ts
   * const info = socket.getTlsInfo();
   * if (info !== null) console.log(info.protocol, info.cipher, info.peerCertificate?.subject);
   * ```
   */
  getTlsInfo(): TlsInfo | null {
    return this.#channel?.connection.tls ?? null;
  }

  /**
   * Upgrades this connected socket to TLS as the client: SFML 3.1's `setupTlsClient`, the
   * STARTTLS step of protocols that begin in plaintext.
   *
   * @remarks
   * The server's certificate is verified by default: it must chain to a trusted authority
   * (`options.ca`, else the system's list) and name `hostname`, which is also sent as SNI.
   * Passing `false` as the options (SFML's `verifyPeer = false`) or `verifyPeer: false` turns
   * verification off, which is **dangerous**: anyone on the path can then read and change the
   * traffic.
   *
   * What was sent before goes out in plaintext first; bytes received and not yet read are taken
   * as the start of the peer's TLS stream. Blocking mode resolves when the handshake ended
   * (sends and receives made meanwhile wait for it). Non-blocking mode answers `HandshakeStarted`
   * at once; call again each tick until `HandshakeComplete` or `Error` (sends and receives
   * meanwhile answer `NotReady`). After `Error` the connection is closed (connect again to
   * retry); there is never a plaintext fallback. No security check is asked again: the
   * connection was checked when it was made. To connect with TLS in one call, give the socket a
   * {@link NodeTlsTransport} instead.
   *
   * @param hostname - the server's name: sent as SNI and checked against its certificate.
   * @param options - whom to trust and what to present ({@link TlsClientOptions}), or a boolean
   *   `verifyPeer` as in SFML.
   * @returns `HandshakeComplete`; `HandshakeStarted` (non-blocking, under way); `NotConnected`;
   *   `Error` with a `SocketError` whose kind says why (`CertificateUntrusted`,
   *   `CertificateExpired`, `HostnameMismatch`, `TlsProtocol`, `Timeout`).
   * @throws (as a rejection, never thrown) TypeError for a bad argument, or when sends or
   *   receives are still waiting (settle them first: the bytes after them belong to TLS).
   * @example
   * ```ts
   * await socket.connect('localhost', port);
   * await socket.send(new Packet().writeString('STARTTLS'));
   * const { status, error } = await socket.setupTlsClient('localhost', { ca });
   * if (status !== TlsStatus.HandshakeComplete) throw new Error(`no TLS: ${error?.kind}`);
   * ```
   */
  setupTlsClient(hostname: string, options: TlsClientOptions | boolean = {}): Promise<TlsResult> {
    try {
      if (typeof hostname !== 'string' || hostname === '') throw new TypeError('TcpSocket.setupTlsClient: hostname must be a non-empty string');
      if (typeof options !== 'boolean' && (typeof options !== 'object' || options === null)) {
        throw new TypeError('TcpSocket.setupTlsClient: options must be TlsClientOptions or a boolean verifyPeer');
      }
      const settings: TlsClientOptions = typeof options === 'boolean' ? { verifyPeer: options } : options;
      return this.#setupTls({ role: 'client', options: { ...settings, serverName: settings.serverName ?? hostname } }, 'setupTlsClient');
    } catch (error) {
      return Promise.reject(error);
    }
  }

  /**
   * Upgrades this connected socket to TLS as the server: SFML 3.1's `setupTlsServer`.
   *
   * @remarks
   * Works as {@link TcpSocket.setupTlsClient} does (plaintext output first, unread bytes fed to
   * the handshake, `HandshakeStarted` in non-blocking mode), with the certificate chain and key
   * (and passphrase) to present, and optionally a client certificate to ask for. A client that
   * has not finished its handshake after `handshakeTimeoutMs` (10 s by default) fails it with
   * `Timeout`.
   *
   * @param options - the certificate chain, key, passphrase, client-certificate request.
   * @returns as for `setupTlsClient`.
   * @throws (as a rejection, never thrown) TypeError for missing `certChain` / `key`, or when sends
   *   or receives are still waiting.
   * @example
   * ```ts
   * if ((await listener.accept(client)).status === SocketStatus.Done) {
   *   const { status } = await client.setupTlsServer({ certChain, key });
   *   if (status === TlsStatus.HandshakeComplete) console.log(client.getCurrentCiphersuiteName());
   * }
   * ```
   */
  setupTlsServer(options: TlsServerOptions): Promise<TlsResult> {
    try {
      if (typeof options !== 'object' || options === null || options.certChain === undefined || options.key === undefined) {
        throw new TypeError('TcpSocket.setupTlsServer: options need certChain and key');
      }
      return this.#setupTls({ role: 'server', options }, 'setupTlsServer');
    } catch (error) {
      return Promise.reject(error);
    }
  }

  /**
   * The name of the TLS cipher suite in use: SFML 3.1's `getCurrentCiphersuiteName`.
   *
   * @returns the IANA name (e.g. `'TLS_AES_256_GCM_SHA384'`); `null` when not connected or not TLS.
   * @example
   * ```ts
   * console.log(socket.getCurrentCiphersuiteName() ?? 'plaintext');
   * ```
   */
  getCurrentCiphersuiteName(): string | null {
    return this.getTlsInfo()?.cipher ?? null;
  }

  /**
   * What the PROXY protocol header of this accepted connection said: the proxy's own address
   * and port, the client's as announced, and the TLVs (ALPN, authority, unique id, SSL).
   *
   * @remarks
   * Set on sockets accepted by a `TcpListener` over a `ProxyProtocolTransport`; there
   * `getRemoteAddress` is already the client's, and this is where the proxy's address stays readable.
   *
   * @returns the header's content; `null` when not connected or the connection had no header.
   * @example
   * ```ts
   * const info = socket.getProxyInfo();
   * if (info !== null) console.log(`${String(socket.getRemoteAddress())} via ${info.proxyAddress}:${info.proxyPort}`);
   * ```
   */
  getProxyInfo(): ProxyInfo | null {
    return this.#channel?.connection.proxy ?? null;
  }


  /**
   * The local address the connection uses.
   *
   * @returns the address; `null` before the first connection; after a close, the last one.
   */
  getLocalAddress(): IpAddress | null {
    return this.#parsedEnds()?.local ?? null;
  }

  /**
   * The local port the connection uses.
   *
   * @returns the port; 0 before the first connection (SFML's rule); after a close, the last one.
   */
  getLocalPort(): number {
    return this.#ends?.localPort ?? 0;
  }

  /**
   * Whether the socket was ever connected, java.net's rule: it stays `true` after a close.
   *
   * @returns `true` once a connection succeeded (until the next connect attempt).
   * @example
   * ```ts
   * socket.disconnect();
   * socket.isConnected(); // still true
   * ```
   */
  isConnected(): boolean {
    return (this.#flags & CONNECTED) !== 0;
  }

  /**
   * Whether the socket was closed here with `disconnect()` / `close()` (not by the peer).
   *
   * @returns `true` after a local close, until the next connect.
   * @example
   * ```ts
   * new TcpSocket().isClosed(); // false
   * ```
   */
  isClosed(): boolean {
    return (this.#flags & CLOSED) !== 0;
  }

  /**
   * Whether the socket was ever bound to a local address (a connection binds it); stays `true` after a close.
   *
   * @returns `true` once connected.
   */
  isBound(): boolean {
    return this.getLocalPort() !== 0;
  }

  /**
   * Turns Nagle's algorithm off (`true`, the default, as SFML does) or on: java.net's `TCP_NODELAY`.
   *
   * @param on - `true` to send small writes at once.
   * @throws TypeError when `on` is not a boolean.
   * @example
   * ```ts
   * socket.setTcpNoDelay(false); // let the system coalesce small writes
   * ```
   */
  setTcpNoDelay(on: boolean): void {
    this.#setFlag(NO_DELAY, checkBoolean('TcpSocket.setTcpNoDelay', on));
    this.#channel?.connection.setNoDelay(on);
  }

  /**
   * Whether Nagle's algorithm is off.
   *
   * @returns `true` (the default) when small writes go out at once.
   * @example
   * ```ts
   * socket.getTcpNoDelay(); // true
   * ```
   */
  getTcpNoDelay(): boolean {
    return (this.#flags & NO_DELAY) !== 0;
  }

  /**
   * Turns TCP keep-alive probes on or off (`SO_KEEPALIVE`, off by default), optionally with the
   * idle time before the first probe (`TCP_KEEPIDLE`).
   *
   * @remarks
   * Keep-alive finds a peer whose host is gone (cable pulled, machine off) after the idle time
   * plus the system's probes (on Linux 9 probes 75 s apart: `net.ipv4.tcp_keepalive_probes` and
   * `tcp_keepalive_intvl`); the receive then reports `Error` of kind `'Timeout'`. It does not
   * find a peer process that is frozen or stuck while its host still answers: the peer's system
   * acknowledges the probes. For that, both ends turn on {@link TcpSocket.setHeartbeat}.
   * Kept across connects and applied to each new connection.
   *
   * @param on - `true` to probe idle connections.
   * @param delayMs - idle milliseconds before the first probe (Node applies it in whole
   *   seconds); 0 (the default) keeps the system's (2 hours on Linux).
   * @throws TypeError / RangeError when `on` is not a boolean or `delayMs` is not a non-negative number.
   * @example
   * ```ts
   * socket.setKeepAlive(true, 30_000); // probe after 30 s of silence
   * ```
   */
  setKeepAlive(on: boolean, delayMs = 0): void {
    this.#setFlag(KEEP_ALIVE, checkBoolean('TcpSocket.setKeepAlive', on));
    const delay = checkMilliseconds('TcpSocket.setKeepAlive', 'delay', delayMs);
    if (delay !== 0 || this.#options !== null) this.#optionsNow().keepAliveDelayMs = delay;
    this.#channel?.connection.setKeepAlive(on, delay);
  }

  /**
   * The idle time before the first keep-alive probe, as set by {@link TcpSocket.setKeepAlive}.
   *
   * @returns milliseconds; 0 (the default) for the system's.
   * @example
   * ```ts
   * socket.getKeepAliveDelay(); // 0
   * ```
   */
  getKeepAliveDelay(): number {
    return this.#options?.keepAliveDelayMs ?? 0;
  }

  /**
   * Whether keep-alive probes are on.
   *
   * @returns `false` by default.
   * @example
   * ```ts
   * socket.getKeepAlive(); // false
   * ```
   */
  getKeepAlive(): boolean {
    return (this.#flags & KEEP_ALIVE) !== 0;
  }

  /**
   * Sets the receive timeout of blocking receives, java.net's `SO_TIMEOUT` (0: wait forever, the default).
   *
   * @remarks
   * A blocking receive that waits longer settles `NotReady` with a {@link SocketError} of kind
   * `'Timeout'`; the socket stays connected and usable, as after Java's `SocketTimeoutException`.
   *
   * @param timeoutMs - milliseconds, 0 for none.
   * @throws RangeError / TypeError for a negative or non-finite value.
   */
  setSoTimeout(timeoutMs: number): void {
    this.#soTimeout = checkMilliseconds('TcpSocket.setSoTimeout', 'timeout', timeoutMs);
  }

  /**
   * The receive timeout.
   *
   * @returns milliseconds; 0 for none.
   * @example
   * ```ts
   * socket.getSoTimeout(); // 0
   * ```
   */
  getSoTimeout(): number {
    return this.#soTimeout;
  }

  /**
   * Sets the largest packet this socket accepts (default from the context's limits, 4 MiB).
   *
   * @param bytes - the payload limit, 0 to 0xFFFFFFFF.
   * @throws RangeError / TypeError for a value out of range.
   * @example
   * ```ts
   * socket.setMaxPacketSize(64 * 1024);
   * ```
   */
  setMaxPacketSize(bytes: number): void {
    this.#readerNow().maxPacketSize = checkSize('TcpSocket.setMaxPacketSize', 'bytes', bytes, 0, 0xffffffff);
  }

  /**
   * The largest packet this socket accepts.
   *
   * @returns bytes of payload.
   * @example
   * ```ts
   * socket.getMaxPacketSize(); // 4194304
   * ```
   */
  getMaxPacketSize(): number {
    return this.#reader?.maxPacketSize ?? this.context.limits.maxPacketSize;
  }

  /**
   * The bytes this socket holds for sending: ws's `bufferedAmount`, Node's `writableLength`.
   *
   * @remarks
   * What was handed over and not yet written to the system (this tick's batch and the
   * transport's buffer), plus what blocking sends waiting in line still hold (a packet counts its
   * frame, `4 + getDataSize()`). It grows when the peer reads slower than the program sends; a
   * server compares it with the limits' `sendHighWaterMark` to find a slow client before it costs
   * memory (see the game-loop guide).
   *
   * @returns bytes; 0 before a connection, while a non-blocking connect is pending, and after a close.
   * @example
   * ```ts
   * if (client.getQueuedBytes() > 512 * 1024) client.disconnect(); // too slow: drop it
   * ```
   */
  getQueuedBytes(): number {
    const channel = this.#channel;
    if (channel === null || this.#writer === null) return channel?.outbound ?? 0;
    return this.#writer.queuedBytes(channel);
  }

  /**
   * Waits until the queued output has drained to the low-water mark: ws's and Node's `drain`.
   *
   * @remarks
   * The mark in force is the limits' `sendLowWaterMark`, at most `sendHighWaterMark` and
   * `sendBufferSize` (see {@link SocketLimits}). Waits started together all settle at the same
   * room signal; a wait does not stop sends.
   *
   * @param timeoutMs - give up after this many milliseconds; 0 (the default) waits as long as the connection lives.
   * @returns `Done` once {@link TcpSocket.getQueuedBytes} is at or under the mark (at once when
   *   it already is); `NotReady` with a {@link SocketError} of kind `'Timeout'` when the time ran
   *   out first (the connection stays usable); `Disconnected` or `Error` when the connection
   *   ended first; `NotReady` while a non-blocking connect is pending.
   * @throws (as a rejection, never thrown) TypeError / RangeError for a bad timeout, a closed or never-connected socket.
   * @example
   * ```ts
   * await socket.send(packet);
   * const { status } = await socket.waitForDrain(5000);
   * if (status !== SocketStatus.Done) socket.disconnect(); // the peer does not read
   * ```
   */
  waitForDrain(timeoutMs = 0): Promise<StatusResult> {
    try {
      checkMilliseconds('TcpSocket.waitForDrain', 'timeout', timeoutMs);
      this.#channelFor('waitForDrain');
      return this.#watchNow().waitForDrain(this.context.clock, timeoutMs);
    } catch (error) {
      return Promise.reject(error);
    }
  }

  /**
   * The readiness a selector watches for sending: up while connected and under the water marks.
   *
   * @internal
   */
  override _sendReadiness(): Readiness {
    return this.#watchNow().readiness;
  }

  /** The send watch, made when first asked for. */
  #watchNow(): OutputWatch {
    if (this.#watch !== null) return this.#watch;
    const watch = (this.#watch = new OutputWatch(this.context.limits, () => this.getQueuedBytes(), () => this.getSendBufferSize()));
    watch.attach(this.#channel);
    return watch;
  }

  /**
   * Sets the IP type-of-service (IPv4) / traffic-class (IPv6) byte of this socket's packets:
   * java.net's `setTrafficClass`, e.g. `0x10` for low delay or a DSCP value shifted left by 2.
   *
   * @remarks
   * As in Java it is a hint: applied to the current connection and every later one where the
   * platform can set it (Node 24 and later: `net.Socket#setTypeOfService`), ignored where it
   * cannot (Node 20 and 22, Unix sockets). {@link TcpSocket.getTrafficClass} tells what the system
   * reports.
   *
   * @param trafficClass - 0 to 255.
   * @throws RangeError for a value outside 0 to 255 or not a whole number.
   * @example
   * ```ts
   * socket.setTrafficClass(0xb8); // DSCP EF (46 << 2): voice-like traffic
   * ```
   */
  setTrafficClass(trafficClass: number): void {
    this.#optionsNow().trafficClass = checkSize('TcpSocket.setTrafficClass', 'trafficClass', trafficClass, 0, 255);
    this.#channel?.connection.setTrafficClass?.(trafficClass);
  }

  /**
   * The traffic-class byte: what the system reports for the current connection where it can be
   * read (Node 24 and later), otherwise the value last set.
   *
   * @returns 0 to 255; 0 before any was set and where the system cannot say.
   * @example
   * ```ts
   * socket.setTrafficClass(0x10);
   * console.log(socket.getTrafficClass()); // 16 on Node 24
   * ```
   */
  getTrafficClass(): number {
    return this.#channel?.connection.getTrafficClass?.() ?? Math.max(0, this.#options?.trafficClass ?? 0);
  }

  /**
   * Sets `SO_LINGER`: what `disconnect()` / `close()` does with output the peer has not taken yet.
   *
   * @remarks
   * Off (the default): the close is graceful, queued bytes go first, and a peer that does not
   * take them within 2 s is reset. On with `lingerSeconds` > 0: the same with that bound instead.
   * On with 0: the close resets the connection at once (an RST, Node's `resetAndDestroy`):
   * queued bytes are dropped, the memory they held is freed now, and the peer's next receive
   * reports the reset (`Error` of kind `'Reset'`, then `Disconnected`). Kept across connects and
   * after a close, as in java.net.
   *
   * @param on - whether to linger.
   * @param lingerSeconds - the bound in seconds when `on` (0 to 65535, java.net's cap); ignored when off.
   * @throws TypeError / RangeError for a non-boolean `on` or a bad `lingerSeconds`.
   * @example
   * ```ts
   * client.setSoLinger(true, 0);
   * client.disconnect(); // reset at once: nothing queued is kept
   * ```
   */
  setSoLinger(on: boolean, lingerSeconds = 0): void {
    checkBoolean('TcpSocket.setSoLinger', on);
    const seconds = on ? checkSize('TcpSocket.setSoLinger', 'lingerSeconds', lingerSeconds, 0, 65535) : -1;
    if (seconds !== -1 || this.#options !== null) this.#optionsNow().linger = seconds;
  }

  /**
   * The `SO_LINGER` setting.
   *
   * @returns the linger time in seconds; -1 when off (the default), as java.net answers.
   * @example
   * ```ts
   * new TcpSocket().getSoLinger(); // -1
   * ```
   */
  getSoLinger(): number {
    return this.#options?.linger ?? -1;
  }

  /**
   * Shuts the input down, java.net's `shutdownInput`: receives report `Disconnected` from now on,
   * and what was queued or arrives later is discarded.
   *
   * @remarks
   * Node cannot shut a socket's reading half down (`shutdown(SHUT_RD)`), so the socket keeps
   * reading and throws the bytes away, as Java's socket does: the peer's sends still succeed.
   * Output is not affected. Calling it again does nothing.
   *
   * @throws TypeError when the socket is closed or not connected.
   * @example
   * ```ts
   * socket.shutdownInput();
   * (await socket.receive(new Packet())).status; // SocketStatus.Disconnected
   * ```
   */
  shutdownInput(): void {
    this.#channelFor('shutdownInput')?.shutdownInput();
  }

  /**
   * Whether input was shut down by {@link TcpSocket.shutdownInput}.
   *
   * @returns `true` after `shutdownInput()` on the current connection; `false` when there is none.
   * @example
   * ```ts
   * socket.isInputShutdown(); // false
   * ```
   */
  isInputShutdown(): boolean {
    return this.#channel?.inputShut ?? false;
  }

  /**
   * Sets the most bytes this socket lets wait for the network: java.net's `setSendBufferSize`,
   * applied to the SDK's own output queue.
   *
   * @remarks
   * Node offers no `SO_SNDBUF` for TCP sockets, so this bounds what the SDK holds above the
   * system instead: the socket's `sendBufferSize` limit. A blocking send waits while more is
   * queued; a non-blocking send hands over only what fits (`Partial` / `NotReady`). It applies
   * at once, also to the current connection; the water marks in force are at most this.
   *
   * @param bytes - at least 1.
   * @throws TypeError / RangeError for a value that is not a positive integer.
   * @example
   * ```ts
   * socket.setSendBufferSize(64 * 1024);
   * ```
   */
  setSendBufferSize(bytes: number): void {
    const size = checkSize('TcpSocket.setSendBufferSize', 'bytes', bytes, 1, Number.MAX_SAFE_INTEGER);
    this.#optionsNow().sendBufferSize = size;
    if (this.#writer !== null) this.#writer.limit = size;
  }

  /**
   * The bound of this socket's output queue.
   *
   * @returns bytes: the value set, else the limits' `sendBufferSize` (1 MiB by default), before a connection and after a close alike.
   * @example
   * ```ts
   * new TcpSocket().getSendBufferSize(); // 1048576
   * ```
   */
  getSendBufferSize(): number {
    return this.#options?.sendBufferSize ?? this.context.limits.sendBufferSize;
  }

  /**
   * Sets how many received bytes this socket queues before it stops reading: java.net's
   * `setReceiveBufferSize`, applied to the SDK's own input queue.
   *
   * @remarks
   * Node offers no `SO_RCVBUF` for TCP sockets; this is the socket's `receiveBufferSize` limit,
   * past which TCP flow control pushes back on the peer. As java.net advises, set it before
   * connecting (or before `accept` fills the socket): it applies from the next connection.
   *
   * @param bytes - at least 1.
   * @throws TypeError / RangeError for a value that is not a positive integer.
   * @example
   * ```ts
   * socket.setReceiveBufferSize(64 * 1024);
   * await socket.connect(IpAddress.LocalHost, 53000);
   * ```
   */
  setReceiveBufferSize(bytes: number): void {
    this.#optionsNow().receiveBufferSize = checkSize('TcpSocket.setReceiveBufferSize', 'bytes', bytes, 1, Number.MAX_SAFE_INTEGER);
  }

  /**
   * The bound of this socket's input queue.
   *
   * @returns bytes: the value set, else the limits' `receiveBufferSize` (256 KiB by default).
   * @example
   * ```ts
   * new TcpSocket().getReceiveBufferSize(); // 262144
   * ```
   */
  getReceiveBufferSize(): number {
    return this.#options?.receiveBufferSize ?? this.context.limits.receiveBufferSize;
  }

  /**
   * Turns the opt-in heartbeat on (`intervalMs` > 0) or off (0): both ends of an SDK-to-SDK
   * connection find a peer that stopped answering without closing, as Socket.IO's
   * `pingInterval` / `pingTimeout` do.
   *
   * @remarks
   * With it on, the socket sends an empty SFML frame (a size prefix of 0, 4 bytes) every
   * `intervalMs` while its output has no partly sent packet or waiting send, and takes every
   * empty frame out of what it receives. When nothing at all (data or heartbeat) has arrived for
   * `intervalMs + timeoutMs`, the connection is dropped and receives report `Disconnected` with a
   * {@link SocketError} of kind `'Timeout'` (once; then plain `Disconnected`), found within that
   * time plus a timer's lateness.
   *
   * **Both ends must turn it on**, and use packets only: a peer without it (an SFML program, or
   * an SDK socket with it off) receives each heartbeat as an empty packet, and, sending none,
   * is declared dead after `intervalMs + timeoutMs` of its own silence; an empty packet sent on
   * purpose is taken for a heartbeat. See `docs/wire-format.md`. It applies from the next
   * connection (set it before `connect`, or before `accept` fills the socket) and is kept
   * across connects.
   *
   * @param intervalMs - milliseconds between heartbeats; 0 turns it off.
   * @param timeoutMs - extra silence tolerated, in milliseconds (default: `intervalMs`).
   * @throws TypeError / RangeError for a negative or non-finite value, or a sum above 2147483647.
   * @example
   * ```ts
   * socket.setHeartbeat(5000, 5000); // a dead peer is found within ~10 s
   * await socket.connect(IpAddress.LocalHost, 53000);
   * ```
   */
  setHeartbeat(intervalMs: number, timeoutMs = intervalMs): void {
    const interval = checkMilliseconds('TcpSocket.setHeartbeat', 'interval', intervalMs);
    const timeout = checkMilliseconds('TcpSocket.setHeartbeat', 'timeout', timeoutMs);
    if (interval + timeout > 0x7fffffff) throw new RangeError('TcpSocket.setHeartbeat: intervalMs + timeoutMs is above 2147483647');
    if (interval === 0 && this.#options === null) return;
    this.#optionsNow().heartbeat = interval === 0 ? null : Object.freeze({ intervalMs: interval, timeoutMs: timeout });
  }

  /**
   * The heartbeat setting.
   *
   * @returns the interval and timeout; `null` when off (the default).
   * @example
   * ```ts
   * new TcpSocket().getHeartbeat(); // null
   * ```
   */
  getHeartbeat(): HeartbeatOptions | null {
    return this.#options?.heartbeat ?? null;
  }

  /** The rarely set options, made on first use. */
  #optionsNow(): TcpOptions {
    return (this.#options ??= new TcpOptions(this.context.limits.sendBufferSize, this.context.limits.receiveBufferSize));
  }

  /**
   * Takes an accepted connection, dropping any current one: how `TcpListener.accept` fills the
   * socket (through `attachConnection`); not for applications.
   *
   * @internal
   */
  _attach(connection: StreamConnection): void {
    this.#drop();
    this.#adopt(connection);
  }

  /** The reader, made by the first receive. */
  #readerNow(): TcpReader {
    return (this.#reader ??= new TcpReader(this.context, this.readiness));
  }

  /** The connection's writer, made by its first send. */
  #writerNow(): TcpWriter {
    return (this.#writer ??= new TcpWriter(this.getSendBufferSize()));
  }

  /** Sets or clears one of the flags. */
  #setFlag(flag: number, on: boolean): void {
    this.#flags = on ? this.#flags | flag : this.#flags & ~flag;
  }

  /** The channel to work on; `null` while a non-blocking connect or a TLS handshake is pending; throws when there is none. */
  #channelFor(method: string): StreamChannel | null {
    if (this.#channel !== null) return this.#channel;
    if (this.#attempt !== null || this.#handshaking()) return null;
    throw new TypeError(`TcpSocket.${method}: the socket is ${this.isClosed() ? 'closed' : 'not connected'}`);
  }

  /** The TLS setup step for either side: the answer of one under way, or a new one started. */
  #setupTls(upgrade: TlsUpgrade, method: string): Promise<TlsResult> {
    const setup = this.#tls;
    if (setup !== null) {
      if (setup.result === undefined) return this.isBlocking() ? setup.done : answerEmpty(TLS_STARTED_NOW, TLS_STARTED);
      this.#tls = null;
      return Promise.resolve(setup.result);
    }
    const channel = this.#channel;
    if (channel === null || channel.finished) return Promise.resolve(TLS_NOT_CONNECTED);
    if (channel.connection.tls != null) return Promise.resolve(TLS_COMPLETE);
    if (channel.busy || this.#writer?.busy === true) {
      throw new TypeError(`TcpSocket.${method}: sends or receives are still waiting; let them settle first`);
    }
    const generation = this.#generation;
    this.#channel = null;
    this.readiness.set(false);
    const started = new TlsSetup(channel, upgrade, (outcome) => this.#finishTls(channel, generation, outcome));
    this.#tls = started;
    if (!this.isBlocking()) return answerEmpty(TLS_STARTED_NOW, TLS_STARTED);
    return started.done.then((result) => {
      if (this.#tls === started) this.#tls = null;
      return result;
    });
  }

  /** The end of a TLS handshake: the encrypted connection replaces the plaintext one, or the socket is left disconnected. */
  #finishTls(plain: StreamChannel, generation: number, outcome: StreamConnection | SocketError): TlsResult {
    if (generation !== this.#generation) {
      // disconnect() came first.
      if (!(outcome instanceof SocketError)) outcome.destroy();
      return TLS_NOT_CONNECTED;
    }
    this.#writer = null;
    if (outcome instanceof SocketError) {
      // The plaintext channel, closed, stands for the failed connection: sends and receives answer Disconnected.
      plain.close();
      this.#channel = plain;
      return { status: TlsStatus.Error, error: outcome };
    }
    this.#adopt(outcome);
    return TLS_COMPLETE;
  }

  /** Whether a TLS handshake is under way. */
  #handshaking(): boolean {
    return this.#tls !== null && this.#tls.result === undefined;
  }

  /** In blocking mode during a TLS handshake: `again` once the handshake ended; otherwise `null`. */
  #afterHandshake<T>(again: () => Promise<T>): Promise<T> | null {
    const setup = this.#tls;
    if (setup === null || setup.result !== undefined || !this.isBlocking()) return null;
    return setup.done.then(again);
  }

  /** Lets go of the current connection (gracefully) and of any connect or TLS handshake in progress. */
  #drop(): void {
    if (this.#handshaking()) this.#tls?.abort();
    this.#tls = null;
    this.#parsedEnds();
    this.#generation++;
    this.#abandonConnect?.();
    this.#abandonConnect = null;
    this.#attempt = null;
    this.#writer = null;
    const channel = this.#channel;
    this.#channel = null;
    channel?.abandon(lingerMs(this.#options?.linger ?? -1));
    this.readiness.set(false);
    this.#watch?.attach(null);
  }

  /** The last connection's ends, its addresses parsed now if not done yet; `null` before any connection. */
  #parsedEnds(): ParsedEnds | null {
    const ends = this.#ends;
    if (ends === null || 'remote' in ends) return ends;
    const { remotePort, localPort } = ends;
    return (this.#ends = { remote: IpAddress.tryParse(ends.remoteAddress), remotePort, local: IpAddress.tryParse(ends.localAddress), localPort });
  }

  /** Connects with `open` (which asks the checks and opens the connection); `remote` names the target the socket reports. */
  async #connectNow(open: () => Promise<StreamConnection | SocketError>, remote: IpAddress | string | UnixSocketAddress): Promise<StatusResult> {
    if (this.#channel !== null) this.#drop();
    const generation = ++this.#generation;
    this.#flags &= ~CONNECTED;
    this.#path = remote instanceof UnixSocketAddress ? remote : null;
    const opening = open();
    const abandoned = new Promise<null>((resolve) => (this.#abandonConnect = () => resolve(null)));
    const outcome = await Promise.race([opening, abandoned]);
    this.#abandonConnect = null;
    if (outcome instanceof SocketError) return failed(outcome);
    if (outcome === null || generation !== this.#generation) {
      // disconnect() came first: whatever the attempt still produces is closed.
      void opening.then((late) => (late instanceof SocketError ? undefined : late.destroy()));
      return DISCONNECTED;
    }
    this.#adopt(outcome);
    return DONE;
  }

  /** Takes `connection` as the current one. */
  #adopt(connection: StreamConnection): void {
    const channel = (this.#channel = new StreamChannel(connection, this.readiness, this.getReceiveBufferSize()));
    if (!this.getTcpNoDelay()) connection.setNoDelay(false);
    if (this.getKeepAlive()) connection.setKeepAlive(true, this.getKeepAliveDelay());
    const trafficClass = this.#options?.trafficClass ?? -1;
    if (trafficClass >= 0) connection.setTrafficClass?.(trafficClass);
    const heartbeat = this.#options?.heartbeat;
    if (heartbeat != null) channel.startHeartbeat(heartbeat, this.context.clock, () => this.#writer === null || this.#writer.idle);
    this.#ends = connection;
    this.#flags = (this.#flags | CONNECTED) & ~CLOSED;
    this.#watch?.attach(this.#channel);
  }
}

/** Checks a batch: an array of at least `min` Packets, and `count` from 0 to its length. */
function checkPackets(method: string, packets: unknown, count: unknown, min: number): void {
  if (!Array.isArray(packets)) throw new TypeError(`${method}: expected an array of Packets`);
  checkSize(method, 'the number of packets', packets.length, min, 0xffffffff);
  checkSize(method, 'count', count, 0, packets.length);
  for (let i = 0; i < (count as number); i++) {
    if (!(packets[i] instanceof Packet)) throw new TypeError(`${method}: packets[${i}] is not a Packet`);
  }
}

/** The linger bound a close uses: -1 (the transport's own) when off, else `SO_LINGER`'s seconds in ms (0: reset). */
function lingerMs(lingerSeconds: number): number {
  return lingerSeconds < 0 ? -1 : lingerSeconds * 1000;
}
