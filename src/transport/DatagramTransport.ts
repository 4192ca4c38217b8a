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
  /** A datagram arrived from `address`:`port`. */
  message(data: Uint8Array, address: string, port: number): void;
  /** An asynchronous error was reported on the endpoint. */
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
  /** A numeric local address (`'0.0.0.0'`, `'::'`, `'127.0.0.1'`, `'::1'`). */
  readonly host: string;
  /** The local port; 0 lets the system pick one. */
  readonly port: number;
  /** The address family of the endpoint. */
  readonly family: 4 | 6;
}

/**
 * A bound datagram socket: what a UDP socket needs from the operating system.
 *
 * @example
 * ```ts
 * await endpoint.send(new Uint8Array([1]), '127.0.0.1', 5000);
 * ```
 */
export interface DatagramEndpoint {
  /** The local address it is bound to. */
  readonly localAddress: string;
  /** The local port it is bound to. */
  readonly localPort: number;
  /**
   * Sends one datagram to a numeric address; resolves once the system took it. Rejects with a
   * `SocketError` (e.g. `EACCES` for a broadcast without permission, `EMSGSIZE`), also when the
   * endpoint is closed before the system took it. An IPv6 endpoint bound to `'::'` also sends to
   * IPv4 addresses (dual-stack).
   */
  send(data: Uint8Array, address: string, port: number): Promise<void>;
  /** Turns SO_BROADCAST on or off. */
  setBroadcast(enable: boolean): void;
  /** Closes the endpoint; sends still in flight reject. Calling it again does nothing. */
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
  /** Binds an endpoint; rejects with a `SocketError` (e.g. `EADDRINUSE`). */
  bind(options: BindOptions, handler: DatagramHandler): Promise<DatagramEndpoint>;
}
