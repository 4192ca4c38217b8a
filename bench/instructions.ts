/**
 * `npm run bench:instructions`: the instructions that the SDK's echo server and raw Node's
 * execute per round trip, counted by valgrind's callgrind.
 *
 * @remarks
 * Rates swing with the machine, and CPU times less so. An instruction count does not depend on
 * what else runs, so it shows a change of a few percent that no timed run can resolve. Each
 * server runs under callgrind twice, for `--short` and for `--long` round trips (20,000 and 60,000
 * by default), with the client outside valgrind. The difference, divided by the round trips
 * between the two runs, is the cost of one round trip without start-up. Work that falls in that
 * window once is reported apart: V8's optimizing compiler, its major collector and module loading.
 * The figures are steadier than timed ones but not exact: V8 chooses when to collect and what to
 * inline, so they move by several percent between runs (with 5,000 and 35,000 round trips, two
 * runs put the SDK's 16 B figure at 18.7k and 22.3k; 20,000 and 60,000 gave 22.4k). It counts
 * user space only: the system calls are the same for both servers (`strace -c`).
 *
 * The WebSocket case compares the SDK over `NodeWebSocketTransport` (`sdkws`) with the
 * hand-written `ws` server in the same columns.
 *
 * `--side=client` counts the clients instead (the server then runs outside valgrind): a ping-pong
 * round trip is both halves, and a timed ratio moves with either.
 *
 * Flags: `--only=<substring of a case name>`, `--short=<n>`, `--long=<n>`, `--side=server|client`,
 * `--out=<dir>` (where the JSON goes; default bench/results).
 * Needs `valgrind` (Debian: `apt-get install valgrind`).
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { type Counts, largestDifferences, nameJit, parseAnnotate, perPacket, type PerPacket } from './lib/callgrind.js';
import { Child } from './lib/Child.js';
import { flag, git } from './lib/cli.js';
import { command } from './lib/runners.js';
import { makeBenchCertificates } from './lib/transports.js';
import type { Impl, Kase, PeerSpec, ServerResult } from './lib/spec.js';

const benchDir = path.dirname(fileURLToPath(import.meta.url));
const root = path.resolve(benchDir, '..', '..');
const setup = { benchDir, sfmlBin: null, javaDir: null, nodeFlags: [] };

/** One counted case: a pinned group of `npm run bench` (`host` names the stream, as there). */
interface Case {
  readonly name: string;
  readonly kase: Kase;
  readonly size: number;
  readonly host: string;
  readonly inflight: number;
  /** The baseline and the SDK compared: raw Node and the SDK unless named (`ws` and `sdkws` for WebSocket). */
  readonly impls?: readonly [Impl, Impl];
}

/** The cases counted: the pinned targets closest to their bounds (`--only=<substring>` picks some). */
const CASES: readonly Case[] = [
  { name: 'tcp ping-pong 16 B', kase: 'pingpong', size: 16, host: '127.0.0.1', inflight: 1 },
  { name: 'tcp ping-pong 64 B', kase: 'pingpong', size: 64, host: '127.0.0.1', inflight: 1 },
  { name: 'udp ping-pong 64 B', kase: 'udp', size: 64, host: '127.0.0.1', inflight: 1 },
  { name: 'tcp pipelined x64 64 B', kase: 'pipeline', size: 64, host: '127.0.0.1', inflight: 64 },
  { name: 'tls pipelined x64 64 B', kase: 'pipeline', size: 64, host: 'tls:127.0.0.1', inflight: 64 },
  { name: 'unix ping-pong 64 B', kase: 'pingpong', size: 64, host: `unix:${path.join(os.tmpdir(), `sfnet-instructions-${process.pid}.sock`)}`, inflight: 1 },
  { name: 'ws ping-pong 64 B', kase: 'pingpong', size: 64, host: '127.0.0.1', inflight: 1, impls: ['ws', 'sdkws'] },
];
const IMPLS: readonly [Impl, Impl] = ['raw', 'sdk'];
/** Functions listed per case, each way. */
const LISTED = 12;

/** Which peer runs under callgrind. */
type Side = 'server' | 'client';

/** `command` of `impl` for `spec`, under callgrind (writing `out`) when `counted`. */
function underCallgrind(impl: Impl, spec: PeerSpec, counted: boolean, out: string): readonly string[] {
  const [node, ...rest] = command(impl, spec, setup);
  return counted ? ['valgrind', '--tool=callgrind', `--callgrind-out-file=${out}`, node as string, '--perf-basic-prof', ...rest] : [node as string, ...rest];
}

