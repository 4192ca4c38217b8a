/**
 * One verdict from several recorded runs of the same SDK code: their repetitions pooled, each
 * ratio still taken inside its own run and repetition.
 */
import type { Mode } from './modes.js';
import { spread } from './stats.js';
import { summarise, type GroupPlan, type ImplSummary, type RunRecord } from './summary.js';

/**
 * How far apart the baseline's CPU time per round trip in a pinned ping-pong group may be in two
 * pooled runs. On this machine kind it stays within 1.4× across every recorded run (raw's server
 * 10.8–15.4 µs at 16 B); a host whose caches are taken by its neighbours runs it at ~31 µs.
 */
const MACHINE_SPREAD = 1.5;

/** What pooling reads of one result file of `npm run bench`. */
export interface RecordedRun {
  /** Where it was read from, for messages. */
  readonly file: string;
  readonly commit: string;
  /** Whether the checkout had uncommitted changes when it ran. */
  readonly dirty: boolean;
  readonly mode: Mode;
  /** Absent in files older than `--node-flags`, which ran Node with its defaults. */
  readonly nodeFlags?: readonly string[];
  readonly groups: ReadonlyArray<{ readonly plan: GroupPlan }>;
  readonly runs: readonly RunRecord[];
}

/** One group of the pooled runs. */
export interface PooledGroup {
  readonly plan: GroupPlan;
  readonly impls: ImplSummary[];
  /** How many of the pooled files measured this group. */
  readonly files: number;
}

/** The pooled runs: every repetition renumbered so that no two files share a number. */
export interface Pooled {
  readonly groups: PooledGroup[];
  readonly runs: RunRecord[];
}

/**
 * Pools `records`, refusing any that cannot stand for the same code measured the same way:
 * uncommitted changes, other windows, warm-up or Node options, a machine on which the baseline's
 * own CPU time per round trip was more than 1.5× another's (the same code then compares
 * differently), or an SDK `src/` that `sameSource` says differs from the first record's.
 *
 * @example
 * ```ts
 * const pooled = pool(records, (a, b) => git(root, 'diff', '--name-only', a, b, '--', 'src') === '');
 * const verdict = checkTargets(pooled.groups);
 * ```
 */
export function pool(records: readonly RecordedRun[], sameSource: (a: string, b: string) => boolean): Pooled {
  const [first] = records;
  if (first === undefined) throw new RangeError('pool needs at least one recorded run');
  const firstCpu = baselineCpu(first);
  for (const record of records) {
    if (record.dirty) throw new Error(`${record.file}: measured a checkout with uncommitted changes, so its code is not known`);
    if (conditions(record) !== conditions(first)) {
      throw new Error(`${record.file}: measured ${conditions(record)}, but ${first.file} ${conditions(first)}`);
    }
    const machine = otherMachine(first.file, firstCpu, record);
    if (machine !== undefined) throw new Error(`${record.file}: ${machine}`);
    if (!sameSource(first.commit, record.commit)) throw new Error(`${record.file}: the SDK's src/ at ${record.commit} differs from ${first.commit}'s`);
  }
  const runs: RunRecord[] = [];
  let offset = 0;
  for (const record of records) {
    for (const run of record.runs) runs.push({ ...run, rep: offset + run.rep });
    offset += Math.max(-1, ...record.runs.map((run) => run.rep)) + 1;
  }
  const plans = new Map<string, GroupPlan>();
  for (const { plan } of records.flatMap((record) => record.groups)) if (!plans.has(plan.id)) plans.set(plan.id, plan);
  const groups = [...plans.values()].map((plan) => ({
    plan,
    impls: summarise(plan, runs),
    files: records.filter((record) => record.groups.some((group) => group.plan.id === plan.id)).length,
  }));
  return { groups, runs };
}

/** How a run was measured, as far as its figures depend on it. */
function conditions(record: RecordedRun): string {
  const { name, pinnedPingMs, echoMs, warmupMs } = record.mode;
  return `in ${name} mode (${pinnedPingMs} ms pinned ping-pong, ${echoMs} ms other windows, ${warmupMs} ms warm-up) with node options '${(record.nodeFlags ?? []).join(' ')}'`;
}

/** The baseline's median server CPU time per round trip in each pinned ping-pong group of `record`. */
function baselineCpu(record: RecordedRun): Map<string, number> {
  const cpu = new Map<string, number>();
  for (const { plan } of record.groups.filter((group) => /ping-pong.*pinned/.test(group.plan.id))) {
    const figures = record.runs.filter((run) => run.group === plan.id && run.impl === plan.baseline).map((run) => run.figures?.serverCpuUs ?? Number.NaN);
    const { median, n } = spread(figures);
    if (n > 0) cpu.set(plan.id, median);
  }
  return cpu;
}

/** Why `record` ran on another machine than the first file, judged by their baselines' CPU time (`theirs`); `undefined` if it did not. */
function otherMachine(firstFile: string, theirs: ReadonlyMap<string, number>, record: RecordedRun): string | undefined {
  for (const [group, mine] of baselineCpu(record)) {
    const other = theirs.get(group);
    if (other === undefined || Math.max(mine, other) / Math.min(mine, other) <= MACHINE_SPREAD) continue;
    return `the baseline's server used ${mine.toFixed(1)} µs of CPU a round trip in '${group}', against ${other.toFixed(1)} µs in ${firstFile}: not the same machine conditions`;
  }
  return undefined;
}
