import type { SocketError } from '../core/SocketError.js';
import type { ProxyInfo } from './ProxyInfo.js';
import type { TlsInfo } from './TlsInfo.js';
import type { TlsUpgrade } from './TlsOptions.js';

/**
 * The most bytes a {@link StreamConnection.writeMessage} may add to `bufferedAmount` beyond the
 * payload: the frame's header (a WebSocket frame's is 2 to 14 bytes). A transport of your own
 * that has `writeMessage` keeps to it: a blocking send that finds the output this far under its
 * limit does not ask `bufferedAmount` again after the message.
 *
 * @example
 * ```ts
 * const payload = new Uint8Array(64);
 * const bufferedBefore = 1000;
 * bufferedBefore + payload.length + MESSAGE_HEADER_MAX <= 64 * 1024; // true: still under a 64 KiB limit after the message
 * ```
 */
export const MESSAGE_HEADER_MAX = 16;

/**
 * Callbacks a {@link StreamConnection} delivers its events to.
 *
 * @example
 * ```ts
 * connection.attach({
 *   data: (chunk) => queue.push(chunk),
 *   end: () => console.log('peer sent FIN'),
 *   close: (error) => console.log('closed', error?.code),
 *   drain: () => flushMore(),
 * });
 * ```
 */
export interface StreamHandler {
  /**
   * A chunk of bytes arrived. The chunk is handed over: the transport keeps no reference.
   *
   * @example
   * ```ts
   * connection.attach({ ...handler, data: (chunk) => queue.push(chunk) });
   * ```
   */
  data(chunk: Uint8Array): void;
  /**
   * The peer shut down its output (FIN): no more data will arrive.
   *
   * @example
   * ```ts
   * connection.attach({ ...handler, end: () => console.log('the peer will send nothing more') });
   * ```
   */
  end(): void;
  /**
   * The connection is fully closed; `error` is set when it closed because of a failure.
   *
   * @example
   * ```ts
   * connection.attach({ ...handler, close: (error) => console.log('closed', error?.code ?? 'cleanly') });
   * ```
   */
  close(error?: SocketError): void;
  /**
   * The output buffer went back under the transport's mark after a `write` returned `false`.
   *
   * @example
   * ```ts
   * connection.attach({ ...handler, drain: () => flushMore() });
   * ```
   */
  drain(): void;
}

/**
 * One open, connected byte stream: what a TCP socket needs from the operating system.
 *
 * @remarks
 * This is the seam between the SDK and `node:net`. A test or a new transport (TLS, an in-memory
 * pipe) implements it; nothing above it changes.
 *
 * @example
 * ```ts
 * const connection = await transport.connect({ host: '127.0.0.1', port: 5000 });
 * connection.attach(handler);
 * connection.write(new Uint8Array([1, 2, 3]));
 * ```
 */
