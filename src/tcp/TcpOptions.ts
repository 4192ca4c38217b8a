import type { HeartbeatOptions } from './Heartbeat.js';

/**
 * The options of a `TcpSocket` that most sockets never set (linger, keep-alive delay, heartbeat,
 * buffer sizes): kept together and made on the first setter, so a socket that sets none holds
 * one empty field for them.
 *
 * @remarks
 * They are the socket's, not the connection's: kept across connects and after a close, and
 * applied to each new connection, as java.net keeps a socket's options.
 *
 * @internal
 */
export class TcpOptions {
  /** `SO_LINGER` in seconds; -1 when off (the default). */
  linger = -1;
  /** The idle time before the first keep-alive probe, in ms; 0 leaves the system's (the default). */
  keepAliveDelayMs = 0;
  /** The opt-in heartbeat; `null` when off (the default). */
  heartbeat: HeartbeatOptions | null = null;
  /** The IP type-of-service / traffic-class byte asked for; -1 when never set (the system's). */
  trafficClass = -1;
  /** The SDK's output bound for this socket (its limits' `sendBufferSize` until set). */
  sendBufferSize: number;
  /** The SDK's input bound for this socket's next connection (its limits' `receiveBufferSize` until set). */
  receiveBufferSize: number;

  constructor(sendBufferSize: number, receiveBufferSize: number) {
    this.sendBufferSize = sendBufferSize;
    this.receiveBufferSize = receiveBufferSize;
  }
}
