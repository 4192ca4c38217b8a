/**
 * The files of src/packet import one another one way only: a type in the wrong file is still an
 * arrow the wrong way (`node ../shared/tools/import-cycles.mjs src` counts type-only imports too).
 */
import { readdirSync, readFileSync } from 'node:fs';
import test from 'ava';

/** src/packet of the repository (the tests run from dist/test/packet). */
const folder = new URL('../../../src/packet/', import.meta.url);

/** Each file of the folder with the files of the folder it imports or re-exports from (type-only included). */
function importsOf(): Map<string, string[]> {
  const files = readdirSync(folder).filter((name) => name.endsWith('.ts'));
  const edges = new Map<string, string[]>();
  for (const file of files) {
    const source = readFileSync(new URL(file, folder), 'utf8');
    const targets = [...source.matchAll(/(?:import|export)\s[^'"]*?from\s+['"]\.\/([^'"/]+)\.js['"]/g)].map((match) => `${match[1] ?? ''}.ts`);
    edges.set(file, targets.filter((target) => files.includes(target)));
  }
  return edges;
}

/** A chain of imports that comes back to its start, or `null`. */
function findCycle(edges: Map<string, string[]>): string[] | null {
  const done = new Set<string>();
  const visit = (file: string, path: string[]): string[] | null => {
    if (path.includes(file)) return [...path.slice(path.indexOf(file)), file];
    if (done.has(file)) return null;
    for (const target of edges.get(file) ?? []) {
      const cycle = visit(target, [...path, file]);
      if (cycle !== null) return cycle;
    }
    done.add(file);
    return null;
  };
  for (const file of edges.keys()) {
    const cycle = visit(file, []);
    if (cycle !== null) return cycle;
  }
  return null;
}

test('the files of src/packet import one another one way only', (t) => {
  const edges = importsOf();
  t.true(edges.get('PacketLayout.ts')?.includes('layoutKinds.ts'), 'the imports are read (PacketLayout uses layoutKinds)');
  t.is(findCycle(edges)?.join(' -> ') ?? null, null);
});
