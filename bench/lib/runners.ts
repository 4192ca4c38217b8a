/** Runs one measurement: starts the processes of one implementation, collects their figures. */
import path from 'node:path';
import { Child } from './Child.js';
import type { Placement } from './modes.js';
import { specArgs, type ClientResult, type IdleClientResult, type IdleMeasure, type Impl, type PeerSpec, type ServerResult } from './spec.js';

/** Where the compiled programs are. */
export interface Setup {
  /** The compiled `bench` folder (`dist/bench`). */
  readonly benchDir: string;
  /** The SFML program, or `null` when it could not be built. */
  readonly sfmlBin: string | null;
  /** The folder with `BenchJava.class`, or `null`. */
  readonly javaDir: string | null;
  /** Options given to every Node process the bench starts (`--node-flags`), e.g. V8's young generation size. */
  readonly nodeFlags: readonly string[];
}

/** The figures of one echo run. */
export interface EchoFigures {
  readonly perSec: number;
  readonly p50Us: number;
  readonly p99Us: number;
  /** The 99.9th percentile: on this machine kind it shows the collector's pauses (p99 mostly the machine's). */
  readonly p999Us: number;
  /** Payload megabytes per second, one way. */
  readonly mbPerSec: number;
  /** CPU microseconds per packet in the client and in the server. */
  readonly clientCpuUs: number;
  readonly serverCpuUs: number;
  readonly lost: number;
}

/** The figures of one idle-connections run. */
export interface IdleFigures {
  readonly connected: number;
  readonly accepted: number;
  readonly acceptMs: number;
  readonly connectMs: number;
  /**
   * Server resident memory per connection, bytes; for Node servers, not counting the growth of
   * V8's (empty) young generation, which is a GC sizing step rather than per-connection memory.
   */
  readonly bytesPerConnection: number;
  /** Server resident memory per connection, bytes, young generation included. */
  readonly rssPerConnection: number;
  /** V8 heap per connection (Node servers; NaN otherwise). */
  readonly heapPerConnection: number;
  readonly served: number;
}

/** The figures of one codec run. */
export interface CodecFigures {
  readonly opsPerSec: number;
  readonly cpuNsPerOp: number;
}

/** The command line of a Node script of the bench: `node`, the flags of `setup`, then `args`. */
function nodeCommand(setup: Setup, ...args: string[]): string[] {
  return ['node', ...setup.nodeFlags, ...args];
}

/** The command line of `impl` for `spec`. */
export function command(impl: Impl, spec: PeerSpec, setup: Setup): string[] {
  const args = specArgs(spec);
  switch (impl) {
    case 'sfml':
      if (setup.sfmlBin === null) throw new Error('SFML program not built');
      return [setup.sfmlBin, ...args];
    case 'java':
      if (setup.javaDir === null) throw new Error('Java program not built');
      return ['java', '-Xss256k', '-cp', setup.javaDir, 'BenchJava', ...args];
    case 'sdk':
    case 'raw':
    case 'ws':
    case 'sdkws':
      return nodeCommand(setup, ...(spec.kase === 'idle' ? ['--expose-gc'] : []), path.join(setup.benchDir, 'node', 'peer.js'), impl, ...args);
  }
}

/** The CPUs of the server and the client. */
function cpusOf(placement: Placement): { server: number; client: number } {
  return placement === 'pinned' ? { server: 0, client: 0 } : { server: 0, client: 1 };
}

/** One echo run (ping-pong, pipelined or UDP): server, then client, both ending by themselves. */
export async function runEcho(impl: Impl, spec: PeerSpec, placement: Placement, setup: Setup): Promise<EchoFigures> {
  const cpus = cpusOf(placement);
  const timeoutMs = spec.warmupMs + spec.durationMs + 30_000;
  const server = new Child(command(impl, { ...spec, role: 'server' }, setup), { cpu: cpus.server, timeoutMs });
  let client: Child | undefined;
  try {
    const port = Number(await server.line('READY', 20_000));
    client = new Child(command(impl, { ...spec, role: 'client', port }, setup), { cpu: cpus.client, timeoutMs });
    const figures = await client.json<ClientResult>('RESULT', timeoutMs);
    const served = await server.json<ServerResult>('RESULT', 10_000).catch(() => ({ packets: 0, cpuMs: Number.NaN }));
    await Promise.all([client.exited, server.exited]);
    const perSec = (figures.iters * 1000) / figures.elapsedMs;
    return {
      perSec,
      p50Us: figures.p50Us,
      p99Us: figures.p99Us,
      p999Us: figures.p999Us,
      mbPerSec: (perSec * spec.size) / 1e6,
      clientCpuUs: (figures.cpuMs * 1000) / figures.iters,
      serverCpuUs: (served.cpuMs * 1000) / served.packets,
      lost: figures.lost ?? 0,
    };
  } finally {
    client?.kill();
    server.kill();
  }
}

