/**
 * Checks of the API reference: which documented declarations lack an `@example` (walking
 * typedoc's JSON model), and whether the `@example` code of `src/**` type-checks against the SDK.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';
import { Application, TSConfigReader, TypeDocReader } from 'typedoc';

/** The project root (tests run from `dist/test/docs/`). */
export const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../../..');

/** The parts of typedoc's JSON output this walk reads. */
interface JsonComment {
  readonly blockTags?: ReadonlyArray<{ readonly tag: string }>;
}
export interface JsonReflection {
  readonly id?: number;
  readonly name: string;
  readonly kind: number;
  readonly variant?: string;
  readonly flags?: { readonly isExternal?: boolean };
  readonly comment?: JsonComment;
  readonly inheritedFrom?: unknown;
  readonly children?: readonly JsonReflection[];
  readonly groups?: ReadonlyArray<{ readonly title: string; readonly children?: readonly number[] }>;
  readonly signatures?: ReadonlyArray<{ readonly comment?: JsonComment }>;
  readonly getSignature?: { readonly comment?: JsonComment };
  readonly setSignature?: { readonly comment?: JsonComment };
}

const PROJECT = 1;
const FUNCTION = 64;
const CLASS = 128;
const INTERFACE = 256;
const METHOD = 2048;

/** The classes whose public methods each carry an `@example`: the sockets, the selector, `Packet`. */
export const MAIN_CLASSES: ReadonlySet<string> = new Set(['TcpSocket', 'TcpListener', 'UdpSocket', 'SocketSelector', 'Packet']);

/**
 * Methods that need no `@example` even on a main class: getters and predicates (`getX`, `isX`),
 * setters of one option (`setX`) and the `[dispose]` hooks of `using`.
 */
const TRIVIAL_METHOD = /^(?:(?:get|is|set)[A-Z]|\[)/;

let converted: Promise<JsonReflection> | undefined;

/** typedoc's JSON model of the SDK, converted with the project's `typedoc.json` (once per process). */
export function typedocJson(): Promise<JsonReflection> {
  converted ??= convert();
  return converted;
}

async function convert(): Promise<JsonReflection> {
  const app = await Application.bootstrapWithPlugins({ options: join(ROOT, 'typedoc.json'), logLevel: 'Error' }, [
    new TypeDocReader(),
    new TSConfigReader(),
  ]);
  const project = await app.convert();
  if (project === undefined) throw new Error('typedoc could not convert the project');
  const root = ROOT as Parameters<typeof app.serializer.projectToObject>[1];
  return app.serializer.projectToObject(project, root) as unknown as JsonReflection;
}

const hasExample = (comment: JsonComment | undefined): boolean => comment?.blockTags?.some((tag) => tag.tag === '@example') ?? false;

/** Whether the reference requires an `@example` on `node`, a child of `parent` (`undefined` at the top). */
function requiresExample(node: JsonReflection, parent: JsonReflection | undefined): boolean {
  if (node.inheritedFrom !== undefined || node.flags?.isExternal === true) return false;
  if (parent?.kind === PROJECT) return node.kind === CLASS || node.kind === FUNCTION || node.kind === INTERFACE;
  return parent?.kind === CLASS && MAIN_CLASSES.has(parent.name) && node.kind === METHOD && !TRIVIAL_METHOD.test(node.name);
}

/**
 * The full names of the declarations that need an `@example` and have none: every exported
 * class, function and interface, and the public methods of the main classes (`MAIN_CLASSES`)
 * except getters, predicates, one-option setters and `[dispose]`. Fields, accessors, interface
 * members and the other classes' members may have one where it teaches, and need none.
 *
 * @remarks Inherited members are judged where they are declared; external ones are skipped.
 */
export function missingExamples(node: JsonReflection, parent?: JsonReflection, prefix = ''): string[] {
  const name = node.kind === PROJECT ? '' : prefix === '' ? node.name : `${prefix}.${node.name}`;
  const missing: string[] = [];
  const comments = [node.comment, ...(node.signatures ?? []).map((s) => s.comment), node.getSignature?.comment, node.setSignature?.comment];
  if (requiresExample(node, parent) && !comments.some(hasExample)) missing.push(name);
  for (const child of node.children ?? []) missing.push(...missingExamples(child, node, name));
  return missing;
}

/**
 * Examples that teach nothing: one statement that only calls or reads what it documents
 * (`connection.resume();`, `socket.getLocalPort();`), with no comment saying what comes of it.
 */
export function idleExamples(examples: readonly Example[]): Example[] {
  return examples.filter((example) => {
    const lines = example.code.split('\n').filter((line) => line.trim() !== '');
    return lines.length === 1 && /^\s*(?:await\s+)?(?:new\s+)?[\w.?()]+\((?:[\w.]*|true|false|\d[\d_]*)\);\s*$/.test(lines[0] ?? '');
  });
}

/** One `@example` code block of a source file. */
export interface Example {
  readonly file: string;
  readonly line: number;
  readonly code: string;
}

/** Every `.ts` file under `dir`. */
function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true, recursive: true })
    .filter((entry) => entry.isFile() && entry.name.endsWith('.ts'))
    .map((entry) => join(entry.parentPath, entry.name))
    .sort();
}

