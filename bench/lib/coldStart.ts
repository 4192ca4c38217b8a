/** The `cold start` group: a new process's time to its first round trip, the SDK against raw `node:net`. */
import { build, type BuildOptions } from 'esbuild';
import { execFileSync } from 'node:child_process';
import { readFileSync, rmSync } from 'node:fs';
import path from 'node:path';
import { Child } from './Child.js';
import type { Group } from './Group.js';
import type { Mode } from './modes.js';
import { command, type Setup } from './runners.js';
import type { PeerSpec } from './spec.js';
import { spread } from './stats.js';

/** Client processes started per run (the run's figures are their medians). */
function launchesOf(mode: Mode): number {
  return mode.name === 'full' ? 7 : mode.name === 'quick' ? 3 : 1;
}

/** The client implementations: the SDK as tsc writes it (a module a file), as the package ships it (bundled), raw `node:net`. */
type ColdImpl = 'sdk' | 'sdk-bundled' | 'raw';

/** The bundle {@link bundledEntry} made (once). */
let bundled: Promise<string> | undefined;

/** The SDK's main entry built as `npm run build:package` builds it (scripts/bundle-package.mjs), made once under dist/bench. */
function bundledEntry(setup: Setup): Promise<string> {
  return (bundled ??= bundle(setup));
}

/**
 * The package's JS pipeline, into dist/bench rather than dist/package (which `npm pack` in the
 * package test rewrites): tsc's JS of src/ without comments (`npm run build:package-js`, the
 * step `build:package` runs), bundled with the package's own options
 * (scripts/bundle-options.json; one entry, so no chunks).
 */
async function bundle(setup: Setup): Promise<string> {
  const root = path.join(setup.benchDir, '..', '..');
  const js = path.join(setup.benchDir, 'cold-src');
  const outdir = path.join(setup.benchDir, 'cold-bundle');
  rmSync(js, { recursive: true, force: true });
  execFileSync('npm', ['run', 'build:package-js', '--silent', '--', '--outDir', js], { cwd: root, stdio: 'inherit' });
  const options = JSON.parse(readFileSync(path.join(root, 'scripts', 'bundle-options.json'), 'utf8')) as BuildOptions;
  await build({ ...options, entryPoints: [path.join(js, 'index.js')], outdir });
  return path.join(outdir, 'index.js');
}

/** The SDK's main entry as tsc writes it. */
function tscEntry(setup: Setup): string {
  return path.join(setup.benchDir, '..', 'src', 'index.js');
}

/** The main entry `impl` imports: tsc's modules, or the bundle; none for raw. */
async function entryOf(impl: ColdImpl, setup: Setup): Promise<string> {
  if (impl === 'sdk-bundled') return bundledEntry(setup);
  return impl === 'sdk' ? tscEntry(setup) : '';
}

/** One launch: a raw echo server (warm, not measured), then a fresh client of `impl`; its figures. */
async function launch(impl: ColdImpl, setup: Setup): Promise<{ firstMs: number; loadMs: number }> {
  const entry = await entryOf(impl, setup);
  const spec: PeerSpec = { role: 'server', kase: 'pingpong', host: '127.0.0.1', port: 0, size: 64, inflight: 1, durationMs: 60_000, warmupMs: 0, maxIters: 1, connections: 1 };
  const server = new Child(command('raw', spec, setup), { timeoutMs: 60_000 });
  let client: Child | undefined;
  try {
    const port = Number(await server.line('READY', 20_000));
    const argv = ['node', ...setup.nodeFlags, path.join(setup.benchDir, 'node', 'coldClient.js'), impl === 'raw' ? 'raw' : 'sdk', String(port), entry];
    client = new Child(argv, { timeoutMs: 60_000 });
    return await client.json<{ firstMs: number; loadMs: number }>('RESULT', 60_000);
  } finally {
    client?.kill();
    server.kill();
  }
}

/**
 * The cold start: from a client process's start to the echo of its first packet (`firstMs`), and
 * how much of it was loading the library (`loadMs`), medians of a few launches a run. `sdk` loads
 * tsc's output (one file a module, as in this repository), `sdk-bundled` what the package ships.
 */
export function coldStartGroup(mode: Mode, setup: Setup): Group {
  return {
    plan: { id: 'cold start: process start to first round trip', baseline: 'raw', metrics: ['firstMs', 'loadMs'], ratioMetrics: ['firstMs'] },
    impls: ['sdk', 'sdk-bundled', 'raw'],
    run: async (impl) => {
      const firsts: number[] = [];
      const loads: number[] = [];
      for (let i = 0; i < launchesOf(mode); i++) {
        const { firstMs, loadMs } = await launch(impl as ColdImpl, setup);
        firsts.push(firstMs);
        loads.push(loadMs);
      }
      return { firstMs: spread(firsts).median, loadMs: spread(loads).median };
    },
  };
}
