import type { HostProtocol } from './HostProtocol.js';
import * as P from './protocol.js';
import { handleDatagram } from './receive.js';
import { bandwidthThrottle, sendOutgoingCommands } from './send.js';

/**
 * The three steps an `EnetHost` runs its protocol with: a datagram read, a service step, a flush.
 *
 * @internal
 * @module
 */

/** Reads one datagram received at `now` (host milliseconds). */
export function receiveDatagram(h: HostProtocol, datagram: Uint8Array, address: string, port: number, now: number): void {
  h.serviceTime = now;
  h.totalReceivedData += datagram.length;
  h.totalReceivedPackets++;
  handleDatagram(h, datagram, address, port);
  h.drain();
}

/** One service step at `now` (`enet_host_service` without the waiting): the bandwidth throttle, time-outs, pings, and everything queued sent. */
export function serviceHost(h: HostProtocol, now: number): void {
  h.serviceTime = now;
  if (P.timeDifference(now, h.bandwidthThrottleEpoch) >= P.HOST_BANDWIDTH_THROTTLE_INTERVAL) bandwidthThrottle(h);
  sendOutgoingCommands(h, true);
  h.drain();
}

/** `enet_host_flush`: sends what is queued, without checking time-outs. */
export function flushHost(h: HostProtocol): void {
  sendOutgoingCommands(h, false);
}
