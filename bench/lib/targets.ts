/** The targets of issue 9 (SDK ÷ baseline, same run), checked against a run's summaries. */
import type { Spread } from './stats.js';
import { showSpread, type GroupPlan, type ImplSummary } from './summary.js';

/** One target: a metric ratio (or value) of the SDK in the groups whose name matches. */
interface Target {
  readonly name: string;
  readonly groups: RegExp;
  readonly metric: string;
  /** Compare the ratio to the baseline (`true`) or the SDK's own value. */
  readonly ratio: boolean;
  readonly atLeast?: number;
  readonly atMost?: number;
}

/** One checked target in one group. */
export interface TargetCheck {
  readonly target: string;
  readonly group: string;
  readonly value: Spread;
  readonly bound: string;
  /** Whether the median meets the bound. */
  readonly met: boolean;
}

const TARGETS: readonly Target[] = [
  { name: 'pipelined packets/s ≥ 0.90× raw', groups: /^tcp pipelined/, metric: 'perSec', ratio: true, atLeast: 0.9 },
  { name: 'ping-pong round trips/s ≥ 0.90× raw', groups: /^tcp ping-pong/, metric: 'perSec', ratio: true, atLeast: 0.9 },
  { name: 'ping-pong p99 ≤ 1.2× raw (pinned)', groups: /^tcp ping-pong.*pinned/, metric: 'p99Us', ratio: true, atMost: 1.2 },
  { name: 'TLS ping-pong round trips/s ≥ 0.90× raw node:tls', groups: /^tls ping-pong/, metric: 'perSec', ratio: true, atLeast: 0.9 },
  { name: 'TLS pipelined packets/s ≥ 0.90× raw node:tls', groups: /^tls pipelined/, metric: 'perSec', ratio: true, atLeast: 0.9 },
  { name: 'Unix ping-pong round trips/s ≥ 0.90× raw node:net', groups: /^unix ping-pong/, metric: 'perSec', ratio: true, atLeast: 0.9 },
  { name: 'UDP round trips/s ≥ 0.90× raw dgram', groups: /^udp/, metric: 'perSec', ratio: true, atLeast: 0.9 },
  { name: 'encode+decode ≥ 1.0× DataView', groups: /^packet encode/, metric: 'opsPerSec', ratio: true, atLeast: 1.0 },
  { name: 'memory per idle connection ≤ 1.3× raw', groups: /idle connections/, metric: 'bytesPerConnection', ratio: true, atMost: 1.3 },
  { name: 'WebSocket ping-pong round trips/s ≥ 0.95× ws', groups: /^ws ping-pong/, metric: 'perSec', ratio: true, atLeast: 0.95 },
  { name: 'WebSocket pipelined packets/s ≥ 1.0× ws', groups: /^ws pipelined/, metric: 'perSec', ratio: true, atLeast: 1.0 },
  { name: 'memory per idle WebSocket connection ≤ 1.2× ws', groups: /idle WebSocket connections/, metric: 'bytesPerConnection', ratio: true, atMost: 1.2 },
];

/** Checks every target against the SDK's line of each matching group. */
export function checkTargets(groups: ReadonlyArray<{ readonly plan: GroupPlan; readonly impls: readonly ImplSummary[] }>): TargetCheck[] {
  const checks: TargetCheck[] = [];
  for (const target of TARGETS) {
    for (const { plan, impls } of groups.filter((group) => target.groups.test(group.plan.id))) {
      const sdk = impls.find((impl) => impl.impl === 'sdk' || impl.impl === 'sdkws');
      const value = (target.ratio ? sdk?.ratios : sdk?.metrics)?.[target.metric];
      if (value === undefined) continue;
      const met = target.atLeast !== undefined ? value.median >= target.atLeast : value.median <= (target.atMost ?? Infinity);
      const bound = target.atLeast !== undefined ? `≥ ${target.atLeast}` : `≤ ${target.atMost ?? ''}`;
      checks.push({ target: target.name, group: plan.id, value, bound, met });
    }
  }
  for (const { plan, impls } of groups.filter((group) => /idle connections/.test(group.plan.id))) {
    const sdk = impls.find((impl) => impl.impl === 'sdk');
    const served = sdk?.metrics.served;
    const accepted = sdk?.metrics.accepted;
    if (served === undefined || accepted === undefined) continue;
    checks.push({ target: 'every idle connection served', group: plan.id, value: served, bound: `= ${accepted.max}`, met: served.min === accepted.max });
  }
  return checks;
}

/** The text of the checks. */
export function targetTable(checks: readonly TargetCheck[]): string {
  const rows = checks.map((check) => [check.met ? 'met ' : 'MISS', check.target, check.group, showSpread(check.value), check.bound]);
  const widths = [4, 0, 0, 0, 0].map((min, i) => Math.max(min, ...rows.map((row) => (row[i] ?? '').length)));
  return ['== targets (SDK ÷ baseline, median [min–max] of per-repetition ratios)', ...rows.map((row) => row.map((cell, i) => cell.padEnd(widths[i] ?? 0)).join('  '))].join('\n');
}
