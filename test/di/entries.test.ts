/**
 * The two entries in a fresh process each: `sfnet` loads neither inversify nor reflect-metadata,
 * `sfnet/di` loads both. A module hook records every module Node loads.
 */
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import test from 'ava';

const DIST_SRC = resolve(dirname(fileURLToPath(import.meta.url)), '../../src');

/** The module hook (run on Node's hooks thread): appends each loaded URL to a log file. */
const HOOKS = `import { appendFileSync } from 'node:fs';
let log;
export function initialize(data) { log = data.log; }
export async function load(url, context, next) {
  appendFileSync(log, url + '\\n');
  return next(url, context);
}
`;

/** What importing `entry` in a new Node process loads, and what it leaves on `Reflect`. */
async function load(t: { teardown(fn: () => void): void }, entry: string): Promise<{ urls: string[]; getMetadata: string }> {
  const dir = mkdtempSync(join(tmpdir(), 'sfnet-entry-'));
  t.teardown(() => rmSync(dir, { recursive: true, force: true }));
  const log = join(dir, 'loaded.txt');
  writeFileSync(log, '');
  writeFileSync(join(dir, 'hooks.mjs'), HOOKS);
  const hooks = pathToFileURL(join(dir, 'hooks.mjs')).href;
  writeFileSync(join(dir, 'register.mjs'), `import { register } from 'node:module';\nregister(${JSON.stringify(hooks)}, { data: { log: ${JSON.stringify(log)} } });\n`);
  const script = `await import(${JSON.stringify(pathToFileURL(join(DIST_SRC, entry)).href)}); console.log(typeof Reflect.getMetadata);`;
  const args = ['--import', pathToFileURL(join(dir, 'register.mjs')).href, '--input-type=module', '-e', script];
  const stdout = await new Promise<string>((done, fail) =>
    execFile(process.execPath, args, { timeout: 20_000 }, (error, out, err) => (error ? fail(new Error(`${error.message}\n${err}`)) : done(out))),
  );
  return { urls: readFileSync(log, 'utf8').split('\n').filter((url) => url !== ''), getMetadata: stdout.trim() };
}

const fromDi = (url: string): boolean => /\/node_modules\/(inversify|@inversifyjs\/[^/]+|reflect-metadata)\//.test(url);

test("import 'sfnet' loads no inversify module and leaves Reflect.getMetadata undefined", async (t) => {
  const { urls, getMetadata } = await load(t, 'index.js');
  t.true(urls.some((url) => url.endsWith('/src/tcp/TcpSocket.js')), 'the hook saw the SDK load');
  t.deepEqual(urls.filter(fromDi), []);
  t.is(getMetadata, 'undefined');
});

test("import 'sfnet/di' loads inversify and installs reflect-metadata", async (t) => {
  const { urls, getMetadata } = await load(t, 'di/index.js');
  t.true(urls.some((url) => url.includes('/node_modules/inversify/')));
  t.true(urls.some((url) => url.includes('/node_modules/reflect-metadata/')));
  t.is(getMetadata, 'function');
});