/** Runs `side` of `impl` under callgrind for `roundTrips`; its counts per function and the round trips it made. */
async function countSide(impl: Impl, { kase, size, host, inflight }: Case, roundTrips: number, work: string, side: Side): Promise<{ counts: Counts; packets: number }> {
  const spec: PeerSpec = { role: 'server', kase, host, port: 0, size, inflight, durationMs: 600_000, warmupMs: 0, maxIters: roundTrips, connections: 0 };
  const out = path.join(work, `${impl}-${kase}-${size}-${roundTrips}.callgrind`);
  const timeoutMs = 900_000;
  const server = new Child(underCallgrind(impl, spec, side === 'server', out), { timeoutMs });
  let client: Child | undefined;
  let perfMap = side === 'server' ? `/tmp/perf-${server.pid}.map` : undefined;
  try {
    const port = Number(await server.line('READY', 120_000));
    client = new Child(underCallgrind(impl, { ...spec, role: 'client', port }, side === 'client', out), { timeoutMs });
    perfMap ??= `/tmp/perf-${client.pid}.map`;
    const made = await client.json<{ iters: number }>('RESULT', timeoutMs);
    const served = await server.json<ServerResult>('RESULT', 120_000);
    await (side === 'server' ? server : client).exited;
    const annotated = execFileSync('callgrind_annotate', ['--threshold=100', out], { maxBuffer: 256 * 1024 * 1024 }).toString();
    return { counts: nameJit(parseAnnotate(annotated), readFileSync(perfMap, 'utf8'), `${root}/dist/`), packets: side === 'server' ? served.packets : made.iters };
  } finally {
    client?.kill();
    server.kill();
    if (perfMap !== undefined) rmSync(perfMap, { force: true });
  }
}

/** Thousands, one decimal. */
function k(value: number): string {
  return `${(value / 1000).toFixed(1)}k`;
}

async function main(): Promise<void> {
  if (spawnSync('valgrind', ['--version']).status !== 0) {
    process.stderr.write('valgrind not found: install it (Debian: apt-get install valgrind)\n');
    process.exitCode = 1;
    return;
  }
  const short = Number(flag('short') ?? 20_000);
  const long = Number(flag('long') ?? 60_000);
  if (!(Number.isInteger(short) && Number.isInteger(long) && short > 0 && long > short)) throw new RangeError('--short and --long: whole numbers, long > short > 0');
  const side = flag('side') ?? 'server';
  if (side !== 'server' && side !== 'client') throw new RangeError('--side: server or client');
  const work = mkdtempSync(path.join(os.tmpdir(), 'sfnet-callgrind-'));
  const removeCertificates = makeBenchCertificates();
  const started = new Date();
  const cases = [];
  try {
    const only = flag('only');
    for (const counted of CASES.filter((c) => only === undefined || c.name.includes(only))) {
      const { name } = counted;
      const results = new Map<Impl, PerPacket>();
      const [base, sdkImpl] = counted.impls ?? IMPLS;
      for (const impl of [base, sdkImpl]) {
        const few = await countSide(impl, counted, short, work, side);
        const many = await countSide(impl, counted, long, work, side);
        results.set(impl, perPacket(few.counts, many.counts, many.packets - few.packets));
        process.stderr.write(`${name}: ${impl} counted\n`);
      }
      const raw = results.get(base) as PerPacket;
      const sdk = results.get(sdkImpl) as PerPacket;
      const { more, less } = largestDifferences(raw.functions, sdk.functions, LISTED);
      cases.push({ name, raw: { all: raw.all, steady: raw.steady }, sdk: { all: sdk.all, steady: sdk.steady }, more, less });
    }
  } finally {
    removeCertificates?.();
    rmSync(work, { recursive: true, force: true });
  }
  const lines = [`== ${side} instructions per round trip (callgrind, ${long} - ${short} round trips; steady: without compiler, major GC, module loading)`];
  lines.push(`${'case'.padEnd(20)} ${'raw/ws'.padStart(8)} ${'sdk'.padStart(8)} ${'sdk ÷ raw'.padStart(10)} ${'raw, all'.padStart(9)} ${'sdk, all'.padStart(9)}`);
  for (const c of cases) {
    lines.push(`${c.name.padEnd(20)} ${k(c.raw.steady).padStart(8)} ${k(c.sdk.steady).padStart(8)} ${(c.sdk.steady / c.raw.steady).toFixed(2).padStart(10)} ${k(c.raw.all).padStart(9)} ${k(c.sdk.all).padStart(9)}`);
  }
  for (const c of cases) {
    lines.push('', `== ${c.name}: functions where the SDK's ${side} spends more / less (raw, sdk per round trip)`);
    for (const [fn, a, b] of [...c.more, ...c.less]) lines.push(`${Math.round(a).toString().padStart(7)} ${Math.round(b).toString().padStart(7)} ${(b - a > 0 ? '+' : '') + Math.round(b - a).toString().padStart(6)}  ${fn.slice(0, 110)}`);
  }
  process.stdout.write(`${lines.join('\n')}\n`);
  const commit = git(root, 'rev-parse', '--short', 'HEAD') || 'unknown';
  const outDir = flag('out') ?? path.join(root, 'bench', 'results');
  mkdirSync(outDir, { recursive: true });
  const file = path.join(outDir, `${started.toISOString().slice(0, 10)}-${commit}-instructions.json`);
  writeFileSync(file, `${JSON.stringify({ date: started.toISOString(), commit, node: process.version, side, short, long, cases }, null, 1)}\n`);
  process.stdout.write(`results: ${path.relative(process.cwd(), file)}\n`);
}

void main();
