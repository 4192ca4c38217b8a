/** The SDK's UDP echo server and ping-pong client: not available until UdpSocket lands. */
import type { PeerSpec } from '../lib/spec.js';

/** Placeholder until UdpSocket is merged. */
export function sdkUdpServer(spec: PeerSpec): void {
  throw new Error(`UdpSocket is not available (${spec.host})`);
}

/** Placeholder until UdpSocket is merged. */
export function sdkUdpClient(spec: PeerSpec): void {
  throw new Error(`UdpSocket is not available (${spec.host})`);
}
