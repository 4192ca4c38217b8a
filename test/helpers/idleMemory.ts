/**
 * Heap a server keeps per idle connection, measured in the test's own process with the clients in
 * a child process, so that only the server side is counted. Memory, not time: the figure is a
 * count of bytes after full collections, which repeats to within a few bytes run to run.
 *
 * Compiled code is kept out of the figure: the process runs without the optimising and baseline
 * compilers (below), and the code spaces are not counted. Under a full parallel suite, a round
 * that compiled less once looked 500 bytes a connection lighter. The first round of each server
 * is as big as the measured ones, so everything loaded or interpreted once is already there.
 */
import { spawn } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import v8 from 'node:v8';
import vm from 'node:vm';
import type { ExecutionContext } from 'ava';
import { SocketStatus } from '../../src/core/SocketStatus.js';
import type { TcpListener } from '../../src/tcp/TcpListener.js';
import { TcpSocket } from '../../src/tcp/TcpSocket.js';

v8.setFlagsFromString('--expose-gc');
// No compiler tier beyond the interpreter in this process: what a compiler emits during a round
// (code, and its deoptimisation data and position tables in the old space, some 200 KB for 300
// connections) is not memory a connection keeps, and when it comes depends on the load. With it,
// one round in six or so measured 500 bytes a connection more; without it, rounds repeat to the
// byte. The objects a connection keeps are the same at every tier.
for (const flag of ['--no-turbofan', '--no-maglev', '--no-sparkplug']) v8.setFlagsFromString(flag);
const collect = vm.runInNewContext('gc') as () => void;

/** The project's root (the child resolves `ws` from there). */
const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..', '..');

/**
 * The child: opens `count` connections to `port` one after another (TCP, or WebSocket over ws),
 * prints `OPEN` once all are open, and holds them until its stdin ends.
 */
const CLIENTS = `
const [kind, port, count] = [process.argv[1], Number(process.argv[2]), Number(process.argv[3])];
const open = [];
const connect = kind === 'ws'
  ? () => {
      const { WebSocket } = require('ws');
      const ws = new WebSocket('ws://127.0.0.1:' + port + '/', { perMessageDeflate: false });
      open.push(() => ws.terminate());
      return new Promise((resolve) => ws.once('open', resolve));
    }
  : () => {
      const socket = require('node:net').connect(port, '127.0.0.1');
      open.push(() => socket.destroy());
      return new Promise((resolve) => socket.once('connect', resolve));
    };
(async () => {
  for (let i = 0; i < count; i++) await connect();
  process.stdout.write('OPEN\\n');
})();
process.stdin.on('end', () => { for (const close of open) close(); process.exit(0); });
process.stdin.resume();
`;

/** The server side of one measurement: where the clients connect, and when the server has accepted them all. */
export interface IdleServer {
  readonly port: number;
  /** Resolves once `count` connections are accepted (and kept). */
  accepted(count: number): Promise<void>;
}

/** Heap in use after full collections, code spaces left out. */
function heap(): number {
  collect();
  collect();
  let used = 0;
  for (const space of v8.getHeapSpaceStatistics()) if (!space.space_name.startsWith('code')) used += space.space_used_size;
  return used;
}

/** Starts `count` idle clients of `kind` against `port`; resolves once all are open (ended at teardown). */
function idleClients(t: ExecutionContext, kind: 'tcp' | 'ws', port: number, count: number): Promise<void> {
  const child = spawn(process.execPath, ['-e', CLIENTS, kind, String(port), String(count)], { cwd: root, stdio: ['pipe', 'pipe', 'inherit'] });
  t.teardown(() => {
    child.stdin.end();
    child.kill();
  });
  return new Promise((resolve, reject) => {
    child.stdout.on('data', (chunk: Buffer) => {
      if (chunk.toString().includes('OPEN')) resolve();
    });
    child.once('exit', (code) => reject(new Error(`idle clients exited with ${String(code)}`)));
  });
}

/**
 * Heap per connection `server` keeps for `count` idle clients of `kind` (the server is started
 * first, outside the measurement; closing it is its maker's teardown).
 */
export async function heapPerConnection(t: ExecutionContext, kind: 'tcp' | 'ws', server: IdleServer, count: number): Promise<number> {
  const before = heap();
  const opened = idleClients(t, kind, server.port, count);
  await server.accepted(count);
  await opened;
  return (heap() - before) / count;
}

/** `listener` (listening) as an {@link IdleServer}: accepted connections are kept in `TcpSocket`s, disconnected at teardown. */
export function sdkIdleServer(t: ExecutionContext, listener: TcpListener): IdleServer {
  const sockets: TcpSocket[] = [];
  t.teardown(() => {
    for (const socket of sockets) socket.disconnect();
  });
  return {
    port: listener.getLocalPort(),
    accepted: async (count) => {
      for (let i = 0; i < count; i++) {
        const socket = new TcpSocket();
        const { status } = await listener.accept(socket);
        if (status !== SocketStatus.Done) throw new Error(`accept: ${status}`);
        sockets.push(socket);
      }
    },
  };
}

/** The connections a baseline server keeps: `keep` each as it is accepted; `accepted` as {@link IdleServer} asks. */
export interface Keeper<T> {
  readonly kept: readonly T[];
  keep(connection: T): void;
  accepted(count: number): Promise<void>;
}

/** A {@link Keeper}: `accepted(count)` resolves once `count` more connections are kept. */
export function keeper<T>(): Keeper<T> {
  const kept: T[] = [];
  let arrived: () => void = () => undefined;
  return {
    kept,
    keep: (connection) => {
      kept.push(connection);
      arrived();
    },
    accepted: (count) => {
      const target = kept.length + count;
      return new Promise((resolve) => {
        arrived = () => void (kept.length >= target && resolve());
        arrived();
      });
    },
  };
}

/**
 * Heap per idle connection of the SDK's server and of a baseline server, for `count` clients of
 * `kind` each, after a first round of as many on each (it loads what is loaded once: modules,
 * shared buffers, bytecode). Each server is made by its function, fresh for each round.
 */
export async function sdkAgainstBaseline(
  t: ExecutionContext,
  kind: 'tcp' | 'ws',
  sdk: () => Promise<IdleServer>,
  baseline: () => Promise<IdleServer>,
  count: number,
): Promise<{ sdk: number; baseline: number }> {
  const round = async (make: () => Promise<IdleServer>): Promise<number> => heapPerConnection(t, kind, await make(), count);
  await round(sdk);
  await round(baseline);
  return { sdk: await round(sdk), baseline: await round(baseline) };
}
