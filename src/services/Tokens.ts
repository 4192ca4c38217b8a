/**
 * The service identifiers the SDK binds in its inversify container.
 *
 * @remarks
 * Each is a `Symbol.for` key, so two copies of the package agree on them. Rebind one to replace
 * that service everywhere, e.g. `container.rebind(Tokens.SecurityManager).toConstantValue(policy)`.
 *
 * @example
 * ```ts
 * const container = createContainer();
 * await container.unbind(Tokens.Resolver);
 * container.bind(Tokens.Resolver).toConstantValue({ lookup: async () => ['127.0.0.1'] });
 * const socket = container.get<TcpSocket>(Tokens.TcpSocket);
 * ```
 */
export const Tokens = Object.freeze({
  /** The `SecurityManager` consulted before every connect, listen, bind, send and accept. */
  SecurityManager: Symbol.for('sfnet/SecurityManager'),
  /** The `Resolver` that turns host names into addresses. */
  Resolver: Symbol.for('sfnet/Resolver'),
  /** The `Clock` behind every timeout. */
  Clock: Symbol.for('sfnet/Clock'),
  /** The `Logger`. */
  Logger: Symbol.for('sfnet/Logger'),
  /** The `StreamTransport` (TCP over `node:net` by default). */
  StreamTransport: Symbol.for('sfnet/StreamTransport'),
  /** The `DatagramTransport` (UDP over `node:dgram` by default). */
  DatagramTransport: Symbol.for('sfnet/DatagramTransport'),
  /** The `SocketLimits`. */
  Limits: Symbol.for('sfnet/Limits'),
  /** The `SocketContext` every socket is built with. */
  SocketContext: Symbol.for('sfnet/SocketContext'),
  /** A new `TcpSocket` on each request (transient). */
  TcpSocket: Symbol.for('sfnet/TcpSocket'),
  /** A new `TcpListener` on each request (transient). */
  TcpListener: Symbol.for('sfnet/TcpListener'),
  /** A new `UdpSocket` on each request (transient). */
  UdpSocket: Symbol.for('sfnet/UdpSocket'),
  /** A new `SocketSelector` on each request (transient). */
  SocketSelector: Symbol.for('sfnet/SocketSelector'),
});
