/**
 * The settings of an {@link EnetHost}: the arguments of `enet_host_create`, and the checksum.
 *
 * @example
 * ```ts
 * const settings: EnetHostSettings = { peerCount: 32, channelLimit: 2, checksum: true };
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
  /** Adds ENet's CRC32 (`host->checksum = enet_crc32`) to every datagram; both sides must agree (default false). */
  readonly checksum?: boolean;
}
