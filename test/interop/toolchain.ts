/**
 * Builds the interop peers (test/interop/peers/) once: g++ with SFML 2.5.1 for the C++ peer, javac
 * for the Java peer. The output goes to a cache directory under `os.tmpdir()` named by a hash of
 * the source and the compiler's version, so every test file and every later run reuses it; a lock
 * directory keeps parallel ava processes from compiling the same thing twice.
 */
import { execFile, spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, renameSync, rmSync, rmdirSync, statSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import test, { type ExecutionContext } from 'ava';

/** The two peer programs of the TCP/UDP interop tests. */
export type PeerKind = 'sfml' | 'java';

/** Every program this file builds: the two above and the ENet C peers. */
export type BuildKind = PeerKind | 'enet' | 'enetProbe';

/** How to start a built peer: the program and the arguments before the mode. */
export interface PeerCommand {
  readonly kind: BuildKind;
  readonly file: string;
  readonly args: readonly string[];
}

/** The peer sources live next to this file's TypeScript source (dist/test/interop → test/interop). */
const PEERS = fileURLToPath(new URL('../../../test/interop/peers/', import.meta.url));
const LOCK_WAIT_MS = 90_000;

interface Recipe {
  readonly source: string;
  readonly tools: readonly string[];
  readonly headers: readonly string[];
  readonly missing: string;
  readonly version: readonly [string, ...string[]];
  compile(source: string, out: string): readonly [string, ...string[]];
  command(dir: string): PeerCommand;
}

const recipes: Record<BuildKind, Recipe> = {
  sfml: {
    source: 'sfml_peer.cpp',
    tools: ['g++'],
    headers: ['/usr/include/SFML/Network.hpp', '/usr/local/include/SFML/Network.hpp'],
    missing: 'g++ and the SFML 2.5 headers/libraries (apt-get install g++ libsfml-dev)',
    version: ['g++', '--version'],
    compile: (source, out) => ['g++', '-std=c++17', '-O1', '-o', path.join(out, 'sfml_peer'), source, '-lsfml-network', '-lsfml-system'],
    command: (dir) => ({ kind: 'sfml', file: path.join(dir, 'sfml_peer'), args: [] }),
  },
  java: {
    source: 'JavaPeer.java',
    tools: ['javac', 'java'],
    headers: [],
    missing: 'a JDK 17+ with javac and java (apt-get install openjdk-17-jdk-headless)',
    version: ['javac', '-version'],
    compile: (source, out) => ['javac', '-d', out, source],
    command: (dir) => ({
      kind: 'java',
      file: 'java',
      args: ['-XX:TieredStopAtLevel=1', '-XX:+UseSerialGC', '-Xmx256m', '-cp', dir, 'JavaPeer'],
    }),
  },
  enet: {
    source: 'enet_peer.c',
    tools: ['gcc'],
    headers: ['/usr/include/enet/enet.h', '/usr/local/include/enet/enet.h'],
    missing: 'gcc and the ENet 1.3 headers/library (apt-get install gcc libenet-dev)',
    version: ['gcc', '--version'],
    compile: (source, out) => ['gcc', '-O2', '-o', path.join(out, 'enet_peer'), source, '-lenet'],
    command: (dir) => ({ kind: 'enet', file: path.join(dir, 'enet_peer'), args: [] }),
  },
  enetProbe: {
    source: 'enet_probe.c',
    tools: ['gcc'],
    headers: ['/usr/include/enet/enet.h', '/usr/local/include/enet/enet.h'],
    missing: 'gcc and the ENet 1.3 headers/library (apt-get install gcc libenet-dev)',
    version: ['gcc', '--version'],
    compile: (source, out) => ['gcc', '-O2', '-o', path.join(out, 'enet_probe'), source, '-lenet'],
    command: (dir) => ({ kind: 'enetProbe', file: path.join(dir, 'enet_probe'), args: [] }),
  },
};

/** The output of a short command, or `null` when it cannot run. */
function probe([file, ...args]: readonly [string, ...string[]]): string | null {
  const result = spawnSync(file, args, { encoding: 'utf8', timeout: 20_000 });
  return result.status === 0 ? `${result.stdout}${result.stderr}` : null;
}

/** Whether an executable of that name is on PATH. */
function onPath(tool: string): boolean {
  return (process.env['PATH'] ?? '').split(path.delimiter).some((dir) => dir !== '' && existsSync(path.join(dir, tool)));
}

function run([file, ...args]: readonly [string, ...string[]]): Promise<string | null> {
  return new Promise((resolve) =>
    execFile(file, args, { timeout: 60_000, maxBuffer: 4 << 20 }, (error, stdout, stderr) =>
      resolve(error === null ? null : `${error.message}\n${stdout}${stderr}`),
    ),
  );
}

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/** Takes the lock directory, waiting for another process that holds it; breaks a stale one. */
async function lock(dir: string): Promise<boolean> {
  const deadline = Date.now() + LOCK_WAIT_MS;
  for (;;) {
    try {
      mkdirSync(`${dir}.lock`);
      return true;
    } catch {
      if (existsSync(dir)) return false;
      const age = Date.now() - (statSync(`${dir}.lock`, { throwIfNoEntry: false })?.mtimeMs ?? Date.now());
      if (age > LOCK_WAIT_MS) rmSync(`${dir}.lock`, { recursive: true, force: true });
      if (Date.now() > deadline) return false;
      await sleep(100);
    }
  }
}

/** Compiles into a fresh directory, then renames it into place, so a half-built peer is never seen. */
async function build(recipe: Recipe, source: string, dir: string): Promise<string | null> {
  if (existsSync(dir) || !(await lock(dir))) return existsSync(dir) ? null : `timed out waiting for ${dir}.lock`;
  try {
    if (existsSync(dir)) return null;
    const staging = `${dir}.tmp-${process.pid}`;
    rmSync(staging, { recursive: true, force: true });
    mkdirSync(staging, { recursive: true });
    const failure = await run(recipe.compile(source, staging));
    if (failure !== null) return failure;
    renameSync(staging, dir);
    return null;
  } finally {
    rmdirSync(`${dir}.lock`);
  }
}

/** What building a peer gave: the command, or why there is none. */
export type BuildResult = { readonly peer: PeerCommand } | { readonly missing: string };

async function buildPeer(kind: BuildKind): Promise<BuildResult> {
  const recipe = recipes[kind];
  const version = missingTools(kind) === null ? probe(recipe.version) : null;
  if (version === null) return { missing: recipe.missing };
  const source = path.join(PEERS, recipe.source);
  const hash = createHash('sha256').update(readFileSync(source)).update(version).digest('hex').slice(0, 16);
  const dir = path.join(os.tmpdir(), `sfnet-interop-${kind}-${hash}`);
  const failure = await build(recipe, source, dir);
  if (failure !== null) return { missing: `${recipe.missing}; building ${recipe.source} failed: ${failure}` };
  return { peer: recipe.command(dir) };
}

const builds = new Map<BuildKind, Promise<BuildResult>>();

/** Builds (once per process, cached across processes) the peer of `kind`. */
export function peerBuild(kind: BuildKind): Promise<BuildResult> {
  let pending = builds.get(kind);
  if (pending === undefined) builds.set(kind, (pending = buildPeer(kind)));
  return pending;
}

/**
 * What is missing to build the peer of `kind` (tools on PATH, and SFML's headers), or `null`.
 * Cheap: it decides at load time whether the tests run.
 */
export function missingTools(kind: BuildKind): string | null {
  const recipe = recipes[kind];
  const headers = recipe.headers.length === 0 || recipe.headers.some((file) => existsSync(file));
  return headers && recipe.tools.every(onPath) ? null : recipe.missing;
}

/**
 * The peer of `kind` for a test: built and ready, or `null` after failing the test with what is
 * missing (the test should then return). Sets the test's time-out to `timeoutMs` from now.
 */
export async function requirePeer(t: ExecutionContext, kind: BuildKind, timeoutMs = 60_000): Promise<PeerCommand | null> {
  // The test's whole time-out, the build included: set here, since a t.timeout before this call
  // would be replaced by it (ava's last call wins).
  t.timeout(timeoutMs);
  const result = await peerBuild(kind);
  if ('peer' in result) return result.peer;
  t.fail(`interop peer '${kind}' unavailable: ${result.missing}`);
  return null;
}

/**
 * `test` for tests that need the peer of `kind`; when its tools are missing: on CI still `test`
 * (the test then fails, naming what is missing), elsewhere `test.skip` with a loud warning.
 */
export function interopTest(kind: BuildKind): typeof test.skip {
  const missing = missingTools(kind);
  if (missing === null || process.env['CI'] !== undefined) return test;
  console.warn(`\n!!! sfnet interop tests with the '${kind}' peer are SKIPPED: missing ${missing}\n`);
  return test.skip;
}
