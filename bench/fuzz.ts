/**
 * Long Packet fuzzing: the properties of `test/hardening/packetModel.ts` with many more cases than
 * `npm test` runs. Run with `npm run fuzz`; `FUZZ_RUNS` sets the cases per property (default
 * 100,000). Each property runs in slices of 10,000 cases with its own seed, yielding to the event
 * loop between slices (Node frees failed zlib engines on `process.nextTick`, so one long
 * synchronous run of the ZipPacket property would hold gigabytes). Prints one line per property
 * with the seeds, and exits non-zero on the first failure.
 */
import { setImmediate as yieldToLoop } from 'node:timers/promises';
import fc from 'fast-check';
import { PROPERTIES } from '../test/hardening/packetModel.js';

const SLICE = 10_000;
const runs = Number(process.env['FUZZ_RUNS'] ?? 100_000);
if (!Number.isInteger(runs) || runs < 1) throw new RangeError(`FUZZ_RUNS ${String(process.env['FUZZ_RUNS'])} is not a positive integer`);

/** Runs `check` for `runs` cases in slices; the cases run, the seeds used, and the first failure report. */
async function sliced(check: (numRuns: number, seed?: number) => fc.RunDetails<unknown>): Promise<{ cases: number; seeds: number[]; failure?: string }> {
  const seeds: number[] = [];
  let cases = 0;
  while (cases < runs) {
    const seed = Math.floor(Math.random() * 0x7fffffff);
    seeds.push(seed);
    const details = check(Math.min(SLICE, runs - cases), seed);
    cases += details.numRuns;
    if (details.failed) return { cases, seeds, failure: fc.defaultReportMessage(details) ?? 'failed' };
    await yieldToLoop();
  }
  return { cases, seeds };
}

let total = 0;
let failed = false;
for (const [name, check] of Object.entries(PROPERTIES)) {
  const started = performance.now();
  const { cases, seeds, failure } = await sliced(check);
  const seconds = ((performance.now() - started) / 1000).toFixed(1);
  total += cases;
  const seedText = seeds.length > 3 ? `${seeds.slice(0, 3).join(', ')}, …` : seeds.join(', ');
  console.log(`${failure === undefined ? 'ok  ' : 'FAIL'} ${name}: ${cases} cases in ${seeds.length} slices (seeds ${seedText}), ${seconds} s`);
  if (failure !== undefined) {
    console.log(failure);
    failed = true;
  }
}
const rss = (process.memoryUsage().rss / 2 ** 20).toFixed(0);
console.log(`${total} cases over ${Object.keys(PROPERTIES).length} properties; ${failed ? 'a property failed' : 'no failure'}; rss ${rss} MiB at the end`);
process.exitCode = failed ? 1 : 0;