/** One idle-connections run: the server of `impl`, the shared Node client, `go` once memory is measured. */
export async function runIdle(impl: Impl, spec: PeerSpec, setup: Setup): Promise<IdleFigures> {
  const timeoutMs = spec.durationMs + 120_000;
  const server = new Child(command(impl, { ...spec, role: 'server' }, setup), { cpu: 0, timeoutMs, manyFiles: true });
  let client: Child | undefined;
  try {
    const port = Number(await server.line('READY', 20_000));
    const clientArgs = specArgs({ ...spec, role: 'client', port });
    const clientCommand = nodeCommand(setup, path.join(setup.benchDir, 'node', 'idleClient.js'), impl === 'ws' || impl === 'sdkws' ? 'ws' : 'len', ...clientArgs);
    client = new Child(clientCommand, { cpu: 1, timeoutMs, manyFiles: true });
    const measure = await server.json<IdleMeasure>('MEASURED', 90_000);
    await client.line('CONNECTED', 30_000);
    client.send('go');
    const result = await client.json<IdleClientResult>('RESULT', 60_000);
    await server.line('RESULT', 30_000).catch(() => '');
    return {
      connected: result.connected,
      accepted: measure.accepted,
      acceptMs: measure.acceptMs,
      connectMs: result.connectMs,
      bytesPerConnection: (measure.rssAfter - measure.rssBefore - ((measure.youngAfter ?? 0) - (measure.youngBefore ?? 0))) / measure.accepted,
      rssPerConnection: (measure.rssAfter - measure.rssBefore) / measure.accepted,
      heapPerConnection: measure.heapPerConnection ?? Number.NaN,
      served: result.served,
    };
  } finally {
    client?.kill();
    server.kill();
  }
}

/** The codecs the encode+decode group compares: a PacketLayout, the Packet calls, hand-written DataView code. */
export type CodecImpl = 'sdk' | 'sdk-calls' | 'dataview';

/** One codec run in its own process. */
export function runCodec(impl: CodecImpl, durationMs: number, maxOps: number, setup: Setup): Promise<CodecFigures> {
  return runOpsScript('codec.js', impl, durationMs, maxOps, setup);
}

/** Runs `bench/node/<script>` for `impl` in its own process and turns its ops count into a rate and CPU per op. */
async function runOpsScript(script: string, impl: string, durationMs: number, maxOps: number, setup: Setup): Promise<CodecFigures> {
  const child = new Child(nodeCommand(setup, path.join(setup.benchDir, 'node', script), impl, String(durationMs), String(maxOps)), {
    cpu: 0,
    timeoutMs: durationMs + 30_000,
  });
  try {
    const result = await child.json<{ ops: number; elapsedMs: number; cpuMs: number }>('RESULT', durationMs + 30_000);
    await child.exited;
    return { opsPerSec: (result.ops * 1000) / result.elapsedMs, cpuNsPerOp: (result.cpuMs * 1e6) / result.ops };
  } finally {
    child.kill();
  }
}

/** The implementations the Java data streams group compares: the SDK's streams, Packet + readFully by hand, hand-written node:net. */
export type DataStreamImpl = 'sdk' | 'sdk-packet' | 'raw';

/** One run of Java-style unframed records over loopback (bench/node/dataStreams.ts) in its own process. */
export function runDataStreams(impl: DataStreamImpl, durationMs: number, maxOps: number, setup: Setup): Promise<CodecFigures> {
  return runOpsScript('dataStreams.js', impl, durationMs, maxOps, setup);
}
