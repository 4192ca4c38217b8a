/**
 * Long Packet fuzzing: the properties of `test/hardening/packetModel.ts` with many more cases than
 * `npm test` runs. Run with `npm run fuzz` (after a build); `FUZZ_RUNS` sets the cases per property
 * (default 100,000). Prints one line per property and exits non-zero on the first failure.
 */
import fc from 'fast-check';
import { PROPERTIES } from '../test/hardening/packetModel.js';

const runs = Number(process.env['FUZZ_RUNS'] ?? 100_000);
if (!Number.isInteger(runs) || runs < 1) throw new RangeError(`FUZZ_RUNS ${String(process.env['FUZZ_RUNS'])} is not a positive integer`);

let total = 0;
let failed = false;
for (const [name, check] of Object.entries(PROPERTIES)) {
  const started = performance.now();
  const details = check(runs);
  const seconds = ((performance.now() - started) / 1000).toFixed(1);
  total += details.numRuns;
  console.log(`${details.failed ? 'FAIL' : 'ok  '} ${name}: ${details.numRuns} cases, seed ${details.seed}, ${seconds} s`);
  if (details.failed) {
    console.log(fc.defaultReportMessage(details));
    failed = true;
  }
}
console.log(`${total} cases over ${Object.keys(PROPERTIES).length} properties; ${failed ? 'a property failed' : 'no failure'}`);
process.exitCode = failed ? 1 : 0;
