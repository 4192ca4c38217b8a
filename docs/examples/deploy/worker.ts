/**
 * One arena server worker for a deployment behind HAProxy: the arena of `docs/examples/arena`,
 * its TCP listener reading the PROXY protocol from the load balancer, so each player is seen
 * (and checked by the security policy) with its own address.
 *
 * Run it with `node dist/docs/examples/deploy/worker.js --port 7001 --trusted 127.0.0.1`; it
 * prints `port <tcp>` and `udp <udp>` once listening and stops on SIGTERM or SIGINT.
 *
 * @module
 */
import { pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import { IpAddress, NodeStreamTransport, PolicySecurityManager, ProxyProtocolTransport, type StreamTransport } from '../../../src/index.js';
import { ArenaServer } from '../arena/ArenaServer.js';

/** How a worker listens. */
export interface WorkerOptions {
  /** The address to listen on. */
  readonly host: IpAddress;
  /** The TCP port (0 = any free one). */
  readonly port: number;
  /** The load balancers allowed to send a PROXY header; empty: no PROXY protocol (players connect directly). */
  readonly trusted: readonly string[];
  /** Listen with `SO_REUSEPORT` (Node 22.12 and later), so several workers share `port`. */
  readonly reusePort?: boolean;
  /** Players at most. */
  readonly maxPlayers?: number;
  /** Ticks a second. */
  readonly tickRate?: number;
}

// #region worker
/**
 * Starts an arena server whose listener reads the PROXY header of every connection from the
 * trusted load balancers, and whose policy decides on the players' own addresses.
 *
 * @returns the running server and the promise of its loop (settles after `server.stop()`).
 */
export async function startWorker(options: WorkerOptions): Promise<{ readonly server: ArenaServer; readonly running: Promise<void> }> {
  const plain = new NodeStreamTransport({ reusePort: options.reusePort === true });
  const streamTransport: StreamTransport =
    options.trusted.length === 0
      ? plain
      : // HAProxy's health checks (LOCAL) are closed here: they are not players.
        new ProxyProtocolTransport(plain, { trustedProxies: options.trusted, local: 'close', headerTimeoutMs: 5000 });
  // checkAccept sees each player's own address (the header's), not the load balancer's.
  const securityManager = new PolicySecurityManager({ accept: { deny: ['192.0.2.0/24'] } });
  const server = new ArenaServer({
    host: options.host,
    port: options.port,
    udpPort: 0,
    tickRate: options.tickRate ?? 20,
    maxPlayers: options.maxPlayers ?? 1000,
    listener: { streamTransport, securityManager },
  });
  const failed = await server.start();
  if (failed !== null) throw new Error(failed);
  return { server, running: server.run() };
}
// #endregion worker

/** The command line: flags to options, start, print the ports, stop on a signal. */
async function main(args: readonly string[]): Promise<void> {
  const { values } = parseArgs({
    args: [...args],
    options: {
      host: { type: 'string', default: '127.0.0.1' },
      port: { type: 'string', default: '0' },
      trusted: { type: 'string', default: '127.0.0.1' },
      'max-players': { type: 'string', default: '1000' },
      'reuse-port': { type: 'boolean', default: false },
    },
  });
  const { server, running } = await startWorker({
    host: IpAddress.parse(values.host),
    port: Number(values.port),
    trusted: values.trusted === '' ? [] : values.trusted.split(','),
    maxPlayers: Number(values['max-players']),
    reusePort: values['reuse-port'],
  });
  process.stdout.write(`port ${server.tcpPort}\nudp ${server.udpPort}\n`);
  const stop = (): void => server.stop();
  process.once('SIGTERM', stop);
  process.once('SIGINT', stop);
  await running;
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) {
  main(process.argv.slice(2)).catch((error: unknown) => {
    console.error(error);
    process.exitCode = 1;
  });
}
