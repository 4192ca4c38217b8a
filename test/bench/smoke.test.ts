/**
 * Keeps the benchmark from rotting: runs `bench/run.ts --smoke` (a few hundred iterations per
 * case, every implementation) and checks that each group produced figures. No timing is checked.
 */
import { execFile } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import test from 'ava';

const runScript = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..', 'bench', 'run.js');

interface Recorded {
  readonly groups: ReadonlyArray<{ readonly plan: { readonly id: string }; readonly impls: ReadonlyArray<{ readonly impl: string }> }>;
  readonly notes: readonly string[];
  readonly runs: ReadonlyArray<{ readonly group: string; readonly impl: string; readonly error?: string }>;
}

test('the smoke benchmark runs every case of every implementation and writes its JSON', async (t) => {
  t.timeout(120_000);
  const out = mkdtempSync(path.join(os.tmpdir(), 'sfnet-bench-'));
  t.teardown(() => rmSync(out, { recursive: true, force: true }));
  const stdout = await new Promise<string>((resolve, reject) => {
    execFile('node', [runScript, '--smoke', `--out=${out}`], { timeout: 110_000 }, (error, text) => (error ? reject(error) : resolve(text)));
  });
  t.regex(stdout, /== tcp ping-pong 64 B/);
  const files = readdirSync(out);
  t.is(files.length, 1);
  const recorded = JSON.parse(readFileSync(path.join(out, files[0] as string), 'utf8')) as Recorded;
  const ids = recorded.groups.map((group) => group.plan.id);
  t.true(ids.some((id) => id.startsWith('tcp ping-pong')));
  t.true(ids.some((id) => id.startsWith('tcp pipelined')));
  t.true(ids.some((id) => id.includes('idle connections')));
  t.true(ids.some((id) => id.startsWith('packet encode+decode')));
  const failed = recorded.runs.filter((run) => run.error !== undefined && (run.impl === 'sdk' || run.impl === 'raw' || run.impl === 'dataview'));
  t.deepEqual(failed, [], 'the SDK and its baselines ran in every group');
  const noSdkUdp = recorded.notes.some((note) => note.includes('UdpSocket not available'));
  for (const group of recorded.groups) {
    if (noSdkUdp && group.plan.id.startsWith('udp')) continue;
    t.true(group.impls.some((impl) => impl.impl === 'sdk'), `${group.plan.id} has the SDK`);
  }
});

interface EchoRecorded {
  readonly nodeFlags: readonly string[];
  readonly runs: ReadonlyArray<{ readonly impl: string; readonly error?: string; readonly figures?: Readonly<Record<string, number>> }>;
}

/** Runs one smoke group of `sdk` and `raw` with `--node-flags=<nodeFlags>`; its JSON and file name. */
async function smokeWithFlags(t: { teardown: (fn: () => void) => void }, nodeFlags: string): Promise<{ file: string; recorded: EchoRecorded }> {
  const out = mkdtempSync(path.join(os.tmpdir(), 'sfnet-bench-'));
  t.teardown(() => rmSync(out, { recursive: true, force: true }));
  const args = [runScript, '--smoke', '--only=tcp ping-pong 64 B, split', '--impls=sdk,raw', `--node-flags=${nodeFlags}`, `--out=${out}`];
  await new Promise<void>((resolve, reject) => {
    execFile('node', args, { timeout: 60_000 }, (error) => (error ? reject(error) : resolve()));
  });
  const [file] = readdirSync(out);
  return { file: file as string, recorded: JSON.parse(readFileSync(path.join(out, file as string), 'utf8')) as EchoRecorded };
}

test('--node-flags reaches every Node process, is recorded, and ping-pong reports p50 <= p99 <= p99.9', async (t) => {
  t.timeout(120_000);
  const good = await smokeWithFlags(t, '--max-semi-space-size=8 --min-semi-space-size=8');
  t.regex(good.file, /-node-flags\.json$/);
  t.deepEqual(good.recorded.nodeFlags, ['--max-semi-space-size=8', '--min-semi-space-size=8']);
  t.deepEqual(good.recorded.runs.map((run) => run.impl).sort(), ['raw', 'sdk']);
  t.deepEqual(good.recorded.runs.map((run) => run.error), good.recorded.runs.map(() => undefined));
  for (const run of good.recorded.runs) {
    const { p50Us = 0, p99Us = 0, p999Us = 0 } = run.figures ?? {};
    t.true(p50Us > 0 && p50Us <= p99Us && p99Us <= p999Us, `${run.impl}: ${p50Us} ${p99Us} ${p999Us}`);
  }
  // An option Node refuses stops every process: so the flags are really given to them.
  const bad = await smokeWithFlags(t, '--no-such-option-sfnet');
  t.true(bad.recorded.runs.length > 0);
  t.true(bad.recorded.runs.every((run) => run.error !== undefined));
});
