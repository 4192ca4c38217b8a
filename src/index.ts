/**
 * SFML- and java.net-style sockets for Node.js.
 *
 * @remarks
 * Start with {@link TcpSocket}, {@link TcpListener}, {@link Packet} and {@link SocketStatus};
 * pass services to their constructors, or wire them with `createContainer` from the
 * dependency-injection entry, `sfnet/di`. This entry loads neither inversify nor
 * `reflect-metadata`.
 *
 * @packageDocumentation
 * @module sfnet
 * @mergeModuleWith <project>
 */

/// <reference lib="esnext.disposable" preserve="true" />
export { SocketStatus } from './core/SocketStatus.js';
export { TlsStatus } from './core/TlsStatus.js';
export type { TlsResult } from './core/TlsStatus.js';
export { SocketError, type SocketErrorKind, type SocketErrorOptions } from './core/SocketError.js';
export type { StatusResult, SendResult, ReceiveResult, SendManyResult, ReceiveManyResult } from './core/SocketResult.js';
export { Socket } from './socket/Socket.js';
export { Dns } from './socket/Dns.js';
export { IpAddress } from './address/IpAddress.js';
export { UnixSocketAddress } from './address/UnixSocketAddress.js';
export { InheritedSocket } from './address/InheritedSocket.js';
export { SystemdSockets } from './socket/SystemdSockets.js';
export { Packet } from './packet/Packet.js';
export { PacketLayout, type FieldKind, type FieldValue, type LayoutFields, type LayoutMessage } from './packet/PacketLayout.js';
export { ZipPacket, type ZipPacketOptions } from './packet/ZipPacket.js';
export { SecurityManager } from './security/SecurityManager.js';
export { SecurityError, type SecurityCheck } from './security/SecurityError.js';
export {
  PolicySecurityManager,
  type PolicySecurityManagerOptions,
  type PolicyRules,
  type PortRule,
  type PathRules,
} from './security/PolicySecurityManager.js';
export { TcpSocket } from './tcp/TcpSocket.js';
export { TcpListener } from './tcp/TcpListener.js';
export { SocketSelector } from './selector/SocketSelector.js';
export { UdpSocket } from './udp/UdpSocket.js';
export type { DatagramResult, DatagramSenderResult } from './udp/DatagramResult.js';
export { SocketContext, type SocketOptions, type SocketServices } from './socket/SocketContext.js';
export { DEFAULT_LIMITS, type SocketLimits } from './services/SocketLimits.js';
export { SystemClock, type Clock } from './services/Clock.js';
export { SilentLogger, type Logger } from './services/Logger.js';
export type { Resolver } from './address/Resolver.js';
export { MESSAGE_HEADER_MAX, type StreamConnection, type StreamHandler } from './transport/StreamConnection.js';
export type {
  StreamTransport,
  StreamServer,
  ConnectOptions,
  ListenOptions,
} from './transport/StreamTransport.js';
export type { DatagramTransport, DatagramEndpoint, DatagramHandler, DatagramSent, BindOptions } from './transport/DatagramTransport.js';
export { NodeStreamTransport } from './platform/node/NodeStreamTransport.js';
export { NodeDatagramTransport } from './platform/node/NodeDatagramTransport.js';
export { NodeResolver } from './platform/node/NodeResolver.js';
export { NodeTlsTransport } from './platform/node/NodeTlsTransport.js';
export type { TlsInfo, PeerCertificate } from './transport/TlsInfo.js';
export type { TlsClientOptions, TlsServerOptions, TlsUpgrade, Pem } from './transport/TlsOptions.js';
export { MemoryStreamTransport } from './platform/memory/MemoryStreamTransport.js';
export { MemoryStreamConnection, type MemoryStreamOptions, type MemoryEnd } from './platform/memory/MemoryStreamConnection.js';
export { MemoryDatagramTransport } from './platform/memory/MemoryDatagramTransport.js';
export { MemoryDatagramEndpoint } from './platform/memory/MemoryDatagramEndpoint.js';
export { ConditionedDatagramTransport } from './conditioner/ConditionedDatagramTransport.js';
export { NetworkConditioner, type ConditionerCounts } from './conditioner/NetworkConditioner.js';
export { ConditionedStreamTransport } from './conditioner/ConditionedStreamTransport.js';
export type { ConditionerOptions, DirectedConditionerOptions, StreamConditionerOptions } from './conditioner/ConditionerOptions.js';
export { SeededRandom } from './conditioner/SeededRandom.js';
export { ProxyProtocolTransport, type ProxyProtocolOptions } from './proxy/ProxyProtocolTransport.js';
export { parseProxyHeader } from './proxy/parseProxyHeader.js';
export type { ProxyHeaderResult } from './proxy/ProxyHeaderResult.js';
export { encodeProxyHeader, type ProxyHeaderSpec } from './proxy/encodeProxyHeader.js';
export type { ProxyInfo, ProxyHeader, ProxyTlv, ProxySslInfo, ProxyFamily } from './transport/ProxyInfo.js';
export { DataInputStream } from './stream/DataInputStream.js';
export { DataOutputStream } from './stream/DataOutputStream.js';
export type { DataResult, DataValue, DataNoValue } from './stream/DataResult.js';
export { isDnsResolver, type DnsResolver, type DnsServer, type DnsQueryOptions, type MxRecord, type SrvRecord } from './address/DnsResolver.js';
export type { NodeResolverOptions } from './platform/node/NodeResolver.js';
export { ReadinessType, type ReadyCallback } from './selector/ReadinessType.js';
export type { HeartbeatOptions } from './tcp/Heartbeat.js';
export { NodeWebSocketTransport, type WebSocketTransportOptions, type WebServer } from './platform/node/NodeWebSocketTransport.js';
export type { PeerRequest } from './transport/StreamTransport.js';
export type { OriginRules } from './security/PolicySecurityManager.js';
export { EnetHost } from './enet/EnetHost.js';
export type { EnetHostSettings } from './enet/EnetHostSettings.js';
export { EnetPeer } from './enet/EnetPeer.js';
export { EnetPeerState, EnetPacketFlag } from './enet/EnetPeerState.js';
export { EnetEventType, type EnetEvent, type EnetStateEvent, type EnetReceiveEvent, type EnetEventResult, type EnetConnectResult } from './enet/EnetEvent.js';
export { UdpRelay, type UdpRelayOptions, type UdpRelayTarget, type UdpRelayCounts } from './conditioner/UdpRelay.js';
