/**
 * Importing sfnet loads no Node built-in that only TLS, the WebSocket transport or `ZipPacket`
 * use (`src/platform/node/lazyBuiltins.ts`): a program pays for them when it uses the feature.
 * Read from `process.moduleLoadList`, Node's own list of the built-ins it has loaded.
 */
import { execFile } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import test from 'ava';

const entry = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../src/index.js');

/** Runs `code` (ESM, with `sfnet` bound to the main entry) in a new Node process; its stdout. */
function inNewProcess(code: string): Promise<string> {
  const program = `const sfnet = await import(${JSON.stringify(entry)});\nconst loaded = () => process.moduleLoadList.filter((name) => /^NativeModule (tls|https|http|zlib|crypto)$/.test(name)).map((name) => name.slice(13)).sort().join(' ');\n${code}`;
  return new Promise((resolve, reject) => {
    execFile(process.execPath, ['--input-type=module', '-e', program], { timeout: 30_000 }, (error, stdout, stderr) => (error ? reject(new Error(`${error.message}\n${stderr}`)) : resolve(stdout.trim())));
  });
}

test('importing sfnet loads none of node:tls, node:http, node:https, node:zlib, node:crypto', async (t) => {
  t.is(await inNewProcess('console.log(JSON.stringify(loaded()));'), '""');
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
