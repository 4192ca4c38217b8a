/**
 * Arena workers of docs/examples/deploy as child processes of a test: started on port 0, their
 * TCP and UDP ports read from what they print, killed by PID in `t.teardown`.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import type { ExecutionContext } from 'ava';
import { IpAddress } from '../../src/address/IpAddress.js';
import { SocketStatus } from '../../src/core/SocketStatus.js';
import { Packet } from '../../src/packet/Packet.js';
import { TcpSocket } from '../../src/tcp/TcpSocket.js';
import { Kind, decodeServer, encodeClient } from '../../docs/examples/arena/protocol.js';

/** The compiled worker and cluster scripts (dist/test/proxy → dist/docs/examples/deploy). */
export const WORKER = fileURLToPath(new URL('../../docs/examples/deploy/worker.js', import.meta.url));
export const CLUSTER = fileURLToPath(new URL('../../docs/examples/deploy/cluster.js', import.meta.url));

/** A running script and what it printed. */
export interface Child {
  readonly process: ChildProcess;
  /** Every line printed so far. */
  readonly lines: string[];
  /** Resolves with the first printed `<key> <number>`. */
  value(key: string): Promise<number>;
}

/** Runs `node script args`; killed (SIGKILL) at teardown if still running. */
export function runNode(t: ExecutionContext, script: string, args: readonly string[]): Child {
  const child = spawn(process.execPath, [script, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
  t.teardown(() => {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  });
  const lines: string[] = [];
  let errors = '';
  let partial = '';
  const listeners: Array<() => void> = [];
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => (errors += chunk));
  child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
    const parts = (partial + chunk).split('\n');
    partial = parts.pop() ?? '';
    lines.push(...parts);
    for (const wake of listeners.splice(0)) wake();
  });
  const value = async (key: string): Promise<number> => {
    const deadline = Date.now() + 10_000;
    for (;;) {
      const line = lines.find((text) => text.startsWith(`${key} `));
      if (line !== undefined) return Number(line.slice(key.length + 1));
      if (child.exitCode !== null || Date.now() > deadline) throw new Error(`${script} printed no ${key}:\n${lines.join('\n')}\n${errors}`);
      await new Promise<void>((resolve) => {
        listeners.push(resolve);
        setTimeout(resolve, 50);
      });
    }
  };
  return { process: child, lines, value };
}

/** A player connected through `host`:`port` that joined; `udpPort` names the worker that welcomed it. */
export interface Player {
  readonly socket: TcpSocket;
  readonly udpPort: number;
}

/** Connects and joins as `name`; `null` when it was not welcomed. */
export async function join(t: ExecutionContext, host: string, port: number, name: string): Promise<Player | null> {
  const socket = new TcpSocket();
  t.teardown(() => socket.disconnect());
  if ((await socket.connect(IpAddress.parse(host), port, 5000)).status !== SocketStatus.Done) return null;
  if ((await socket.send(encodeClient({ kind: Kind.Join, name }))).status !== SocketStatus.Done) return null;
  const packet = new Packet();
  const received = await within(socket.receive(packet), 5000);
  if (received?.status !== SocketStatus.Done) return null;
  const message = decodeServer(packet);
  return message?.kind === Kind.Welcome ? { socket, udpPort: message.udpPort } : null;
}

/** A ping's outcome: `'pong'`, or the status that ended the wait (`'Disconnected'`, `'timeout'`). */
export async function ping(player: Player): Promise<string> {
  const sent = await player.socket.send(encodeClient({ kind: Kind.Ping, sentAt: 1 }));
  if (sent.status !== SocketStatus.Done) return sent.status;
  const packet = new Packet();
  const received = await within(player.socket.receive(packet), 5000);
  if (received === null) return 'timeout';
  if (received.status !== SocketStatus.Done) return received.status;
  return decodeServer(packet)?.kind === Kind.Pong ? 'pong' : 'other';
}

/** Runs `make(i)` for i in [0, count) with at most `parallel` at once. */
export async function inBatches<T>(count: number, parallel: number, make: (i: number) => Promise<T>): Promise<T[]> {
  const results: T[] = [];
  for (let from = 0; from < count; from += parallel) {
    const batch = [...Array(Math.min(parallel, count - from)).keys()].map((i) => make(from + i));
    results.push(...(await Promise.all(batch)));
  }
  return results;
}

function within<T>(promise: Promise<T>, ms: number): Promise<T | null> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  return Promise.race([promise, new Promise<null>((resolve) => (timer = setTimeout(() => resolve(null), ms)))]).finally(() => clearTimeout(timer));
}
