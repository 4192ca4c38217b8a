// Measures the browser entry as a page would ship it: `sfnet/browser` bundled and minified by
// esbuild (the dev dependency the package build uses), then gzipped at level 9. Run after
// `npm run build`: `node scripts/browser-size.mjs`.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { gzipSync } from 'node:zlib';

const root = resolve(import.meta.dirname, '..');
const out = mkdtempSync(join(tmpdir(), 'sfnet-size-'));
try {
  const bundle = join(out, 'browser.min.js');
  execFileSync(join(root, 'node_modules/.bin/esbuild'), [join(root, 'dist/src/browser/index.js'), '--bundle', '--minify', '--format=esm', '--platform=browser', `--outfile=${bundle}`], { stdio: 'ignore' });
  const code = readFileSync(bundle);
  console.log(`sfnet/browser: ${code.length} B minified, ${gzipSync(code, { level: 9 }).length} B minified+gzipped`);
} finally {
  rmSync(out, { recursive: true, force: true });
}
