import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import test from 'ava';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '../../..');

test('the README example runs as written and prints what its comments say', async (t) => {
  const readme = readFileSync(join(root, 'README.md'), 'utf8');
  const code = /```ts\n([\s\S]*?)```/.exec(readme)?.[1];
  if (code === undefined) return t.fail('no TypeScript example in the README');
  const entry = pathToFileURL(join(root, 'dist/src/index.js')).href;
  const dir = mkdtempSync(join(tmpdir(), 'sfnet-readme-'));
  t.teardown(() => rmSync(dir, { recursive: true, force: true }));
  const script = join(dir, 'example.mjs');
  writeFileSync(script, code.replace("from 'sfnet'", `from '${entry}'`));
  const output = await new Promise<string>((done, fail) =>
    execFile(process.execPath, [script], { timeout: 20_000 }, (error, stdout) => (error ? fail(error) : done(stdout))),
  );
  t.is(output, 'hello 42\nNotReady\n');
});
