/**
 * The bounds that keep every socket's memory finite whatever a peer sends or claims.
 *
 * @example
 * ```ts
 * const container = createContainer({ limits: { maxPacketSize: 64 * 1024 } });
 * ```
 */
export interface SocketLimits {
  /**
   * The largest packet a `TcpSocket` accepts, in bytes of payload. A size prefix above it is a
   * protocol error: the receive returns `Error` (kind `'Protocol'`) and the connection is dropped
   * before anything is allocated for it. Default 4 MiB.
    *
    * @example
    * ```ts
    * const container = createContainer({ limits: { maxPacketSize: 16 * 1024 * 1024 } });
    * ```
    */
  readonly maxPacketSize: number;
  /**
   * Bytes a `TcpSocket` queues from the network before it stops reading, so TCP flow control
   * pushes back on the peer. A packet larger than this is still received whole (up to
   * `maxPacketSize`). Default 256 KiB.
    *
    * @example
    * ```ts
    * const socket = new TcpSocket({ limits: { receiveBufferSize: 64 * 1024 } });
    * ```
    */
  readonly receiveBufferSize: number;
  /**
   * Bytes a `TcpSocket` lets wait for the network. A blocking send waits while more is waiting;
   * a non-blocking send returns `Partial` or `NotReady`. Default 1 MiB.
    *
    * @example
    * ```ts
    * const socket = new TcpSocket({ limits: { sendBufferSize: 4 * 1024 * 1024 } });
    * ```
    */
  readonly sendBufferSize: number;
  /**
   * Accepted clients a `TcpListener` holds until `accept` takes them; more are closed at once,
   * as a full kernel backlog would refuse them. Default 4096.
    *
    * @example
    * ```ts
    * const listener = new TcpListener({ limits: { acceptQueueSize: 128 } });
    * ```
    */
  readonly acceptQueueSize: number;
  /**
   * Datagrams a `UdpSocket` holds until `receive` takes them; the oldest is dropped on
   * overflow and counted. Default 1024.
    *
    * @example
    * ```ts
    * const socket = new UdpSocket({ limits: { datagramQueueSize: 64 } });
    * ```
    */
  readonly datagramQueueSize: number;
  /**
   * The largest PROXY protocol header a `ProxyProtocolTransport` reads, in bytes (at least 107,
   * the longest v1 line). A v2 header announcing more is refused before its bytes are awaited,
   * and that connection is closed. Default 4096.
   *
   * @example
   * ```ts
   * const transport = new ProxyProtocolTransport(new NodeStreamTransport(), { trustedProxies: ['10.0.0.0/8'], limits: { maxProxyHeaderSize: 1024 } });
   * ```
   */
  readonly maxProxyHeaderSize: number;
  /**
   * Connections a `ProxyProtocolTransport` listener lets read their PROXY header at once; more
   * are closed at once, so slow headers cannot pile up. Default 1024.
   *
   * @example
   * ```ts
   * const transport = new ProxyProtocolTransport(new NodeStreamTransport(), { trustedProxies: ['10.0.0.0/8'], limits: { proxyHeaderQueueSize: 256 } });
   * ```
   */
  readonly proxyHeaderQueueSize: number;
  /**
   * Connections a TLS (`NodeTlsTransport`) or WebSocket (`NodeWebSocketTransport`)
   * listener holds while their handshake is still in progress, before `accept` can see them;
   * more are closed as they arrive, so stalled handshakes cannot pile up (each one is also
   * dropped after the transport's handshake time-out). A WebSocket listener on a server the
   * application hands it counts only from the upgrade request on: the server is the
   * application's. Default 1024.
   *
   * @example
   * ```ts
   * const listener = new TcpListener({ streamTransport: new NodeTlsTransport({ server: { certChain, key } }), limits: { handshakeQueueSize: 256 } });
   * ```
   */
  readonly handshakeQueueSize: number;
  /**
   * Queued output bytes at which a `TcpSocket` stops being ready to send (a `SocketSelector`
   * watching it for `ReadinessType.Send` no longer reports it). The mark in force is the smaller
   * of this and `sendBufferSize`, the point where non-blocking sends stop fitting. Default 1 MiB.
   *
   * @example
   * ```ts
   * const socket = new TcpSocket({ limits: { sendHighWaterMark: 256 * 1024 } });
   * ```
   */
  readonly sendHighWaterMark: number;
  /**
   * Queued output bytes at or under which a `TcpSocket` that went over the high-water mark is
   * ready to send again, and under which `waitForDrain` settles. The mark in force is at most the
   * high-water mark in force. Default 256 KiB.
   *
   * @example
   * ```ts
   * const socket = new TcpSocket({ limits: { sendLowWaterMark: 16 * 1024 } });
   * ```
   */
  readonly sendLowWaterMark: number;
  /**
   * Fragments one WebSocket message may arrive in; a client sending more (a flood of tiny
   * fragments) is dropped with close code 1008. Default 1024 (browsers send a message whole).
    *
    * @example
    * ```ts
    * const listener = new TcpListener({ limits: { maxMessageFragments: 64 }, streamTransport: new NodeWebSocketTransport() });
    * ```
    */
  readonly maxMessageFragments: number;
  /**
   * Received chunks a WebSocket connection may hold while a message is incomplete; more (a
   * message trickled in tiny TCP segments) drops the connection with close code 1008. Default
   * 16384 (a 4 MiB message arrives in about 3000 chunks of a 1500-byte MTU).
    *
    * @example
    * ```ts
    * const listener = new TcpListener({ limits: { maxMessageChunks: 4096 }, streamTransport: new NodeWebSocketTransport() });
    * ```
    */
  readonly maxMessageChunks: number;
  /**
   * The most peers one `EnetHost` may be created with (its `peerCount`, ENet's own ceiling is
   * 4095). Every incoming CONNECT needs a free slot, so this bounds what a connect flood can hold.
   * Default 4095.
   *
   * @example
   * ```ts
   * const host = new EnetHost({ peerCount: 64 }, { limits: { enetMaxPeers: 256 } });
   * ```
   */
  readonly enetMaxPeers: number;
  /**
   * Bytes of received messages one ENet peer may hold (in fragments being put together, and
   * delivered but not yet taken by `service`); beyond it commands are refused unacknowledged, so
   * the peer sends them again later (ENet's `maximumWaitingData`). Default 8 MiB.
   *
   * @example
   * ```ts
   * const host = new EnetHost({}, { limits: { enetMaxWaitingData: 1024 * 1024 } });
   * ```
   */
  readonly enetMaxWaitingData: number;
  /**
   * Bytes of messages one ENet peer may have queued or unacknowledged; a blocking `send` waits
   * for room, a non-blocking one answers `NotReady`. Default 8 MiB.
   *
   * @example
   * ```ts
   * const host = new EnetHost({}, { limits: { enetMaxOutgoingData: 2 * 1024 * 1024 } });
   * ```
   */
  readonly enetMaxOutgoingData: number;
}

/**
 * The default {@link SocketLimits}.
 *
 * @example
 * ```ts
 * const limits = { ...DEFAULT_LIMITS, maxPacketSize: 16 * 1024 * 1024 };
 * ```
 */
export const DEFAULT_LIMITS: SocketLimits = Object.freeze({
  maxPacketSize: 4 * 1024 * 1024,
  receiveBufferSize: 256 * 1024,
  sendBufferSize: 1024 * 1024,
  acceptQueueSize: 4096,
  datagramQueueSize: 1024,
  maxProxyHeaderSize: 4096,
  proxyHeaderQueueSize: 1024,
  handshakeQueueSize: 1024,
  sendHighWaterMark: 1024 * 1024,
  sendLowWaterMark: 256 * 1024,
  maxMessageFragments: 1024,
  maxMessageChunks: 16384,
  enetMaxPeers: 4095,
  enetMaxWaitingData: 8 * 1024 * 1024,
  enetMaxOutgoingData: 8 * 1024 * 1024,
});
