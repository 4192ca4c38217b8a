import { execFile } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import test from 'ava';
import { hasHaproxy } from './haproxy.js';

// Keeps the through-HAProxy bench groups (left out of --smoke for time) from rotting: one short
// repetition of the ping-pong group, direct and through HAProxy; figures are not judged here.
const runScript = fileURLToPath(new URL('../../bench/run.js', import.meta.url));
const it = hasHaproxy || process.env.CI === 'true' ? test : test.skip;

it('the through-HAProxy bench group runs direct and through HAProxy and records a rate for each', async (t) => {
  if (!hasHaproxy) return t.fail('haproxy is missing: .ci/run installs it');
  t.timeout(90_000);
  const out = mkdtempSync(path.join(os.tmpdir(), 'sfnet-bench-proxy-'));
  t.teardown(() => rmSync(out, { recursive: true, force: true }));
  await new Promise<void>((resolve, reject) => {
    execFile('node', [runScript, '--quick', '--reps=1', '--only=proxy: ping-pong', '--impls=sdk,haproxy-1', `--out=${out}`], { timeout: 80_000 }, (error) =>
      error ? reject(error) : resolve(),
    );
  });
  const [file] = readdirSync(out);
  const recorded = JSON.parse(readFileSync(path.join(out, file as string), 'utf8')) as { runs: Array<{ impl: string; error?: string; figures?: { perSec?: number } }> };
  t.deepEqual(recorded.runs.map((run) => run.impl).sort(), ['haproxy-1', 'sdk']);
  for (const run of recorded.runs) {
    t.is(run.error, undefined, `${run.impl}: ${run.error ?? ''}`);
    t.true((run.figures?.perSec ?? 0) > 0, `${run.impl} measured a rate`);
  }
});
