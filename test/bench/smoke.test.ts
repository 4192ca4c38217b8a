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
