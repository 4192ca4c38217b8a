import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, relative, resolve } from 'node:path';
import test from 'ava';
import { Application, TSConfigReader, TypeDocReader } from 'typedoc';
import { CODE_PAGES, blocksOf, codeProblems, regionCode, syncedText } from './inlineCode.js';
import { ROOT } from './referenceChecks.js';

/** The hand-written markdown: the README, the guides and the porting documents. */
const GUIDES = readdirSync(join(ROOT, 'docs/guides'))
  .filter((name) => name.endsWith('.md'))
  .map((name) => `docs/guides/${name}`);
const MARKDOWN = [
  'README.md',
  ...GUIDES,
  'docs/porting-from-sfml.md',
  'docs/porting-from-java.md',
  'docs/wire-format.md',
  'docs/performance.md',
  'docs/reliability.md',
  'docs/maintainers/performance-history.md',
];

/**
 * Pages that still pull TypeScript in with `{@includeCode}` (shown on GitHub and npm without
 * it). `dependency-injection.md` is being rewritten on another branch; once that lands, run
 * `npm run docs:sync` and empty this list.
 */
const INCLUDE_CODE_PENDING: string[] = [];

/** typedoc's heading anchors: lower case, every run of other characters as one hyphen. */
const slug = (heading: string): string => heading.toLowerCase().replace(/[^\p{L}\p{N}]+/gu, '-');

