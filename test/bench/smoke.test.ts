/**
 * Keeps the benchmark from rotting: runs `bench/run.ts --smoke` (a few hundred iterations per
 * case, every implementation) and checks that each group produced figures. No timing is checked.
 */
import { execFile } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import test, { type ExecutionContext } from 'ava';
import type { MemoryLatency } from '../../bench/lib/memoryLatency.js';

const runScript = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..', 'bench', 'run.js');

interface Recorded {
  readonly nodeFlags: readonly string[];
  readonly machine: { readonly memoryLatencyNs: MemoryLatency };
  readonly groups: ReadonlyArray<{ readonly plan: { readonly id: string }; readonly impls: ReadonlyArray<{ readonly impl: string }> }>;
  readonly notes: readonly string[];
  readonly runs: ReadonlyArray<{ readonly group: string; readonly impl: string; readonly error?: string; readonly figures?: Readonly<Record<string, number>> }>;
}

/** Runs `bench/run.js --smoke <args>` into a fresh folder (removed on teardown): its stdout, and the one JSON file it wrote. */
async function smoke(t: ExecutionContext, args: readonly string[], timeoutMs: number): Promise<{ stdout: string; file: string; recorded: Recorded }> {
  const out = mkdtempSync(path.join(os.tmpdir(), 'sfnet-bench-'));
  t.teardown(() => rmSync(out, { recursive: true, force: true }));
  const stdout = await new Promise<string>((resolve, reject) => {
    execFile('node', [runScript, '--smoke', ...args, `--out=${out}`], { timeout: timeoutMs }, (error, text) => (error ? reject(error) : resolve(text)));
  });
  const files = readdirSync(out);
  t.is(files.length, 1);
  const file = files[0] as string;
  return { stdout, file, recorded: JSON.parse(readFileSync(path.join(out, file), 'utf8')) as Recorded };
}

test('the smoke benchmark runs every case of every implementation and writes its JSON', async (t) => {
  t.timeout(180_000); // the ENet groups (a relay and three more processes per run) added about 12 s
  const { stdout, recorded } = await smoke(t, [], 170_000);
  t.regex(stdout, /== tcp ping-pong 64 B/);
  const ids = recorded.groups.map((group) => group.plan.id);
  t.true(ids.some((id) => id.startsWith('tcp ping-pong')));
  t.true(ids.some((id) => id.startsWith('tcp pipelined')));
  t.true(ids.some((id) => id.includes('idle connections')));
  t.true(ids.some((id) => id.startsWith('packet encode+decode')));
  t.true(ids.some((id) => id.startsWith('ws ping-pong')), 'the WebSocket ping-pong ran (its other cases are left out of the smoke run)');
  const { ns256KiB, ns8MiB } = recorded.machine.memoryLatencyNs;
  t.true(ns256KiB > 0 && ns8MiB > 0, 'the machine probe recorded both latencies');
  const failed = recorded.runs.filter((run) => run.error !== undefined && ['sdk', 'sdk-bundled', 'raw', 'dataview', 'sdkws', 'ws'].includes(run.impl));
  t.deepEqual(failed, [], 'the SDK and its baselines ran in every group');
  const cold = recorded.runs.filter((run) => run.group.startsWith('cold start'));
  t.deepEqual(cold.map((run) => run.impl).sort(), ['raw', 'sdk', 'sdk-bundled'], 'the cold start ran for the SDK (as tsc writes it and as the package bundles it) and raw node:net');
  for (const run of cold) {
    const { firstMs = 0, loadMs = -1 } = run.figures ?? {};
    t.true(loadMs >= 0 && firstMs > loadMs, `${run.impl}: first round trip at ${firstMs} ms, of which loading ${loadMs} ms`);
  }
  const noSdkUdp = recorded.notes.some((note) => note.includes('UdpSocket not available'));
  for (const group of recorded.groups) {
    if (noSdkUdp && group.plan.id.startsWith('udp')) continue;
    t.true(group.impls.some((impl) => impl.impl === 'sdk' || impl.impl === 'sdkws'), `${group.plan.id} has the SDK`);
  }
});

test('--node-flags reaches every Node process, is recorded, and ping-pong reports p50 <= p99 <= p99.9', async (t) => {
  t.timeout(120_000);
  const oneGroup = ['--only=tcp ping-pong 64 B, split', '--impls=sdk,raw'];
  const good = await smoke(t, [...oneGroup, '--node-flags=--max-semi-space-size=8 --min-semi-space-size=8'], 60_000);
  t.regex(good.file, /-node-flags\.json$/);
  t.deepEqual(good.recorded.nodeFlags, ['--max-semi-space-size=8', '--min-semi-space-size=8']);
  t.deepEqual(good.recorded.runs.map((run) => run.impl).sort(), ['raw', 'sdk']);
  t.deepEqual(good.recorded.runs.map((run) => run.error), good.recorded.runs.map(() => undefined));
  for (const run of good.recorded.runs) {
    const { p50Us = 0, p99Us = 0, p999Us = 0 } = run.figures ?? {};
    t.true(p50Us > 0 && p50Us <= p99Us && p99Us <= p999Us, `${run.impl}: ${p50Us} ${p99Us} ${p999Us}`);
  }
  // An option Node refuses stops every process: so the flags are really given to them.
  const bad = await smoke(t, [...oneGroup, '--node-flags=--no-such-option-sfnet'], 60_000);
  t.true(bad.recorded.runs.length > 0);
  t.true(bad.recorded.runs.every((run) => run.error !== undefined));
});
