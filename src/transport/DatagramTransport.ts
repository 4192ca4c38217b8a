import type { SocketError } from '../core/SocketError.js';

/**
 * Callbacks a {@link DatagramEndpoint} delivers its events to.
 *
 * @example
 * ```ts
 * const handler: DatagramHandler = {
 *   message: (data, address, port) => console.log(data.length, 'bytes from', address, port),
 *   error: (error) => console.error(error.code),
 * };
 * ```
 */
export interface DatagramHandler {
  /**
   * A datagram arrived from `address`:`port`.
   *
   * @example
   * ```ts
   * const handler: DatagramHandler = { message: (data, address, port) => console.log(data.length, address, port), error: () => {} };
   * ```
   */
  message(data: Uint8Array, address: string, port: number): void;
  /**
   * An asynchronous error was reported on the endpoint.
   *
   * @example
   * ```ts
   * const handler: DatagramHandler = { message: () => {}, error: (error) => console.error(error.code) };
   * ```
   */
  error(error: SocketError): void;
}

/**
 * Where and how to bind a datagram endpoint.
 *
 * @example
 * ```ts
 * const options: BindOptions = { host: '127.0.0.1', port: 0, family: 4 };
 * ```
 */
export interface BindOptions {
  /**
   * A numeric local address (`'0.0.0.0'`, `'::'`, `'127.0.0.1'`, `'::1'`).
   */
  readonly host: string;
  /**
   * The local port; 0 lets the system pick one.
   */
  readonly port: number;
  /**
   * The address family of the endpoint.
   */
  readonly family: 4 | 6;
  /**
   * Adopt this already-bound datagram socket (an inherited descriptor) instead of binding;
   * `host`, `port` and `family` are then ignored (the system says what it is bound to).
   *
   * @example
   * ```ts
   * await transport.bind({ host: '', port: 0, family: 4, fd: 3 }, handler);
   * ```
   */
  readonly fd?: number | undefined;
  /**
   * Optional: set `SO_REUSEADDR` before binding, so several sockets may bind the same address
   * and port (java.net's `setReuseAddress`).
   *
   * @example
   * ```ts
   * await transport.bind({ host: '127.0.0.1', port: 54000, family: 4, reuseAddress: true }, handler);
   * ```
   */
  readonly reuseAddress?: boolean | undefined;
  /**
   * Optional: the `SO_RCVBUF` to ask the system for once bound; absent or 0 keeps the system's.
   *
   * @example
   * ```ts
   * await transport.bind({ host: '127.0.0.1', port: 0, family: 4, receiveBufferSize: 1 << 20 }, handler);
   * ```
   */
  readonly receiveBufferSize?: number | undefined;
  /**
   * Optional: the `SO_SNDBUF` to ask the system for once bound; absent or 0 keeps the system's.
   *
   * @example
   * ```ts
   * await transport.bind({ host: '127.0.0.1', port: 0, family: 4, sendBufferSize: 1 << 20 }, handler);
   * ```
   */
  readonly sendBufferSize?: number | undefined;
}

/**
 * Called once when a datagram send is over: `null` when the system took the datagram, or why it
 * did not.
 *
 * @example
 * ```ts
 * const sent: DatagramSent = (error) => console.log(error === null ? 'sent' : error.code);
 * ```
 */
export type DatagramSent = (error: SocketError | null) => void;

/**
 * A bound datagram socket: what a UDP socket needs from the operating system.
 *
 * @example
 * ```ts
 * await endpoint.send(new Uint8Array([1]), '127.0.0.1', 5000);
 * ```
 */
export interface DatagramEndpoint {
  /**
   * The local address it is bound to.
   */
  readonly localAddress: string;
  /**
   * The local port it is bound to.
   */
  readonly localPort: number;
  /**
   * Sends one datagram to a numeric address; resolves once the system took it. Rejects with a
   * `SocketError` (e.g. `EACCES` for a broadcast without permission, `EMSGSIZE`), also when the
   * endpoint is closed before the system took it. An IPv6 endpoint bound to `'::'` also sends to
   * IPv4 addresses (dual-stack).
   */
  send(data: Uint8Array, address: string, port: number): Promise<void>;
  /**
   * Optional: {@link DatagramEndpoint.send} with a callback instead of a Promise. `sent` is called
   * once, with `null` when the system took the datagram, or with the `SocketError` that `send`
   * would reject with (also when the endpoint is closed first); it may be called before this
   * method returns. A `UdpSocket` uses it when the endpoint has it: it saves a Promise per
   * datagram. Each send passes a callback of its own.
   *
   * @example
   * ```ts
   * endpoint.sendWithCallback?.(new Uint8Array([1, 2, 3]), '127.0.0.1', 54000, (error) => {
   *   if (error !== null) console.error(error.code);
   * });
   * ```
   */
  sendWithCallback?(data: Uint8Array, address: string, port: number, sent: DatagramSent): void;
  /**
   * Optional: connects the endpoint to one peer (a connected UDP socket, `connect(2)`): the system
   * then delivers datagrams from that peer only, and sends to it skip the per-datagram route
   * look-up. Connecting again replaces the peer. Without it a `UdpSocket` connects by itself
   * (it filters what arrives); with it, sends to the peer must still name the peer.
   *
   * @example
   * ```ts
   * await endpoint.connect?.('127.0.0.1', 54000);
   * ```
   */
  connect?(address: string, port: number): Promise<void>;
  /**
   * Optional: forgets the peer set by {@link DatagramEndpoint.connect}; nothing when there is none.
   */
  disconnect?(): void;
  /**
   * Turns SO_BROADCAST on or off.
   */
  setBroadcast(enable: boolean): void;
  /**
   * Optional: reads (`bytes` absent) or sets `SO_RCVBUF` / `SO_SNDBUF` of the bound socket, as the
   * system reports it (Linux reports twice what was asked, its bookkeeping included).
   *
   * @param which - `'receive'` or `'send'`.
   * @param bytes - the size to ask for; absent to only read it.
   * @returns the system's value after the call.
   * @example
   * ```ts
   * endpoint.bufferSize?.('receive', 1 << 20); // 2097152 on Linux
   * ```
   */
  bufferSize?(which: 'receive' | 'send', bytes?: number): number;
  /**
   * Closes the endpoint; sends still in flight reject. Calling it again does nothing.
   */
  close(): Promise<void>;
}

/**
 * Binds datagram endpoints: the UDP part of the platform layer.
 *
 * @example
 * ```ts
 * const endpoint = await transport.bind({ host: '127.0.0.1', port: 0, family: 4 }, handler);
 * ```
 */
export interface DatagramTransport {
  /**
   * Binds an endpoint; rejects with a `SocketError` (e.g. `EADDRINUSE`).
   *
   * @example
   * ```ts
   * const endpoint = await transport.bind({ host: '::', port: 0, family: 6 }, handler);
   * ```
   */
  bind(options: BindOptions, handler: DatagramHandler): Promise<DatagramEndpoint>;
}