function anchorsOf(file: string): Set<string> {
  const text = readFileSync(file, 'utf8');
  return new Set([...text.matchAll(/^#{1,6} +(.+)$/gm)].map(([, heading = '']) => slug(heading.trim())));
}

/** Markdown without its fenced code blocks, where `[x](y)` is code, not a link. */
const prose = (text: string): string => text.replace(/^```[\s\S]*?^```/gm, '');

/** The problems of one markdown file's relative links: missing files and missing anchors. */
function brokenLinks(file: string, text = readFileSync(join(ROOT, file), 'utf8')): string[] {
  const problems: string[] = [];
  for (const [, target = ''] of prose(text).matchAll(/\]\(([^)\s]+)\)/g)) {
    if (/^[a-z]+:/i.test(target)) continue;
    const [path = '', anchor] = target.split('#');
    const resolved = path === '' ? join(ROOT, file) : resolve(ROOT, dirname(file), path);
    if (!existsSync(resolved)) problems.push(`${file}: ${target} does not exist`);
    else if (anchor !== undefined && resolved.endsWith('.md') && !anchorsOf(resolved).has(anchor)) {
      problems.push(`${file}: ${target} has no heading #${anchor}`);
    }
  }
  return problems;
}

/** The problems of one file's `{@includeCode path#regions}` tags. */
function brokenIncludes(file: string, text = readFileSync(join(ROOT, file), 'utf8')): string[] {
  const problems: string[] = [];
  for (const [, path = '', regions = ''] of text.matchAll(/\{@includeCode ([^#}\s]+)(?:#([^}\s]+))?\}/g)) {
    const source = resolve(ROOT, dirname(file), path);
    if (!existsSync(source)) {
      problems.push(`${file}: ${path} does not exist`);
      continue;
    }
    const text = readFileSync(source, 'utf8');
    for (const region of regions.split(',').filter((name) => name !== '')) {
      for (const marker of [`// #region ${region}\n`, `// #endregion ${region}\n`]) {
        if (text.split(marker).length !== 2) problems.push(`${file}: ${path} needs exactly one "${marker.trim()}"`);
      }
    }
  }
  return problems;
}

test('relative links in the README, guides and porting documents resolve, anchors included', (t) => {
  const problems = MARKDOWN.flatMap((file) => brokenLinks(file));
  t.deepEqual(problems, [], problems.join('\n'));
});

test('every {@includeCode} names an existing file and regions that open and close once', (t) => {
  const problems = MARKDOWN.flatMap((file) => brokenIncludes(file));
  t.deepEqual(problems, [], problems.join('\n'));
});

test('guides and porting pages read whole on GitHub and npm: no TypeScript pulled in by {@includeCode}', (t) => {
  const pulling = CODE_PAGES.filter((file) => /\{@includeCode [^}]*\.ts\b/.test(readFileSync(join(ROOT, file), 'utf8')));
  t.deepEqual(
    pulling.filter((file) => !INCLUDE_CODE_PENDING.includes(file)),
    [],
    'run npm run docs:sync to write the TypeScript out',
  );
});

test('every TypeScript block of the guides and porting pages is marked and identical to its compiled, tested source', (t) => {
  const problems = CODE_PAGES.flatMap((file) => codeProblems(file));
  t.deepEqual(problems, [], problems.join('\n'));
  const marked = CODE_PAGES.flatMap((file) => blocksOf(readFileSync(join(ROOT, file), 'utf8')).marked);
  t.true(marked.length > 40, `found ${marked.length} marked blocks`);
  const sources = new Set(marked.map((block) => block.source.split('#')[0]));
  t.true([...sources].every((source) => source?.startsWith('docs/examples/')), [...sources].join(', '));
});

test('the inline-code check catches an unmarked block, an edited block and a missing region, and sync repairs them', (t) => {
  const fake = 'docs/guides/fake.md';
  const listen = regionCode('docs/examples/porting/tcp.ts#tcp-listen');
  const good = `<!-- code: docs/examples/porting/tcp.ts#tcp-listen -->\n\`\`\`ts\n${listen}\n\`\`\`\n`;
  t.deepEqual(codeProblems(fake, good), []);
  t.deepEqual(codeProblems(fake, '```ts\nconst a = 1;\n```\n'), [`${fake}:1: a TypeScript block without a <!-- code: file#region --> marker`]);
  const edited = good.replace(listen, `${listen}\n// one line more`);
  t.regex(codeProblems(fake, edited)[0] ?? '', /differs from docs\/examples\/porting\/tcp\.ts#tcp-listen/);
  t.regex(codeProblems(fake, good.replace('#tcp-listen', '#nope'))[0] ?? '', /exactly one "\/\/ #region nope"/);
  t.is(syncedText(fake, edited), good);
  t.is(syncedText(fake, '{@includeCode ../examples/porting/tcp.ts#tcp-listen}\n'), good);
  t.deepEqual(codeProblems(fake, '```cpp\nint a;\n```\n````md\n```ts\nx\n```\n````\n'), [], 'other languages and nested fences are left alone');
});

test('the checks catch a missing file, a missing anchor and a region that is not there', (t) => {
  const fake = 'docs/guides/fake.md';
  t.deepEqual(brokenLinks(fake, 'see [a](missing.md), [b](../porting-from-sfml.md#nope), [c](game-loop.md#the-loop)'), [
    `${fake}: missing.md does not exist`,
    `${fake}: ../porting-from-sfml.md#nope has no heading #nope`,
  ]);
  t.is(brokenIncludes(fake, '{@includeCode ../examples/porting/tcp.ts#nope}').length, 2);
  t.is(brokenIncludes(fake, '{@includeCode ../examples/nothing.ts}').length, 1);
  t.is(slug('Custom types: operator << and operator >>'), 'custom-types-operator-and-operator-');
  t.deepEqual(prose('a [b](c)\n```cpp\n[x](y)\n```\n'), 'a [b](c)\n\n');
});

test('the reference index reaches every class, interface and guide within two clicks', async (t) => {
  const out = mkdtempSync(join(tmpdir(), 'sfnet-docs-'));
  t.teardown(() => rmSync(out, { recursive: true, force: true }));
  const app = await Application.bootstrapWithPlugins({ options: join(ROOT, 'typedoc.json'), logLevel: 'Error' }, [
    new TypeDocReader(),
    new TSConfigReader(),
  ]);
  const project = await app.convert();
  if (project === undefined) return t.fail('typedoc could not convert the project');
  await app.generateDocs(project, out);
  const links = (page: string): Set<string> =>
    new Set([...readFileSync(join(out, page), 'utf8').matchAll(/href="([^"#]+)/g)].map(([, href = '']) => href));
  const firstClick = links('index.html');
  t.true(firstClick.has('modules.html'), 'the index links the member index');
  const secondClick = new Set([...firstClick, ...links('modules.html')]);
  const pages = ['classes', 'interfaces', 'documents', 'enums', 'functions'].flatMap((dir) =>
    readdirSync(join(out, dir)).map((name) => relative(out, join(out, dir, name))),
  );
  t.true(pages.includes('classes/TcpSocket.html') && pages.includes('documents/Porting_from_SFML.html'));
  t.deepEqual(
    pages.filter((page) => !secondClick.has(page)),
    [],
  );
  const autolinked = pages.filter((page) => /href="https?:\/\/java\.net/.test(readFileSync(join(out, page), 'utf8')));
  t.deepEqual(autolinked, [], 'java.net is a package name, not a web site (markdownItOptions.linkify is off)');
  const media = existsSync(join(out, 'media')) ? readdirSync(join(out, 'media')) : [];
  t.deepEqual(
    media.filter((name) => name.endsWith('.json')),
    [],
    'no benchmark JSON copied into the site (name bench/results files in code spans, not links)',
  );
});
