/**
 * The ENet groups of `npm run bench`:
 * - reliable-ordered 64-byte messages (16 in flight, echoed) through the UDP relay
 *   (`bench/udpRelay.ts`, its own process, warmed up before each run) at 0, 5 and 20% loss each way: this SDK's `EnetHost`
 *   against two C programs on the ENet library (test/interop/peers/enet_peer.c), the baseline;
 * - unimpaired reliable 64-byte messages streamed one way by `EnetHost`, against raw `node:dgram`
 *   sending unreliably (the baseline `raw`: one datagram per message; `raw-packed`: 20 a datagram),
 *   held to a window the receiver grants, so that it delivers what it sends (bench/node/enetPeer.ts).
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { Child } from './Child.js';
import type { Group } from './Group.js';
import type { Mode } from './modes.js';
import type { ClientResult } from './spec.js';

/** Where the ENet C program is, or why there is none. */
export interface EnetSetup {
  readonly benchDir: string;
  readonly nodeFlags: readonly string[];
  readonly enetBin: string | null;
}

/** Compiles the ENet C peer into `buildDir`; `null` (and a note) when gcc or libenet-dev is missing. */
export function buildEnet(root: string, buildDir: string, notes: string[]): string | null {
  mkdirSync(buildDir, { recursive: true });
  const bin = path.join(buildDir, 'enet_peer');
  try {
    execFileSync('gcc', ['-O2', '-o', bin, path.join(root, 'test', 'interop', 'peers', 'enet_peer.c'), '-lenet'], { stdio: 'pipe' });
    return bin;
  } catch (error) {
    notes.push(`ENet C program not built: ${String(error).split('\n')[0] ?? ''}`);
    return null;
  }
}

/** Messages per run. */
function countOf(mode: Mode): number {
  return mode.name === 'smoke' ? 300 : mode.name === 'quick' ? 2000 : 10_000;
}

const WINDOW = 16;

function node(setup: EnetSetup, ...args: string[]): string[] {
  return ['node', ...setup.nodeFlags, ...args];
}

/** One echo run through a relay losing `loss` each way. */
async function runRelayed(impl: string, loss: number, count: number, setup: EnetSetup): Promise<Record<string, number>> {
  const peer = (role: string, port: number): string[] => {
    if (impl === 'sdk') return node(setup, path.join(setup.benchDir, 'node', 'enetPeer.js'), 'sdk', 'pingpong', role, '127.0.0.1', String(port), String(count), String(WINDOW));
    if (setup.enetBin === null) throw new Error('ENet C program not built');
    return [setup.enetBin, role, 'pingpong', '127.0.0.1', String(port), '0', String(count), String(WINDOW), '0'];
  };
  const timeoutMs = 120_000;
  const server = new Child(peer('server', 0), { cpu: 0, timeoutMs });
  let relay: Child | undefined;
  let client: Child | undefined;
  try {
    const port = Number(await server.line('READY', 20_000));
    relay = new Child(node(setup, path.join(setup.benchDir, 'udpRelay.js'), `--target=127.0.0.1:${port}`, `--loss=${loss}`, '--seed=7', '--warmup=20000'), { timeoutMs });
    const relayPort = Number(await relay.line('port', 20_000));
    client = new Child(peer('client', relayPort), { cpu: 1, timeoutMs });
    const result = await client.json<ClientResult>('RESULT', timeoutMs);
    return { perSec: (result.iters * 1000) / result.elapsedMs, p50Us: result.p50Us, p99Us: result.p99Us, clientCpuUs: (result.cpuMs * 1000) / result.iters };
  } finally {
    client?.kill();
    relay?.kill();
    server.kill();
  }
}

/** One one-way stream run: the server's count of messages and their rate. */
async function runStream(impl: string, count: number, setup: EnetSetup): Promise<Record<string, number>> {
  const script = path.join(setup.benchDir, 'node', 'enetPeer.js');
  const timeoutMs = 60_000;
  const server = new Child(node(setup, script, impl, 'stream', 'server', '127.0.0.1', '0', String(count)), { cpu: 0, timeoutMs });
  let client: Child | undefined;
  try {
    const port = Number(await server.line('READY', 20_000));
    client = new Child(node(setup, script, impl, 'stream', 'client', '127.0.0.1', String(port), String(count)), { cpu: 1, timeoutMs });
    const result = await server.json<ClientResult>('RESULT', timeoutMs);
    return { perSec: (result.iters * 1000) / Math.max(result.elapsedMs, 0.001), delivered: result.iters / count, serverCpuUs: (result.cpuMs * 1000) / result.iters };
  } finally {
    client?.kill();
    server.kill();
  }
}

/** The ENet groups of `mode`. */
export function enetGroups(mode: Mode, setup: EnetSetup): Group[] {
  const count = countOf(mode);
  const losses = mode.name === 'smoke' ? [0] : [0, 0.05, 0.2];
  const groups: Group[] = losses.map((loss) => ({
    plan: { id: `enet reliable x${WINDOW} 64 B via relay, ${Math.round(loss * 100)}% loss`, baseline: 'enet-c', metrics: ['perSec', 'p50Us', 'p99Us', 'clientCpuUs'], ratioMetrics: ['perSec', 'p99Us'] },
    impls: ['sdk', 'enet-c'],
    run: (impl) => runRelayed(impl, loss, count, setup),
  }));
  groups.push({
    plan: { id: 'enet reliable stream 64 B vs dgram unreliable', baseline: 'raw', metrics: ['perSec', 'delivered', 'serverCpuUs'], ratioMetrics: ['perSec'] },
    impls: ['sdk', 'raw', 'raw-packed'],
    run: (impl) => runStream(impl, mode.name === 'smoke' ? count : count * 10, setup),
  });
  return groups;
}
