/**
 * The arena server's options and report.
 *
 * @module
 */
import type { IpAddress, SocketOptions, WebServer } from '../../../src/index.js';

/** How the server is set up. */
export interface ArenaServerOptions {
  /** The loopback address to listen on (127.0.0.1 or ::1). */
  readonly host: IpAddress;
  /** The TCP port (0 = any free port); the UDP socket takes the same number when it is not 0. */
  readonly port: number;
  /** Ticks a second. */
  readonly tickRate: number;
  /** Players at most; later joins are refused. Default 64. */
  readonly maxPlayers?: number;
  /** Called after each tick with the milliseconds the tick kept the loop busy. */
  readonly onTick?: (busyMs: number) => void;
  /** Services of the TCP listener (e.g. a `ProxyProtocolTransport` behind HAProxy). Default: the defaults. */
  readonly listener?: SocketOptions;
  /** The UDP port when it differs from `port` (0 = any free port). Default: `port`. */
  readonly udpPort?: number;
  /** An HTTP server (serving the browser client's page) to take browser players on, over WebSocket at `/play`. */
  readonly web?: WebServer;
  /** The port `web` listens on when it is not listening yet (0: any free port). */
  readonly webPort?: number;
}

/** What the server did, for the summary. */
export interface ServerReport {
  /** Ticks simulated. */
  ticks: number;
  /** Joins welcomed. */
  joins: number;
  /** Players that said goodbye (a Leave message). */
  leaves: number;
  /** Connections lost without a Leave (closed, reset, protocol error, too slow). */
  drops: number;
  /** Joins refused (server full, bad name). */
  refused: number;
  /** Chat messages delivered (one per recipient). */
  chatsRelayed: number;
  /** Inputs applied to the world. */
  inputsApplied: number;
  /** Inputs ignored: stale, unknown player, bad token or sender, over the per-tick budget. */
  inputsIgnored: number;
  /** Joins of browser players (over WebSocket). */
  webJoins: number;
  /** Inputs applied from browser players. */
  webInputs: number;
  /** Most connected clients at once. */
  peakClients: number;
  /** Connected clients now. */
  clients: number;
}
