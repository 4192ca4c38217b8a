/**
 * Importing sfnet loads no Node built-in that only TLS, the WebSocket transport, UDP, name
 * resolution or `ZipPacket` use (`src/platform/node/lazyBuiltins.ts`): a program pays for them
 * when it uses the feature. Read from `process.moduleLoadList`, Node's own list of the built-ins
 * it has loaded.
 */
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import test from 'ava';

const entry = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../src/index.js');

/** Runs `code` (ESM, with `sfnet` bound to the main entry, imported after `first`) in a new Node process; its stdout. */
function inNewProcess(code: string, first = ''): Promise<string> {
  const program = `${first}\nconst sfnet = await import(${JSON.stringify(entry)});\nconst loaded = () => process.moduleLoadList.filter((name) => /^NativeModule (tls|https|http|zlib|crypto|dgram|dns|dns\\/promises|fs\\/promises)$/.test(name)).map((name) => name.slice(13)).sort().join(' ');\n${code}`;
  return new Promise((resolve, reject) => {
    execFile(process.execPath, ['--input-type=module', '-e', program], { timeout: 30_000 }, (error, stdout, stderr) => (error ? reject(new Error(`${error.message}\n${stderr}`)) : resolve(stdout.trim())));
  });
}

test('importing sfnet loads none of node:tls, node:http, node:https, node:zlib, node:crypto, node:dgram, node:dns, node:dns/promises, node:fs/promises', async (t) => {
  t.is(await inNewProcess('console.log(JSON.stringify(loaded()));'), '""');
});

test('importing sfnet loads no built-in module beyond those importing node:net (and one ES module file) loads', async (t) => {
  // The ES module loader reads files through node:fs/promises: one file of its own loads what that takes.
  const dir = mkdtempSync(path.join(tmpdir(), 'sfnet-builtins-'));
  t.teardown(() => rmSync(dir, { recursive: true, force: true }));
  const file = path.join(dir, 'empty.mjs');
  writeFileSync(file, 'export {};\n');
  const added = await inNewProcess(
    'console.log(JSON.stringify(process.moduleLoadList.filter((name) => !before.has(name))));',
    `await import('node:net');\nawait import(${JSON.stringify(pathToFileURL(file).href)});\nconst before = new Set(process.moduleLoadList);`,
  );
  t.deepEqual(JSON.parse(added), []);
});

test('UDP and name resolution load theirs when first used: a UdpSocket binding, then a host name resolved', async (t) => {
  const out = await inNewProcess(`
const steps = [loaded()];
const socket = new sfnet.UdpSocket();
await socket.bind(0, '127.0.0.1');
steps.push(loaded());
socket.unbind();
await new sfnet.NodeResolver().lookup('localhost').catch(() => undefined);
steps.push(loaded());
console.log(JSON.stringify(steps));
`);
  t.deepEqual(JSON.parse(out), ['', 'dgram', 'dgram dns/promises']);
});

test('each is loaded when its feature is first used: a ZipPacket compressing, a TLS transport listening', async (t) => {
  const out = await inNewProcess(`
const steps = [loaded()];
const zip = new sfnet.ZipPacket().append(new Uint8Array(1000));
zip.onSend(zip.getData()); // what a socket calls when it sends the packet
steps.push(loaded());
const transport = new sfnet.NodeTlsTransport({ server: { certChain: 'not a certificate', key: 'not a key' } });
await transport.listen({ host: '127.0.0.1', port: 0 }, () => undefined).catch(() => undefined);
steps.push(loaded());
console.log(JSON.stringify(steps));
`);
  // node:tls loads node:crypto itself.
  t.deepEqual(JSON.parse(out), ['', 'zlib', 'crypto tls zlib']);
});
