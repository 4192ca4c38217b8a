/**
 * The package as users get it: `npm pack` (which builds through `prepack`), the tarball installed
 * into fresh projects outside the repository, then imported from ESM, required from CommonJS and
 * compiled by TypeScript with `moduleResolution: nodenext` and `skipLibCheck: false`, with and
 * without `@types/node`. Nothing is fetched from the network: the tarball has no dependencies, and
 * the optional peers and `@types/node` are copied from this repository's `node_modules`.
 */
import { execFile } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import test from 'ava';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../../..');
const TSC = join(ROOT, 'node_modules/typescript/bin/tsc');
/** The bound on each command (npm pack, npm install, tsc, node). */
const STEP_TIMEOUT = 90_000;

/** The packed tarball, shared by the tests, and the temporary folder holding it and the projects. */
const fixture = { root: '', tarball: '', files: [] as string[], size: 0 };

interface Run {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

/**
 * The environment of a nested npm or node: without the `npm_*` variables an outer `npm test`
 * exports (its whole configuration and this package's fields), so the nested npm reads its
 * configuration as a user's would; the cache and registry settings are kept.
 */
function cleanEnv(): NodeJS.ProcessEnv {
  const kept = new Set(['npm_config_cache', 'npm_config_registry', 'npm_config_userconfig']);
  return Object.fromEntries(Object.entries(process.env).filter(([key]) => !/^npm_/i.test(key) || kept.has(key.toLowerCase())));
}

/** Runs a command to its end (bounded), resolving with its exit code and output. */
function run(command: string, args: readonly string[], cwd: string): Promise<Run> {
  return new Promise((done) => {
    execFile(command, args, { cwd, env: cleanEnv(), timeout: STEP_TIMEOUT, maxBuffer: 16 * 1024 * 1024 }, (error, stdout, stderr) => {
      const code = error === null ? 0 : typeof error.code === 'number' ? error.code : null;
      done({ code, stdout, stderr: error !== null && code === null ? `${stderr}\n${error.message}` : stderr });
    });
  });
}

/** Runs a command that must succeed; throws with its output otherwise. */
async function mustRun(command: string, args: readonly string[], cwd: string): Promise<Run> {
  const result = await run(command, args, cwd);
  if (result.code !== 0) throw new Error(`${command} ${args.join(' ')} failed (${String(result.code)}):\n${result.stdout}\n${result.stderr}`);
  return result;
}

/** Packages installed (hoisted) in this repository's node_modules, with their dependencies. */
function closure(names: readonly string[]): string[] {
  const lock = JSON.parse(readFileSync(join(ROOT, 'package-lock.json'), 'utf8')) as {
    packages: Record<string, { dependencies?: Record<string, string> }>;
  };
  const seen = new Set<string>();
  const queue = [...names];
  while (queue.length > 0) {
    const name = queue.pop() as string;
    if (seen.has(name)) continue;
    const entry = lock.packages[`node_modules/${name}`];
    if (entry === undefined) throw new Error(`${name} is not in package-lock.json`);
    seen.add(name);
    queue.push(...Object.keys(entry.dependencies ?? {}));
  }
  return [...seen];
}

/** A new project with `sfnet` installed from the tarball, plus copies of `extra` packages. */
async function project(name: string, extra: readonly string[] = []): Promise<string> {
  const dir = join(fixture.root, name);
  mkdirSync(dir);
  writeFileSync(join(dir, 'package.json'), JSON.stringify({ name: `consumer-${name}`, private: true, type: 'module' }));
  await mustRun('npm', ['install', '--offline', '--no-audit', '--no-fund', '--ignore-scripts', fixture.tarball], dir);
  for (const pkg of closure(extra)) cpSync(join(ROOT, 'node_modules', pkg), join(dir, 'node_modules', pkg), { recursive: true });
  return dir;
}

/** Writes files into a project. */
function write(dir: string, files: Record<string, string>): void {
  for (const [file, text] of Object.entries(files)) writeFileSync(join(dir, file), text);
}

/** Compiles a project with its `tsconfig.json` using this repository's TypeScript. */
function tsc(dir: string): Promise<Run> {
  return run(process.execPath, [TSC, '-p', dir], dir);
}

/** A consumer's `tsconfig.json`: the nodenext defaults, every declaration checked. */
function tsconfig(types: readonly string[], files: readonly string[]): string {
  return JSON.stringify({
    compilerOptions: { module: 'nodenext', moduleResolution: 'nodenext', strict: true, skipLibCheck: false, types, noEmit: true },
    files,
  });
}

/** What a user of the main entry writes, in TypeScript (type-checked, not run). */
const MAIN_TS = `import { IpAddress, Packet, SocketStatus, TcpListener, TcpSocket, UdpSocket, type SocketOptions } from 'sfnet';

const options: SocketOptions = { limits: { maxPacketSize: 1024 } };
const listener = new TcpListener(options);
const listened: SocketStatus = (await listener.listen(0, IpAddress.LocalHost)).status;
await using udp = new UdpSocket();
const { status } = await new TcpSocket(options).connect(IpAddress.LocalHost, listener.getLocalPort());
const sent: SocketStatus = (await udp.send(new Packet().writeString('hi'), IpAddress.LocalHost, 9)).status;
export { listened, sent, status };
`;

/** The same from a CommonJS TypeScript file (compiled to `require`). */
const MAIN_CTS = `import { Packet, SocketStatus, TcpSocket } from 'sfnet';

export const made: [TcpSocket, number, SocketStatus] = [new TcpSocket(), new Packet().writeUint32(7).getDataSize(), SocketStatus.Done];
`;

/** A user of the DI entry, in TypeScript. */
const DI_TS = `import { createContainer, Tokens } from 'sfnet/di';
import { TcpSocket } from 'sfnet';

const socket: TcpSocket = createContainer({ limits: { maxPacketSize: 2048 } }).get(Tokens.TcpSocket);
export const size: number = socket.getMaxPacketSize();
`;

/** Run from ESM: a TCP round trip through the main entry; says whether Reflect was patched. */
const MAIN_MJS = `import { IpAddress, Packet, TcpListener, TcpSocket } from 'sfnet';

const listener = new TcpListener();
await listener.listen(0, IpAddress.LocalHost);
const [client, server] = [new TcpSocket(), new TcpSocket()];
const [{ status }] = await Promise.all([client.connect(IpAddress.LocalHost, listener.getLocalPort()), listener.accept(server)]);
await client.send(new Packet().writeString('hi'));
const packet = new Packet();
await server.receive(packet);
console.log(status, packet.readString(), 'getMetadata' in Reflect);
client.disconnect();
server.disconnect();
await listener.close();
`;

/** Run from CommonJS. */
const MAIN_CJS = `const { Packet, SocketStatus, TcpSocket } = require('sfnet');
console.log(typeof TcpSocket, new Packet().writeUint32(7).getDataSize(), SocketStatus.Done);
`;

/** A consumer with only sfnet installed (no inversify, no reflect-metadata, no @types/node). */
const plain = once(() => project('plain'));

/** A consumer of sfnet/di: inversify, reflect-metadata and @types/node installed as well. */
const withPeers = once(() => project('di', ['inversify', 'reflect-metadata', '@types/node']));

/** The first call's Promise, shared by every later call. */
function once<T>(make: () => Promise<T>): () => Promise<T> {
  let made: Promise<T> | undefined;
  return () => (made ??= make());
}

test.before(async () => {
  fixture.root = mkdtempSync(join(tmpdir(), 'sfnet-pack-'));
  const packed = await mustRun('npm', ['pack', '--json', '--pack-destination', fixture.root], ROOT);
  const [info] = JSON.parse(packed.stdout) as Array<{ filename: string; size: number; files: Array<{ path: string }> }>;
  if (info === undefined) throw new Error(`npm pack printed no package:\n${packed.stdout}`);
  fixture.tarball = join(fixture.root, info.filename);
  fixture.files = info.files.map((file) => file.path).sort();
  fixture.size = info.size;
});

test.after.always(() => {
  if (fixture.root !== '') rmSync(fixture.root, { recursive: true, force: true });
});

test('the tarball holds the built JS, the public declarations, the LICENSE and the README, nothing else', (t) => {
  const { files } = fixture;
  for (const needed of ['LICENSE', 'README.md', 'package.json', 'dist/package/index.js', 'dist/package/index.d.ts', 'dist/package/di/index.js', 'dist/package/di/index.d.ts']) {
    t.true(files.includes(needed), needed);
  }
  t.true(files.includes('dist/package/tcp/TcpSocket.d.ts'));
  const stray = files.filter((file) => !/^dist\/package\/.+\.(js|d\.ts)$/.test(file) && !['LICENSE', 'README.md', 'package.json'].includes(file));
  t.deepEqual(stray, [], 'sources, maps, tests or docs in the tarball');
  // The JS is bundled (scripts/bundle-package.mjs): one module an entry, and the chunks entries share.
  const scripts = files.filter((file) => file.endsWith('.js'));
  t.deepEqual(
    scripts.filter((file) => !/^dist\/package\/((di\/|browser\/)?index|chunks\/chunk-[A-Z0-9]+)\.js$/.test(file)),
    [],
    'JS besides the bundled entries and their chunks',
  );
  t.true(scripts.length <= 8, scripts.join(' '));
  // Internal modules ship no declarations.
  t.false(files.includes('dist/package/platform/node/systemErrors.d.ts'));
  t.true(fixture.size < 400_000, `${fixture.size} bytes packed`);
});

test('the LICENSE is the MIT licence package.json names', (t) => {
  const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { license: string };
  t.is(pkg.license, 'MIT');
  t.regex(readFileSync(join(ROOT, 'LICENSE'), 'utf8'), /^MIT License\n[\s\S]*Permission is hereby granted, free of charge/);
});

test('no declaration marked @internal is installed', async (t) => {
  const installed = join(await plain(), 'node_modules/sfnet/dist/package');
  const declarations = readdirSync(installed, { recursive: true }).map(String).filter((file) => file.endsWith('.d.ts'));
  t.true(declarations.length > 10);
  t.deepEqual(declarations.filter((file) => readFileSync(join(installed, file), 'utf8').includes('@internal')), []);
});

test('the installed browser entry reaches no Node built-in through its imports', async (t) => {
  const installed = join(await plain(), 'node_modules/sfnet/dist/package');
  const seen = new Set<string>();
  const queue = [join(installed, 'browser/index.js')];
  const builtins: string[] = [];
  while (queue.length > 0) {
    const file = queue.pop() as string;
    if (seen.has(file)) continue;
    seen.add(file);
    for (const [, target] of readFileSync(file, 'utf8').matchAll(/(?:from|import)\s*["']([^"']+)["']/g)) {
      if (target?.startsWith('.')) queue.push(join(dirname(file), target));
      else if (target !== undefined) builtins.push(`${file}: ${target}`);
    }
  }
  t.true(seen.size >= 2, 'the entry imports its chunks');
  t.deepEqual(builtins, [], 'imports of packages or built-ins');
});

test('without the optional peers, sfnet runs from ESM and from CommonJS, and sfnet/di names what is missing', async (t) => {
  const dir = await plain();
  write(dir, { 'main.mjs': MAIN_MJS, 'main.cjs': MAIN_CJS });
  const esm = await run(process.execPath, ['main.mjs'], dir);
  t.is(esm.stdout, 'Done hi false\n', esm.stderr);
  const cjs = await run(process.execPath, ['main.cjs'], dir);
  t.is(cjs.stdout, 'function 4 Done\n', cjs.stderr);
  t.is(cjs.stderr, '', 'require(esm) warned');
  const di = await run(process.execPath, ['--input-type=module', '-e', "await import('sfnet/di')"], dir);
  t.regex(di.stderr, /Cannot find package '(inversify|reflect-metadata)'/);
});

test('TypeScript without @types/node compiles ESM and CommonJS users of sfnet (nodenext, skipLibCheck false)', async (t) => {
  const dir = await plain();
  write(dir, { 'main.ts': MAIN_TS, 'main.cts': MAIN_CTS, 'tsconfig.json': tsconfig([], ['main.ts', 'main.cts']) });
  const compiled = await tsc(dir);
  t.is(compiled.code, 0, compiled.stdout + compiled.stderr);
});

test('with the peers installed, sfnet/di makes sockets from ESM and from CommonJS, and sfnet alone still patches nothing', async (t) => {
  const dir = await withPeers();
  write(dir, {
    'main.mjs': MAIN_MJS,
    'di.mjs': `import { createContainer, Tokens } from 'sfnet/di';\nimport { TcpSocket } from 'sfnet';\nconst socket = createContainer({ limits: { maxPacketSize: 2048 } }).get(Tokens.TcpSocket);\nconsole.log(socket instanceof TcpSocket, socket.getMaxPacketSize(), typeof Reflect.getMetadata);\n`,
    'di.cjs': `const { createContainer, Tokens } = require('sfnet/di');\nconsole.log(createContainer().get(Tokens.UdpSocket).constructor.name);\n`,
  });
  const esm = await run(process.execPath, ['di.mjs'], dir);
  t.is(esm.stdout, 'true 2048 function\n', esm.stderr);
  const cjs = await run(process.execPath, ['di.cjs'], dir);
  t.is(cjs.stdout, 'UdpSocket\n', cjs.stderr);
  const main = await run(process.execPath, ['main.mjs'], dir);
  t.is(main.stdout, 'Done hi false\n', main.stderr);
});

test('TypeScript with @types/node compiles users of sfnet and sfnet/di (nodenext, skipLibCheck false)', async (t) => {
  const dir = await withPeers();
  write(dir, { 'main.ts': MAIN_TS, 'main.cts': MAIN_CTS, 'di.ts': DI_TS, 'tsconfig.json': tsconfig(['node'], ['main.ts', 'main.cts', 'di.ts']) });
  const compiled = await tsc(dir);
  t.is(compiled.code, 0, compiled.stdout + compiled.stderr);
});
