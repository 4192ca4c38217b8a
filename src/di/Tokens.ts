import type { ServiceIdentifier } from 'inversify';
import type { Resolver } from '../address/Resolver.js';
import type { SecurityManager } from '../security/SecurityManager.js';
import type { SocketSelector } from '../selector/SocketSelector.js';
import type { Clock } from '../services/Clock.js';
import type { Logger } from '../services/Logger.js';
import type { SocketLimits } from '../services/SocketLimits.js';
import type { SocketContext } from '../socket/SocketContext.js';
import type { TcpListener } from '../tcp/TcpListener.js';
import type { TcpSocket } from '../tcp/TcpSocket.js';
import type { DatagramTransport } from '../transport/DatagramTransport.js';
import type { StreamTransport } from '../transport/StreamTransport.js';
import type { UdpSocket } from '../udp/UdpSocket.js';
import type { Dns } from '../socket/Dns.js';

/**
 * The service identifiers the SDK binds in its inversify container.
 *
 * @remarks
 * Each is a `Symbol.for` key, so two copies of the package agree on them, typed with the service it
 * stands for, so `container.get(Tokens.TcpSocket)` is a `TcpSocket` without a type argument. Rebind one to replace
 * that service everywhere, e.g. `container.rebind(Tokens.SecurityManager).toConstantValue(policy)`.
 * Imported from `sfnet/di`.
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
  SecurityManager: Symbol.for('sfnet/SecurityManager') as ServiceIdentifier<SecurityManager>,
  /** The `Resolver` that turns host names into addresses. */
  Resolver: Symbol.for('sfnet/Resolver') as ServiceIdentifier<Resolver>,
  /** The `Clock` behind every timeout. */
  Clock: Symbol.for('sfnet/Clock') as ServiceIdentifier<Clock>,
  /** The `Logger`. */
  Logger: Symbol.for('sfnet/Logger') as ServiceIdentifier<Logger>,
  /** The `StreamTransport` (TCP over `node:net` by default). */
  StreamTransport: Symbol.for('sfnet/StreamTransport') as ServiceIdentifier<StreamTransport>,
  /** The `DatagramTransport` (UDP over `node:dgram` by default). */
  DatagramTransport: Symbol.for('sfnet/DatagramTransport') as ServiceIdentifier<DatagramTransport>,
  /** The `SocketLimits`. */
  Limits: Symbol.for('sfnet/Limits') as ServiceIdentifier<Partial<SocketLimits>>,
  /** The `SocketContext` every socket is built with. */
  SocketContext: Symbol.for('sfnet/SocketContext') as ServiceIdentifier<SocketContext>,
  /** A new `TcpSocket` on each request (transient). */
  TcpSocket: Symbol.for('sfnet/TcpSocket') as ServiceIdentifier<TcpSocket>,
  /** A new `TcpListener` on each request (transient). */
  TcpListener: Symbol.for('sfnet/TcpListener') as ServiceIdentifier<TcpListener>,
  /** A new `UdpSocket` on each request (transient). */
  UdpSocket: Symbol.for('sfnet/UdpSocket') as ServiceIdentifier<UdpSocket>,
  /** A new `SocketSelector` on each request (transient). */
  SocketSelector: Symbol.for('sfnet/SocketSelector') as ServiceIdentifier<SocketSelector>,
  /** A `Dns` over the resolver bound under `Resolver` (transient), so look-ups and sockets ask the same directory. */
  Dns: Symbol.for('sfnet/Dns') as ServiceIdentifier<Dns>,
});
