/**
 * The settings of an {@link EnetHost}: the arguments of `enet_host_create`, and the checksum.
 *
 * @example
 * ```ts
 * const settings: EnetHostSettings = { peerCount: 32, channelLimit: 2, checksum: true, mtu: 1200 };
 * ```
 */
export interface EnetHostSettings {
  /** The most connections at once, in and out (default 32; at most the `enetMaxPeers` limit). */
  readonly peerCount?: number;
  /** The most channels an incoming connection gets (default 0: ENet's 255). */
  readonly channelLimit?: number;
  /** Downstream bandwidth in bytes/s, 0 for unlimited (the default). */
  readonly incomingBandwidth?: number;
  /** Upstream bandwidth in bytes/s, 0 for unlimited (the default). */
  readonly outgoingBandwidth?: number;
  /**
   * The largest datagram the host sends, in bytes, 576 to 4096 (default 1400, ENet 1.3.17's
   * `ENET_HOST_DEFAULT_MTU`; ENet sets it with `host->mtu`, or `enet_host_mtu` since 1.3.18). A
   * connection uses the smaller of both sides' values: the host asks for it when connecting, and
   * answers an incoming connection with it when the peer asked for more (as ENet does since 1.3.18).
   */
  readonly mtu?: number;
  /** Adds ENet's CRC32 (`host->checksum = enet_crc32`) to every datagram; both sides must agree (default false). */
  readonly checksum?: boolean;
}
