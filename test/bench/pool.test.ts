/**
 * `npm run bench:pool`: repetitions of several recorded runs pooled into one verdict, each ratio
 * still taken inside its own run, and runs of other code or other settings refused.
 */
import test from 'ava';
import { MODES } from '../../bench/lib/modes.js';
import { pool, type RecordedRun } from '../../bench/lib/pool.js';
import type { GroupPlan, RunRecord } from '../../bench/lib/summary.js';
import { checkTargets } from '../../bench/lib/targets.js';

const PING: GroupPlan = { id: 'tcp ping-pong 16 B, pinned', baseline: 'raw', metrics: ['perSec', 'p99Us'], ratioMetrics: ['perSec', 'p99Us'] };
const UDP: GroupPlan = { id: 'udp ping-pong 64 B, pinned', baseline: 'raw', metrics: ['perSec'], ratioMetrics: ['perSec'] };

/** The runs of one group: per repetition, the SDK's and raw's round trips/s. */
function pairs(group: string, rates: ReadonlyArray<readonly [number, number]>, rawCpuUs = 12): RunRecord[] {
  return rates.flatMap(([sdk, raw], rep) => [
    { group, impl: 'sdk', rep, figures: { perSec: sdk, p99Us: 50, serverCpuUs: 13 } },
    { group, impl: 'raw', rep, figures: { perSec: raw, p99Us: 50, serverCpuUs: rawCpuUs } },
  ]);
}

function recorded(file: string, runs: RunRecord[], overrides: Partial<RecordedRun> = {}): RecordedRun {
  const groups = [...new Set(runs.map((run) => run.group))].map((id) => ({ plan: id === UDP.id ? UDP : PING }));
  return { file, commit: file.slice(0, 7), dirty: false, mode: MODES.full, nodeFlags: [], groups, runs, ...overrides };
}

const same = (): boolean => true;

test('pool pairs each SDK repetition with the baseline of the same run and repetition', (t) => {
  // Run A was fast for both, run B slow for both: pairing across runs would give 2.0 and 0.5.
  const a = recorded('aaaaaaa.json', pairs(PING.id, [[40_000, 40_000], [36_000, 40_000]]));
  const b = recorded('bbbbbbb.json', pairs(PING.id, [[19_000, 20_000], [20_000, 20_000]]));
  const pooled = pool([a, b], same);
  const sdk = pooled.groups[0]?.impls.find((impl) => impl.impl === 'sdk');
  t.deepEqual(sdk?.ratios.perSec, { median: 0.975, min: 0.9, max: 1, n: 4 });
  t.deepEqual(
    pooled.runs.filter((run) => run.impl === 'sdk').map((run) => run.rep),
    [0, 1, 2, 3],
  );
});

test('the pooled verdict is the median of every repetition, not a vote of the runs', (t) => {
  const a = recorded('aaaaaaa.json', pairs(PING.id, [[38_000, 40_000], [36_400, 40_000], [32_000, 40_000]]));
  const b = recorded('bbbbbbb.json', pairs(PING.id, [[34_800, 40_000], [34_400, 40_000], [39_600, 40_000]]));
  const verdict = (records: RecordedRun[]) => checkTargets(pool(records, same).groups).find((check) => check.target.startsWith('ping-pong round trips/s'));
  t.true(verdict([a])?.met); // 0.80, 0.91, 0.95
  t.false(verdict([b])?.met); // 0.86, 0.87, 0.99
  const pooled = verdict([a, b]);
  t.is(pooled?.value.n, 6);
  t.is(pooled?.value.median.toFixed(3), '0.890');
  t.false(pooled?.met);
});

test('a group measured by only some of the runs pools what there is and says how many runs had it', (t) => {
  const a = recorded('aaaaaaa.json', [...pairs(PING.id, [[38_000, 40_000]]), ...pairs(UDP.id, [[36_000, 40_000]])]);
  const b = recorded('bbbbbbb.json', pairs(PING.id, [[39_000, 40_000]]));
  const { groups } = pool([a, b], same);
  const udp = groups.find((group) => group.plan.id === UDP.id);
  t.is(udp?.files, 1);
  t.is(udp?.impls.find((impl) => impl.impl === 'sdk')?.ratios.perSec?.n, 1);
  t.is(groups.find((group) => group.plan.id === PING.id)?.files, 2);
});

test('pool refuses runs of uncommitted code, of other settings, of another machine, and of another src/', (t) => {
  const runs = pairs(PING.id, [[38_000, 40_000]]);
  const base = recorded('aaaaaaa.json', runs);
  t.throws(() => pool([base, recorded('bbbbbbb.json', runs, { dirty: true })], same), { message: /bbbbbbb\.json: .*uncommitted/ });
  t.throws(() => pool([base, recorded('bbbbbbb.json', runs, { nodeFlags: ['--max-semi-space-size=32'] })], same), {
    message: /bbbbbbb\.json: measured .*--max-semi-space-size=32/,
  });
  t.throws(() => pool([base, recorded('bbbbbbb.json', runs, { mode: { ...MODES.full, warmupMs: 200 } })], same), { message: /200 ms warm-up/ });
  // Within 1.5× is the same machine kind's spread; 31 µs against 12 µs is a starved host.
  t.notThrows(() => pool([base, recorded('bbbbbbb.json', pairs(PING.id, [[38_000, 40_000]], 17))], same));
  t.throws(() => pool([base, recorded('bbbbbbb.json', pairs(PING.id, [[38_000, 40_000]], 31))], same), {
    message: /bbbbbbb\.json: the baseline's server used 31\.0 µs .* against 12\.0 µs in aaaaaaa\.json/,
  });
  const asked: string[][] = [];
  const differs = (a: string, b: string): boolean => (asked.push([a, b]), a === b);
  t.throws(() => pool([base, recorded('bbbbbbb.json', runs)], differs), { message: /src\/ at bbbbbbb differs from aaaaaaa/ });
  t.deepEqual(asked, [
    ['aaaaaaa', 'aaaaaaa'],
    ['aaaaaaa', 'bbbbbbb'],
  ]);
  t.throws(() => pool([], same), { instanceOf: RangeError });
});
