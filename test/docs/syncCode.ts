/**
 * `npm run docs:sync`: rewrites the marked TypeScript blocks of the guides and porting pages from
 * the compiled, tested regions they copy, and turns any `{@includeCode file.ts#region}` line into
 * such a block. With `--check` it only lists what is out of date and exits 1 if anything is.
 *
 * Usage: `node dist/test/docs/syncCode.js [--check] [page.md …]` (default: every guide and
 * porting page).
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { CODE_PAGES, syncedText } from './inlineCode.js';
import { ROOT } from './referenceChecks.js';

const args = process.argv.slice(2);
const check = args.includes('--check');
const pages = args.filter((arg) => arg !== '--check');
let stale = 0;
for (const page of pages.length > 0 ? pages : CODE_PAGES) {
  const path = join(ROOT, page);
  const text = readFileSync(path, 'utf8');
  const synced = syncedText(page, text);
  if (synced === text) continue;
  stale++;
  if (check) process.stdout.write(`out of date: ${page}\n`);
  else {
    writeFileSync(path, synced);
    process.stdout.write(`rewrote ${page}\n`);
  }
}
if (check && stale > 0) process.exitCode = 1;
