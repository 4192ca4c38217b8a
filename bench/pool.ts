/**
 * `npm run bench:pool -- <result.json> <result.json> ...`: the targets judged on the repetitions
 * of several recorded runs together, when every one of them measured the same SDK source
 * (`src/` unchanged between their commits, checked with git) the same way. Each ratio is still
 * taken between implementations of one repetition of one run; only the median is over them all.
 * Prints the group tables and the targets; `--out=<file>` also writes them as JSON.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { flag, git } from './lib/cli.js';
import { pool, type RecordedRun } from './lib/pool.js';
import { table } from './lib/summary.js';
import { checkTargets, targetTable } from './lib/targets.js';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');

/** Whether `src/` is the same at commits `a` and `b` of this checkout. */
function sameSource(a: string, b: string): boolean {
  for (const commit of [a, b]) {
    if (git(root, 'rev-parse', '--verify', '--quiet', `${commit}^{commit}`) === '') throw new Error(`commit ${commit} is not in this checkout`);
  }
  return git(root, 'diff', '--name-only', a, b, '--', 'src') === '';
}

function main(): void {
  try {
    report();
  } catch (error) {
    process.stderr.write(`bench:pool: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exit(1);
  }
}

/** Pools the files named on the command line and prints (and writes) the verdict. */
function report(): void {
  const files = process.argv.slice(2).filter((arg) => !arg.startsWith('--'));
  if (files.length === 0) {
    process.stderr.write('usage: npm run bench:pool -- <result.json>... [--out=<file>]\n');
    process.exit(2);
  }
  const records = files.map((file): RecordedRun => ({ ...(JSON.parse(readFileSync(file, 'utf8')) as Omit<RecordedRun, 'file'>), file: path.basename(file) }));
  const pooled = pool(records, sameSource);
  process.stdout.write(`pooled: ${records.map((record) => `${record.file} (${record.commit})`).join(', ')}\n\n`);
  for (const { plan, impls, files: measured } of pooled.groups) {
    const reps = new Set(pooled.runs.filter((run) => run.group === plan.id).map((run) => run.rep)).size;
    process.stdout.write(`${table(plan, impls)}\n(${reps} repetitions from ${measured} of the runs)\n\n`);
  }
  const targets = checkTargets(pooled.groups);
  process.stdout.write(`${targetTable(targets)}\n`);
  const out = flag('out');
  if (out !== undefined) {
    const record = { files: records.map((record) => record.file), commits: records.map((record) => record.commit), groups: pooled.groups, targets };
    writeFileSync(out, `${JSON.stringify(record, null, 1)}\n`);
    process.stdout.write(`pooled results: ${path.relative(process.cwd(), out)}\n`);
  }
}

main();
