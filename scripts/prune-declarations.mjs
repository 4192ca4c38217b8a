// Run by `npm run build:package` after tsc: deletes every declaration file of dist/package/ that
// no entry in package.json's `exports` reaches through its relative imports. Those describe
// internal modules (the JS stays: the public modules import it), which users cannot import
// past the `exports` map and whose types no public type names.
import { readdirSync, readFileSync, rmSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';

const root = resolve(import.meta.dirname, '..');
const { exports } = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
const entries = Object.values(exports).flatMap((target) => (typeof target === 'object' ? [target.types] : []));
const out = join(root, 'dist/package');

const reached = new Set();
const queue = entries.map((entry) => join(root, entry));
while (queue.length > 0) {
  const file = queue.pop();
  if (reached.has(file)) continue;
  reached.add(file);
  const code = readFileSync(file, 'utf8').replace(/\/\*[\s\S]*?\*\//g, '').replace(/\/\/.*$/gm, '');
  for (const [, path] of code.matchAll(/(?:from|import\()\s*['"](\.{1,2}\/[^'"]+)\.js['"]/g)) {
    queue.push(join(dirname(file), `${path}.d.ts`));
  }
}

for (const name of readdirSync(out, { recursive: true })) {
  const file = join(out, name);
  if (file.endsWith('.d.ts') && !reached.has(file)) {
    rmSync(file);
  }
}