/**
 * The ```ts blocks after `@example` in the public doc comments of `src/`: not `@internal`, and
 * in a file that declares something a public entry exports.
 */
export function extractExamples(): Example[] {
  const examples: Example[] = [];
  const exported = new Set(sdkExports());
  for (const file of sourceFiles(join(ROOT, 'src'))) {
    const text = readFileSync(file, 'utf8');
    const declared = [...text.matchAll(/^export (?:abstract )?(?:class|interface|type|function|const|enum) (\w+)/gm)].map((m) => m[1]);
    if (!declared.some((name) => name !== undefined && exported.has(name))) continue;
    for (const match of text.matchAll(/\/\*\*[\s\S]*?\*\//g)) {
      const comment = match[0].split('\n').map((line) => line.replace(/^\s*\*(?: |$)/, ''));
      if (comment.some((line) => line.includes('@internal'))) continue;
      const first = comment.findIndex((line) => line.includes('@example'));
      if (first < 0) continue;
      const startLine = text.slice(0, match.index).split('\n').length;
      for (let i = first; i < comment.length; i++) {
        if (!/^\s*```ts\s*$/.test(comment[i] ?? '')) continue;
        const end = comment.findIndex((line, j) => j > i && /^\s*```\s*$/.test(line));
        if (end < 0) break;
        examples.push({ file: relative(ROOT, file), line: startLine + i + 1, code: comment.slice(i + 1, end).join('\n') });
        i = end;
      }
    }
  }
  return examples;
}

/** The public entries: the main one and `sfnet/di`. */
const ENTRIES = ['src/index.ts', 'src/di/index.ts'];

/** The names an entry exports. */
function entryExports(entry: string): string[] {
  const index = readFileSync(join(ROOT, entry), 'utf8');
  const names = new Set<string>();
  for (const [, list = ''] of index.matchAll(/export (?:type )?\{([^}]*)\}/g)) {
    for (const item of list.split(',')) {
      const name = item.replace(/^\s*type\s+/, '').trim();
      if (name !== '') names.add(name);
    }
  }
  return [...names];
}

/** The names the public entries export. */
function sdkExports(): string[] {
  return ENTRIES.flatMap(entryExports);
}

/** Checks each example as the body of an async function after `prelude`; returns the errors. */
export function typeCheckExamples(examples: readonly Example[], prelude: (file: string) => string): string[] {
  const imports = ENTRIES.map((entry) => `import { ${entryExports(entry).join(', ')} } from '../${entry.replace(/\.ts$/, '.js')}';\n`);
  const header = `${imports.join('')}import { Container } from 'inversify';\n`;
  const virtual = new Map<string, { text: string; starts: Array<{ line: number; example: Example }> }>();
  for (const example of examples) {
    const path = join(ROOT, '__examples__', `${example.file.replaceAll('/', '_')}`);
    const entry = virtual.get(path) ?? { text: header + prelude(example.file), starts: [] };
    entry.text += `\nexport async function example${entry.starts.length}(): Promise<void> {\n`;
    entry.starts.push({ line: entry.text.split('\n').length - 1, example });
    entry.text += `${example.code}\n}\n`;
    virtual.set(path, entry);
  }
  const options: ts.CompilerOptions = {
    target: ts.ScriptTarget.ES2022,
    lib: ['lib.es2022.d.ts', 'lib.esnext.disposable.d.ts'],
    module: ts.ModuleKind.NodeNext,
    moduleResolution: ts.ModuleResolutionKind.NodeNext,
    types: ['node'],
    strict: true,
    noEmit: true,
    skipLibCheck: true,
    experimentalDecorators: true,
  };
  const host = ts.createCompilerHost(options);
  const { getSourceFile, fileExists, readFile } = host;
  host.fileExists = (name) => virtual.has(name) || fileExists.call(host, name);
  host.readFile = (name) => virtual.get(name)?.text ?? readFile.call(host, name);
  host.getSourceFile = (name, version, ...rest) => {
    const entry = virtual.get(name);
    return entry !== undefined ? ts.createSourceFile(name, entry.text, version, true) : getSourceFile.call(host, name, version, ...rest);
  };
  const program = ts.createProgram([...virtual.keys()], options, host);
  const errors: string[] = [];
  for (const diagnostic of ts.getPreEmitDiagnostics(program)) {
    const entry = diagnostic.file === undefined ? undefined : virtual.get(diagnostic.file.fileName);
    const message = ts.flattenDiagnosticMessageText(diagnostic.messageText, '\n');
    if (entry === undefined || diagnostic.file === undefined || diagnostic.start === undefined) {
      errors.push(`${diagnostic.file?.fileName ?? '(no file)'}: ${message}`);
      continue;
    }
    const line = diagnostic.file.getLineAndCharacterOfPosition(diagnostic.start).line;
    const owner = [...entry.starts].reverse().find((start) => start.line <= line);
    if (owner === undefined) errors.push(`${diagnostic.file.fileName} prelude line ${line + 1}: ${message}`);
    else errors.push(`${owner.example.file}:${owner.example.line + (line - owner.line)}: ${message}`);
  }
  return errors;
}
