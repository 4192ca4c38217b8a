// Run by `npm run build:package` after tsc and prune-declarations.mjs: joins the JS of each entry
// of package.json's `exports` into one module, code shared by entries into chunks (so a class is
// the same class from every entry), and deletes the per-module JS tsc wrote. A program then loads
// sfnet from a handful of files instead of ~140: importing the main entry took ~115 ms from
// separate files and ~51 ms bundled (Node 20, 2 vCPUs; `npm run bench -- --only="cold start"`).
// esbuild only joins tsc's output: decorators, their metadata and every other line are tsc's
// (written without comments: see tsconfig.build.json).
// The declarations stay one per module. Dependencies (ws, inversify, reflect-metadata) stay imports.
import { build } from 'esbuild';
import { cpSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { join, resolve } from 'node:path';

const root = resolve(import.meta.dirname, '..');
const { exports } = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
const entries = Object.values(exports).flatMap((target) => (typeof target === 'object' ? [join(root, target.default)] : []));
const out = join(root, 'dist/package');
const staging = join(root, 'dist/package-bundled');

rmSync(staging, { recursive: true, force: true });
// ESM for Node 20, dependencies left as imports, class and function names as written (a bundle
// would otherwise rename one of two equal names): bundle-options.json, which the cold start
// benchmark (bench/lib/coldStart.ts) bundles with too.
const options = JSON.parse(readFileSync(join(root, 'scripts/bundle-options.json'), 'utf8'));
await build({
  ...options,
  entryPoints: entries,
  outbase: out,
  outdir: staging,
  splitting: true,
  chunkNames: 'chunks/[name]-[hash]',
});
for (const name of readdirSync(out, { recursive: true })) {
  if (name.endsWith('.js')) rmSync(join(out, name));
}
cpSync(staging, out, { recursive: true });
rmSync(staging, { recursive: true, force: true });
