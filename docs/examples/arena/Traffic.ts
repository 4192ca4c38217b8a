/**
 * The server's traffic counters: packets and bytes in and out, per protocol.
 *
 * @module
 */

/** Packets and bytes one way or the other over one protocol. */
export interface FlowCounts {
  /** Packets (TCP messages or UDP datagrams) received. */
  packetsIn: number;
  /** Packets sent. */
  packetsOut: number;
  /** Bytes received (for TCP: with the 4-byte frame prefix). */
  bytesIn: number;
  /** Bytes sent (for TCP: with the 4-byte frame prefix). */
  bytesOut: number;
}

/** A copy of every counter at one moment. */
export interface TrafficCounts {
  /** The TCP side: joins, chats, pings, leaves. */
  readonly tcp: Readonly<FlowCounts>;
  /** The UDP side: inputs and snapshots. */
  readonly udp: Readonly<FlowCounts>;
}

/** The bytes a TCP packet of `payload` bytes takes on the wire with SFML's size prefix. */
export const tcpFrameSize = (payload: number): number => payload + 4;

const zero = (): FlowCounts => ({ packetsIn: 0, packetsOut: 0, bytesIn: 0, bytesOut: 0 });

/**
 * Counts what goes through the server's sockets.
 *
 * @example
 * ```ts
 * const traffic = new Traffic();
 * traffic.udp.packetsIn++;
 * const perSecond = Traffic.rate(traffic.snapshot(), before, 1000);
 * ```
 */
export class Traffic {
  /** The TCP counters. */
  readonly tcp: FlowCounts = zero();
  /** The UDP counters. */
  readonly udp: FlowCounts = zero();

  /**
   * Copies the counters.
   *
   * @returns the counts now.
   */
  snapshot(): TrafficCounts {
    return { tcp: { ...this.tcp }, udp: { ...this.udp } };
  }

  /**
   * Per-second rates between two snapshots.
   *
   * @param now - the later snapshot.
   * @param before - the earlier one.
   * @param elapsedMs - the time between them.
   * @returns the counts per second (0 when no time elapsed).
   */
  static rate(now: TrafficCounts, before: TrafficCounts, elapsedMs: number): TrafficCounts {
    const per = (a: Readonly<FlowCounts>, b: Readonly<FlowCounts>): FlowCounts => {
      const scale = elapsedMs > 0 ? 1000 / elapsedMs : 0;
      return {
        packetsIn: (a.packetsIn - b.packetsIn) * scale,
        packetsOut: (a.packetsOut - b.packetsOut) * scale,
        bytesIn: (a.bytesIn - b.bytesIn) * scale,
        bytesOut: (a.bytesOut - b.bytesOut) * scale,
      };
    };
    return { tcp: per(now.tcp, before.tcp), udp: per(now.udp, before.udp) };
  }
}
