/**
 * N arena workers on one port in one machine, with `node:cluster`: the primary forks the
 * workers, each listens on the same port, and connections are spread over them (by the primary,
 * round-robin, Node's default on Linux). With `--reuse-port` on Node 22.12 and later, each
 * worker listens with `SO_REUSEPORT` instead and the kernel spreads the connections.
 *
 * Run it with `node dist/docs/examples/deploy/cluster.js --workers 4 --port 7000 --trusted 127.0.0.1`
 * (an empty `--trusted ''` serves players directly, without a load balancer in front).
 * The primary prints `port <n>` once every worker listens, `clients <pid> <n>` when a worker's
 * count of connected players changes, and `exit <pid>` when one ends.
 *
 * @module
 */
import cluster from 'node:cluster';
import { pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import { IpAddress } from '../../../src/index.js';
import { startWorker } from './worker.js';

/** What the primary does: fork, wait for every worker to listen, report. */
async function primary(workers: number, args: readonly string[]): Promise<void> {
  // #region primary
  cluster.setupPrimary({ args: [...args] });
  const listening = [...Array(workers).keys()].map(
    () =>
      new Promise<number>((resolve) => {
        const worker = cluster.fork();
        worker.on('message', (message: { port?: number; clients?: number }) => {
          if (typeof message.port === 'number') resolve(message.port);
          if (typeof message.clients === 'number') process.stdout.write(`clients ${worker.process.pid ?? 0} ${message.clients}\n`);
        });
      }),
  );
  const ports = await Promise.all(listening);
  // #endregion primary
  process.stdout.write(`port ${ports[0] ?? 0}\n`);
  cluster.on('exit', (worker) => process.stdout.write(`exit ${worker.process.pid ?? 0}\n`));
  const stop = (): void => {
    for (const worker of Object.values(cluster.workers ?? {})) worker?.kill('SIGTERM');
  };
  process.once('SIGTERM', stop);
  process.once('SIGINT', stop);
}

/** What each worker does: the arena on the shared port. */
async function worker(values: { host: string; port: string; trusted: string; 'reuse-port': boolean }): Promise<void> {
  // #region worker
  // Every worker listens on the same port: node:cluster hands them the primary's socket, or
  // with reusePort each binds its own and the kernel balances.
  const { server, running } = await startWorker({
    host: IpAddress.parse(values.host),
    port: Number(values.port),
    trusted: values.trusted === '' ? [] : values.trusted.split(','),
    reusePort: values['reuse-port'],
  });
  process.send?.({ port: server.tcpPort });
  process.once('SIGTERM', () => server.stop());
  // #endregion worker
  let reported = -1;
  const report = setInterval(() => {
    if (server.clientCount !== reported) process.send?.({ clients: (reported = server.clientCount) });
  }, 100);
  await running;
  clearInterval(report);
  process.disconnect?.();
}

/** Parses the flags and runs as the primary or as a worker. */
export async function main(args: readonly string[]): Promise<void> {
  const { values } = parseArgs({
    args: [...args],
    options: {
      workers: { type: 'string', default: '4' },
      host: { type: 'string', default: '127.0.0.1' },
      port: { type: 'string', default: '7000' },
      trusted: { type: 'string', default: '127.0.0.1' },
      'reuse-port': { type: 'boolean', default: false },
    },
  });
  if (cluster.isPrimary) await primary(Number(values.workers), args);
  else await worker(values);
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) {
  main(process.argv.slice(2)).catch((error: unknown) => {
    console.error(error);
    process.exitCode = 1;
  });
}
