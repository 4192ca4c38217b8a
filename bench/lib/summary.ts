/** Turns the runs into figures: median [min–max] per implementation, and ratios taken repetition by repetition. */
import { spread, type Spread } from './stats.js';

/** One measured run (or its failure). */
export interface RunRecord {
  readonly group: string;
  readonly impl: string;
  readonly rep: number;
  readonly figures?: Readonly<Record<string, number>>;
  readonly error?: string;
}

/** One table: a group of runs compared on some metrics against a baseline. */
export interface GroupPlan {
  readonly id: string;
  readonly baseline: string;
  /** Metrics shown, the first being the headline. */
  readonly metrics: readonly string[];
  /** Metrics also shown as a ratio to the baseline. */
  readonly ratioMetrics: readonly string[];
}

/** The summary of one implementation in one group. */
export interface ImplSummary {
  readonly impl: string;
  readonly metrics: Readonly<Record<string, Spread>>;
  /** This implementation ÷ the baseline, per repetition, per metric. */
  readonly ratios: Readonly<Record<string, Spread>>;
  readonly errors: readonly string[];
}

/** Summarises the runs of `plan`. */
export function summarise(plan: GroupPlan, runs: readonly RunRecord[]): ImplSummary[] {
  const mine = runs.filter((run) => run.group === plan.id);
  const impls = [...new Set(mine.map((run) => run.impl))];
  return impls.map((impl) => {
    const own = mine.filter((run) => run.impl === impl);
    const metrics: Record<string, Spread> = {};
    const ratios: Record<string, Spread> = {};
    for (const metric of new Set(own.flatMap((run) => Object.keys(run.figures ?? {})))) {
      metrics[metric] = spread(own.map((run) => run.figures?.[metric] ?? Number.NaN));
      ratios[metric] = spread(
        own.map((run) => {
          const base = mine.find((other) => other.impl === plan.baseline && other.rep === run.rep);
          return (run.figures?.[metric] ?? Number.NaN) / (base?.figures?.[metric] ?? Number.NaN);
        }),
      );
    }
    return { impl, metrics, ratios, errors: own.flatMap((run) => (run.error === undefined ? [] : [run.error])) };
  });
}

/** A number with about three significant digits. */
export function fmt(value: number): string {
  if (!Number.isFinite(value)) return '–';
  const magnitude = Math.abs(value);
  if (magnitude >= 1e6) return `${(value / 1e6).toFixed(magnitude >= 1e8 ? 0 : 2)}M`;
  if (magnitude >= 1e4) return `${(value / 1e3).toFixed(magnitude >= 1e5 ? 0 : 1)}k`;
  if (magnitude >= 100) return value.toFixed(0);
  if (magnitude >= 10) return value.toFixed(1);
  return value.toFixed(2);
}

/** `median [min–max]`. */
export function showSpread(value: Spread | undefined): string {
  if (value === undefined || value.n === 0) return '–';
  return value.n === 1 ? fmt(value.median) : `${fmt(value.median)} [${fmt(value.min)}–${fmt(value.max)}]`;
}

/** The text table of one group. */
export function table(plan: GroupPlan, summaries: readonly ImplSummary[]): string {
  const header = ['impl', ...plan.metrics, ...plan.ratioMetrics.map((metric) => `${metric} ÷ ${plan.baseline}`)];
  const rows = summaries.map((summary) => [
    summary.impl + (summary.errors.length > 0 ? ` (${summary.errors.length} failed)` : ''),
    ...plan.metrics.map((metric) => showSpread(summary.metrics[metric])),
    ...plan.ratioMetrics.map((metric) => showSpread(summary.ratios[metric])),
  ]);
  const widths = header.map((cell, i) => Math.max(cell.length, ...rows.map((row) => (row[i] ?? '').length)));
  const line = (cells: readonly string[]): string => cells.map((cell, i) => cell.padEnd(widths[i] ?? 0)).join('  ');
  return [`== ${plan.id}`, line(header), ...rows.map(line)].join('\n');
}