export interface StreamConnection {
  /**
   * The peer's address as the system reports it (`'127.0.0.1'`, `'::1'`).
   */
  readonly remoteAddress: string;
  /**
   * The peer's port.
   */
  readonly remotePort: number;
  /**
   * The local address the connection is bound to.
   */
  readonly localAddress: string;
  /**
   * The local port.
   */
  readonly localPort: number;
  /**
   * Bytes written but not yet handed to the kernel.
   *
   * @example
   * ```ts
   * if (connection.bufferedAmount > 1024 * 1024) connection.pause();
   * ```
   */
  readonly bufferedAmount: number;
  /**
   * Optional: what a TLS connection negotiated; absent (or `null`) on a plain connection.
   *
   * @example
   * ```ts
   * console.log(connection.tls?.protocol); // 'TLSv1.3'
   * ```
   */
  readonly tls?: TlsInfo | null;
  /**
   * Optional: what the PROXY protocol header of an accepted connection said (a
   * `ProxyProtocolTransport` sets it); absent (or `null`) on a connection read without one.
   *
   * @example
   * ```ts
   * console.log(connection.proxy?.proxyAddress); // the load balancer's address
   * ```
   */
  readonly proxy?: ProxyInfo | null;
  /**
   * Optional: `true` on a message-oriented connection (WebSocket). Each `data` chunk is then one
   * whole message and each `write` sends one whole message, so a socket maps one packet to one
   * message and skips its 4-byte size framing. Absent or `false`: a byte stream.
   *
   * @example
   * ```ts
   * if (connection.messages === true) connection.write(bytes); // one message, no size prefix
   * ```
   */
  readonly messages?: boolean;
  /**
   * Optional: `true` when the transport already asked the listener's `ListenOptions.admit`
   * about this client before its handshake completed, so the listener does not ask again.
   *
   * @example
   * ```ts
   * if (connection.admitted !== true) console.log('the listener asks checkAccept now');
   * ```
   */
  readonly admitted?: boolean;
  /**
   * Starts delivering events to `handler`; data that arrived before waits until then.
   */
  attach(handler: StreamHandler): void;
  /**
   * Queues bytes for sending; `false` means the buffer is over the transport's mark (wait for `drain`).
   *
   * @param data - the bytes; the transport keeps them (does not copy them) until they are written.
   * @param written - called once the transport is done with `data` (written to the system, or
   *   dropped because the connection closed), so the caller may reuse its memory. A transport
   *   may leave it uncalled: the caller then never reuses `data`.
   * @example
   * ```ts
   * if (!connection.write(bytes)) console.log('over the mark: wait for drain');
   * connection.write(bytes, () => console.log('written: bytes may be changed now'));
   * ```
   */
  write(data: Uint8Array, written?: () => void): boolean;
  /**
   * Optional, message-oriented connections: sends `payload` as one whole message and is done
   * with its memory when it returns (the transport frames it into a buffer of its own, or copies
   * it), so the caller may change it at once and needs no callback per message. A connection
   * that has it also has {@link StreamConnection.afterWrites} for the room signal.
   *
   * It adds at most {@link MESSAGE_HEADER_MAX} bytes beyond the payload to `bufferedAmount` (the
   * frame's header), so a sender that knew its room before need not ask again after a small one.
   *
   * @returns `false` when the buffer is over the transport's mark (wait for `drain`), as `write`.
   * @example
   * ```ts
   * if (connection.writeMessage !== undefined) connection.writeMessage(bytes); // bytes may be changed now
   * ```
   */
  writeMessage?(payload: Uint8Array): boolean;
  /**
   * Optional (with {@link StreamConnection.writeMessage}): calls `callback` once everything
   * written before is written to the system, or the connection is closed — the room signal of a
   * sender waiting for the output to empty. It sends nothing to the peer.
   *
   * @example
   * ```ts
   * connection.afterWrites?.(() => console.log('the output is written'));
   * ```
   */
  afterWrites?(callback: () => void): void;
  /**
   * Stops reading from the kernel, so TCP flow control pushes back on the peer.
   *
   * @example
   * ```ts
   * connection.pause(); // the peer's sends slow down once the kernel buffers fill
   * ```
   */
  pause(): void;
  /**
   * Resumes reading.
   */
  resume(): void;
  /**
   * Sends FIN after the queued bytes: the peer sees end of stream; reading goes on.
   *
   * @example
   * ```ts
   * connection.write(bytes);
   * connection.shutdownOutput();
   * ```
   */
  shutdownOutput(): void;
  /**
   * Closes at once, dropping unsent bytes.
   *
   * @example
   * ```ts
   * connection.destroy(); // unsent bytes are dropped
   * ```
   */
  destroy(): void;
  /**
   * Closes gracefully: queued bytes are sent, then FIN, then the handle is released; a peer that
   * does not take the queued bytes within a bounded time (2 s for `node:net`) is reset.
   *
   * @param lingerMs - optional: that bound, in milliseconds (java.net's `SO_LINGER` time); the
   *   transport's own when absent.
   * @example
   * ```ts
   * connection.close(); // queued bytes go first, for at most the transport's bound
   * connection.close(10_000); // wait up to 10 s for the peer to take them
   * ```
   */
  close(lingerMs?: number): void;
  /**
   * Optional: closes at once with a reset (RST), dropping unsent bytes: `SO_LINGER` with a time
   * of 0. A transport without it is closed with {@link StreamConnection.destroy} instead.
   *
   * @example
   * ```ts
   * connection.reset?.(); // the peer's next read fails with ECONNRESET
   * ```
   */
  reset?(): void;
  /**
   * Turns Nagle's algorithm off (`true`) or on.
   */
  setNoDelay(noDelay: boolean): void;
  /**
   * Turns TCP keep-alive probes on or off.
   *
   * @example
   * ```ts
   * connection.setKeepAlive(true, 60_000);
   * ```
   */
  setKeepAlive(enable: boolean, initialDelayMs: number): void;

  /**
   * Starts TLS on this connected stream (STARTTLS, SFML 3.1's `setupTlsClient` / `setupTlsServer`)
   * and resolves with the encrypted connection once the handshake completed.
   *
   * @remarks
   * From the call on, this connection delivers no more events to its handler and is not used
   * again: the returned one replaces it. `head` holds bytes already received and not yet read by
   * the application: they are the start of the peer's TLS stream and are fed to the handshake
   * first. The promise rejects with a `SocketError` (its kind says why) after closing the
   * connection. A transport that cannot encrypt leaves the method out.
   *
   * @param upgrade - the side to take and its options.
   * @param head - bytes received before and not yet read (may be empty).
   * @example
   * ```ts
   * const secure = await connection.startTls!({ role: 'client', options: { serverName: 'localhost' } }, new Uint8Array(0));
   * console.log(secure.tls?.protocol);
   * ```
   */
  startTls?(upgrade: TlsUpgrade, head: Uint8Array): Promise<StreamConnection>;

  /**
   * Optional: sends the transport's own liveness probe (a WebSocket ping frame), whose answer —
   * sent by any conforming peer, a browser included, without application code — calls `answered`.
   * The opt-in heartbeat uses it instead of its empty frames where it exists.
   *
   * @param answered - called when the peer's answer (a pong) arrives.
   * @example
   * ```ts
   * connection.ping?.(() => console.log('the peer is alive'));
   * ```
   */
  ping?(answered: () => void): void;

  /**
   * Optional: sets the IP type-of-service (IPv4) / traffic-class (IPv6) byte of the packets this
   * connection sends, where the platform can (`IP_TOS` / `IPV6_TCLASS`).
   *
   * @param value - 0 to 255.
   * @returns whether it was applied (`false`: this platform or transport cannot set it).
   * @example
   * ```ts
   * connection.setTrafficClass?.(0x10); // low delay
   * ```
   */
  setTrafficClass?(value: number): boolean;
  /**
   * Optional: the type-of-service / traffic-class byte the system reports for this connection.
   *
   * @returns the byte; `null` when this platform or transport cannot read it.
   * @example
   * ```ts
   * console.log(connection.getTrafficClass?.());
   * ```
   */
  getTrafficClass?(): number | null;
}
