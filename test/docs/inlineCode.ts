/**
 * The TypeScript of the guides and porting pages is written out in the markdown, so that the
 * pages read whole on GitHub and npm, and each block is marked with the compiled, tested file
 * and region it is a copy of:
 *
 * ````md
 * <!-- code: docs/examples/porting/tcp.ts#tcp-listen -->
 * ```ts
 * …the region's lines, dedented…
 * ```
 * ````
 *
 * `test/docs/links.test.ts` fails when a block differs from its region; `npm run docs:sync`
 * (`node dist/test/docs/syncCode.js`) rewrites the blocks from the files.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ROOT } from './referenceChecks.js';

/** The markdown files of a folder under the root. */
const markdownIn = (dir: string): string[] =>
  readdirSync(join(ROOT, dir))
    .filter((name) => name.endsWith('.md'))
    .sort()
    .map((name) => `${dir}/${name}`);

/**
 * The pages whose TypeScript must be marked copies of compiled, tested regions: every markdown
 * page under docs/ (the guides, the porting pages, the reports). The README's one example is
 * run as written by `test/docs/readme.test.ts` instead.
 */
export const CODE_PAGES: readonly string[] = [...markdownIn('docs/guides'), ...markdownIn('docs'), ...markdownIn('docs/maintainers')];

/** One marked block of a page. */
export interface MarkedBlock {
  /** The line of the marker (1-based). */
  readonly line: number;
  /** The source as written in the marker: `docs/examples/….ts#region[,region…]`. */
  readonly source: string;
  /** The block's code as the page has it. */
  readonly code: string;
}

const MARKER = /^<!-- code: (\S+) -->$/;
const OPEN = /^```(ts|typescript)\s*$/;

/** Typedoc's `dedent`: drops blank lines at both ends and the indent common to every line. */
function dedent(text: string): string {
  const lines = text.split('\n');
  while (lines.length > 0 && (lines[0] ?? '').trim() === '') lines.shift();
  while (lines.length > 0 && (lines[lines.length - 1] ?? '').trim() === '') lines.pop();
  const indent = Math.min(...lines.filter((line) => line.trim() !== '').map((line) => line.search(/\S/)));
  return lines.map((line) => (line.trim() === '' ? '' : line.slice(indent))).join('\n');
}

/**
 * The code of `path#region[,region…]` (relative to the project root), as `{@includeCode}` shows
 * it: each region's lines between `// #region name` and `// #endregion name`, dedented, joined.
 *
 * @throws when the file or a region is missing, or a region opens or closes more than once.
 */
export function regionCode(source: string, root = ROOT): string {
  const [path = '', regions = ''] = source.split('#');
  const file = join(root, path);
  if (!existsSync(file)) throw new Error(`${path} does not exist`);
  const text = readFileSync(file, 'utf8').replaceAll('\r\n', '\n');
  const names = regions.split(',').map((name) => name.trim());
  if (names.some((name) => name === '')) throw new Error(`${source}: name a region after #`);
  return names
    .map((name) => {
      const open = [...text.matchAll(new RegExp(`^[ \\t]*// *#region +${name} *\\n`, 'gm'))];
      const close = [...text.matchAll(new RegExp(`^[ \\t]*// *#endregion +${name} *$`, 'gm'))];
      if (open.length !== 1 || close.length !== 1) throw new Error(`${path} needs exactly one "// #region ${name}" and one "// #endregion ${name}"`);
      const start = (open[0]?.index ?? 0) + (open[0]?.[0].length ?? 0);
      const body = text.slice(start, close[0]?.index ?? 0);
      return dedent(body.split('\n').filter((line) => !/^\s*\/\/ *#(end)?region\b/.test(line)).join('\n'));
    })
    .join('\n');
}

/** The marked TypeScript blocks of a page's text, and the TypeScript blocks without a marker. */
export function blocksOf(text: string): { marked: MarkedBlock[]; unmarked: number[] } {
  const lines = text.split('\n');
  const marked: MarkedBlock[] = [];
  const unmarked: number[] = [];
  let fence: string | undefined;
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i] ?? '';
    if (fence !== undefined) {
      if (line.trimEnd() === fence) fence = undefined;
      continue;
    }
    const opening = /^(`{3,})/.exec(line);
    if (opening === null) continue;
    fence = opening[1];
    if (!OPEN.test(line)) continue;
    const end = lines.findIndex((other, j) => j > i && other.trimEnd() === '```');
    const source = MARKER.exec(lines[i - 1] ?? '')?.[1];
    if (source === undefined || end < 0) unmarked.push(i + 1);
    else marked.push({ line: i, source, code: lines.slice(i + 1, end).join('\n') });
  }
  return { marked, unmarked };
}

/** What is wrong with a page's TypeScript: blocks without a marker, or that differ from their region. */
export function codeProblems(file: string, text = readFileSync(join(ROOT, file), 'utf8')): string[] {
  const { marked, unmarked } = blocksOf(text);
  const problems = unmarked.map((line) => `${file}:${line}: a TypeScript block without a <!-- code: file#region --> marker`);
  for (const block of marked) {
    let expected: string;
    try {
      expected = regionCode(block.source);
    } catch (error) {
      problems.push(`${file}:${block.line}: ${(error as Error).message}`);
      continue;
    }
    if (block.code !== expected) problems.push(`${file}:${block.line}: differs from ${block.source} (run npm run docs:sync)`);
  }
  return problems;
}

/**
 * The page with every marked block rewritten from its region, and every
 * `{@includeCode path#regions}` of a `.ts` file (path relative to the page) turned into a marked
 * block.
 */
export function syncedText(file: string, text: string): string {
  const depth = file.split('/').length - 1;
  const fromPage = (path: string): string => {
    const parts = [...file.split('/').slice(0, depth), ...path.split('/')];
    const out: string[] = [];
    for (const part of parts) {
      if (part === '..') out.pop();
      else if (part !== '.') out.push(part);
    }
    return out.join('/');
  };
  const includes = text.replace(/^\{@includeCode ([^#}\s]+\.ts)#([^}\s]+)\}$/gm, (_, path: string, regions: string) => {
    const source = `${fromPage(path)}#${regions}`;
    return `<!-- code: ${source} -->\n\`\`\`ts\n${regionCode(source)}\n\`\`\``;
  });
  const lines = includes.split('\n');
  for (const block of blocksOf(includes).marked.reverse()) {
    const end = lines.findIndex((other, j) => j > block.line && other.trimEnd() === '```');
    lines.splice(block.line + 1, end - block.line - 1, ...regionCode(block.source).split('\n'));
  }
  return lines.join('\n');
}
