/**
 * `npm run bench`: this SDK side by side with raw node:net/dgram, ws, SFML 2.5.1 (C++) and Java 17,
 * in the same run. Flags: `--quick` (fewer, shorter repetitions), `--smoke` (a few hundred
 * iterations, used by the test), `--only=<text>` (groups whose name contains it), `--reps=<n>`,
 * `--impls=sdk,raw` (only these implementations), `--node-flags="<options>"` (given to every Node
 * process, e.g. `--min-semi-space-size=32 --max-semi-space-size=32`; recorded in the JSON and
 * named in its file name), `--out=<dir>` (where the JSON goes; default bench/results). Each run
 * also records the machine's memory latency (`bench/lib/memoryLatency.ts`), and `bench/pool.ts`
 * judges the targets on several runs of the same code together.
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { flag, git } from './lib/cli.js';
import { makeBenchCertificates } from './lib/transports.js';
import { groupsOf } from './lib/groups.js';
import { memoryLatency } from './lib/memoryLatency.js';
import { MODES } from './lib/modes.js';
import { buildNatives } from './lib/natives.js';
import { buildEnet, enetGroups } from './lib/enetGroups.js';
import type { Impl } from './lib/spec.js';
import { summarise, table, type RunRecord } from './lib/summary.js';
import { checkTargets, targetTable } from './lib/targets.js';

const benchDir = path.dirname(fileURLToPath(import.meta.url));
const root = path.resolve(benchDir, '..', '..');

/** Rotates `items` left by `by`, so each implementation takes every slot in turn. */
function rotate<T>(items: readonly T[], by: number): T[] {
  const shift = by % items.length;
  return [...items.slice(shift), ...items.slice(0, shift)];
}

/** Threads on the machine now (the total of `/proc/loadavg`'s running/total field), or `undefined` off Linux. */
function threadCount(): number | undefined {
  try {
    const total = readFileSync('/proc/loadavg', 'utf8').split(' ')[3]?.split('/')[1];
    return total === undefined ? undefined : Number(total);
  } catch {
    return undefined;
  }
}

/** Threads on the machine before the run started: what `settle` waits to get back near. */
const quietThreads = threadCount();

/** Waits until the machine is back near its thread count at the start (at most 20 s), then 1 s more. */
async function settle(): Promise<void> {
  for (let waited = 0; waited < 20_000; waited += 250) {
    const threads = threadCount();
    if (threads === undefined || quietThreads === undefined || threads <= quietThreads + 50) break;
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  await new Promise((resolve) => setTimeout(resolve, 1000));
}

async function main(): Promise<void> {
  const base = MODES[process.argv.includes('--smoke') ? 'smoke' : process.argv.includes('--quick') ? 'quick' : 'full'];
  const mode = { ...base, reps: Number(flag('reps') ?? base.reps) };
  const only = flag('only');
  const natives = buildNatives(path.join(root, 'bench'), path.join(benchDir, 'native'));
  for (const note of natives.notes) process.stderr.write(`${note}\n`);
  const nodeFlags = flag('node-flags')?.split(/\s+/).filter((option) => option !== '') ?? [];
  const setup = { benchDir, sfmlBin: natives.sfmlBin, javaDir: natives.javaDir, nodeFlags };
  const sdkUdp = existsSync(path.join(root, 'dist', 'src', 'udp', 'UdpSocket.js'));
  const udpImpls: Impl[] = sdkUdp ? ['sdk', 'raw', 'sfml', 'java'] : ['raw', 'sfml', 'java'];
  const removeCertificates = makeBenchCertificates();
  if (removeCertificates === null) process.stderr.write('openssl is missing: the TLS groups fail\n');
  process.on('exit', () => removeCertificates?.());
  const enetNotes: string[] = [];
  const enetBin = buildEnet(root, path.join(benchDir, 'native'), enetNotes);
  const allGroups = [...groupsOf(mode, setup, udpImpls), ...enetGroups(mode, { benchDir, nodeFlags, enetBin })];
  const groups = allGroups.filter((group) => only === undefined || group.plan.id.includes(only));
  const started = new Date();
  const loadBefore = os.loadavg();
  const latency = memoryLatency();
  process.stderr.write(`memory latency: ${latency.ns256KiB.toFixed(1)} ns a load in 256 KiB, ${latency.ns8MiB.toFixed(1)} ns in 8 MiB\n`);
  const runs: RunRecord[] = [];
  const picked = flag('impls')?.split(',');
  // Disruptive groups (the idle case) go last, each run followed by a pause, so the teardown of
  // thousands of sockets and threads does not land in the next group's window.
  const phases = [groups.filter((group) => group.disruptive !== true), groups.filter((group) => group.disruptive === true)];
  for (const phase of phases) {
    for (let rep = 0; rep < mode.reps; rep++) {
      for (const group of phase) {
        const index = groups.indexOf(group);
        const impls = group.impls.filter((impl) => picked === undefined || picked.includes(impl));
        for (const impl of rotate(impls, rep + index)) {
          try {
            runs.push({ group: group.plan.id, impl, rep, figures: await group.run(impl) });
          } catch (error) {
            runs.push({ group: group.plan.id, impl, rep, error: error instanceof Error ? error.message : String(error) });
          }
          if (group.disruptive === true) await settle();
        }
        process.stderr.write(`rep ${rep + 1}/${mode.reps}: ${group.plan.id} (${Math.round((Date.now() - started.getTime()) / 1000)} s)\n`);
      }
    }
  }
  const loadAfter = os.loadavg();
  const summaries = groups.map((group) => ({ plan: group.plan, impls: summarise(group.plan, runs) }));
  const notes = [...natives.notes, ...enetNotes, ...(sdkUdp ? [] : ['SDK UdpSocket not available: UDP compares the baselines only'])];
  for (const { plan, impls } of summaries) process.stdout.write(`${table(plan, impls)}\n\n`);
  const targets = checkTargets(summaries);
  process.stdout.write(`${targetTable(targets)}\n\n`);
  const failures = runs.filter((run) => run.error !== undefined);
  for (const run of failures) process.stdout.write(`failed: ${run.group} / ${run.impl} rep ${run.rep}: ${run.error ?? ''}\n`);
  process.stdout.write(`load average before ${loadBefore.map((v) => v.toFixed(2)).join(' ')}, after ${loadAfter.map((v) => v.toFixed(2)).join(' ')}\n`);
  const commit = git(root, 'rev-parse', '--short', 'HEAD') || 'unknown';
  const dirty = git(root, 'status', '--porcelain', '--untracked-files=no') !== '';
  const outDir = flag('out') ?? path.join(root, 'bench', 'results');
  mkdirSync(outDir, { recursive: true });
  const partial = mode.name !== 'full' || only !== undefined || mode.reps !== base.reps;
  const file = path.join(outDir, `${started.toISOString().slice(0, 10)}-${commit}${partial ? `-${mode.name}` : ''}${nodeFlags.length > 0 ? '-node-flags' : ''}.json`);
  const record = {
    date: started.toISOString(),
    finished: new Date().toISOString(),
    commit,
    dirty,
    mode,
    nodeFlags,
    machine: { node: process.version, ...natives.versions, cpus: os.cpus().length, cpuModel: os.cpus()[0]?.model ?? '', loadBefore, loadAfter, memoryLatencyNs: latency },
    notes,
    groups: summaries,
    targets,
    runs,
  };
  writeFileSync(file, `${JSON.stringify(record, null, 1)}\n`);
  process.stdout.write(`results: ${path.relative(process.cwd(), file)}\n`);
}

void main();
