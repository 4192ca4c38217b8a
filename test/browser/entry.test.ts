import { readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import test from 'ava';

const DIST = resolve(dirname(fileURLToPath(import.meta.url)), '../..');

/** Every module the browser entry reaches, by relative imports, with its code. */
function reached(entry: string): Map<string, string> {
  const modules = new Map<string, string>();
  const queue = [entry];
  while (queue.length > 0) {
    const file = queue.pop() as string;
    if (modules.has(file)) continue;
    const code = readFileSync(file, 'utf8').replace(/\/\*[\s\S]*?\*\//g, '').replace(/\/\/.*$/gm, '');
    modules.set(file, code);
    for (const [, specifier] of code.matchAll(/(?:^|\s)(?:import|export)\s[^'"]*?from\s*['"]([^'"]+)['"]/gm)) {
      if (specifier?.startsWith('.')) queue.push(join(dirname(file), specifier));
      else modules.set(`${file} -> ${specifier}`, '');
    }
  }
  return modules;
}

test('the browser entry reaches no Node module and no Node global: only our own relative modules', (t) => {
  const modules = reached(join(DIST, 'src/browser/index.js'));
  const external = [...modules.keys()].filter((key) => key.includes(' -> '));
  t.deepEqual(external, [], 'no bare or node: specifier');
  for (const [file, code] of modules) {
    t.false(/\bBuffer\b|\bprocess\.|\brequire\(|\bimport\(/.test(code), `${file} uses no Node global`);
  }
  t.true([...modules.keys()].some((file) => file.endsWith('packet/Packet.js')), 'Packet is on the path');
  t.true(modules.size < 20, `a small graph (${modules.size} modules)`);
});
