// Measures the browser entry as a page would ship it: `sfnet/browser` bundled and minified by
// esbuild (not a dependency: run through `npx esbuild`, fetched once into npm's cache), then
// gzipped at level 9. Run after `npm run build`: `node scripts/browser-size.mjs`.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { gzipSync } from 'node:zlib';

const root = resolve(import.meta.dirname, '..');
const out = mkdtempSync(join(tmpdir(), 'sfnet-size-'));
try {
  const bundle = join(out, 'browser.min.js');
  execFileSync('npx', ['--yes', 'esbuild@0.25.9', join(root, 'dist/src/browser/index.js'), '--bundle', '--minify', '--format=esm', '--platform=browser', `--outfile=${bundle}`], { stdio: 'ignore' });
  const code = readFileSync(bundle);
  console.log(`sfnet/browser: ${code.length} B minified, ${gzipSync(code, { level: 9 }).length} B minified+gzipped`);
} finally {
  rmSync(out, { recursive: true, force: true });
}
