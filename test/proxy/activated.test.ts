import { existsSync } from 'node:fs';
import net from 'node:net';
import test from 'ava';
import { encodeProxyHeader } from '../../src/proxy/encodeProxyHeader.js';
import { freePort } from './haproxy.js';
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const ACTIVATE = '/usr/bin/systemd-socket-activate';
const ACTIVATED = fileURLToPath(new URL('../../docs/examples/deploy/activated.js', import.meta.url));
const it = existsSync(ACTIVATE) || process.env.CI === 'true' ? test : test.skip;

it('systemd socket activation: the worker adopts the passed socket and reads the PROXY header of the connection that started it', async (t) => {
  if (!existsSync(ACTIVATE)) return t.fail('systemd-socket-activate is missing: .ci/run installs it');
  const port = await freePort();
  const child = spawn(ACTIVATE, ['-l', `127.0.0.1:${port}`, process.execPath, ACTIVATED, '1'], { stdio: ['ignore', 'pipe', 'pipe'] });
  t.teardown(() => {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  });
  let output = '';
  child.stdout.setEncoding('utf8').on('data', (chunk: string) => (output += chunk));
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => (output += chunk));
  // systemd-socket-activate listens first and starts the worker on the first connection.
  let socket: net.Socket | undefined;
  for (let i = 0; i < 100 && socket === undefined; i++) {
    socket = await new Promise<net.Socket | undefined>((resolve) => {
      const attempt = net.connect({ host: '127.0.0.1', port });
      attempt.once('connect', () => resolve(attempt));
      attempt.once('error', () => setTimeout(() => resolve(undefined), 30));
    });
  }
  if (socket === undefined) return t.fail(`systemd-socket-activate did not listen:\n${output}`);
  t.teardown(() => socket?.destroy());
  socket.write(encodeProxyHeader({ version: 2, source: { address: '198.51.100.20', port: 40000 }, destination: { address: '127.0.0.1', port } }));
  for (let i = 0; i < 200 && !output.includes('client '); i++) await new Promise((resolve) => setTimeout(resolve, 25));
  t.regex(output, new RegExp(`listening ${port}\\n`), 'it listens on the inherited socket, not on its fallback port 1');
  t.regex(output, /client 198\.51\.100\.20 40000 via 127\.0\.0\.1/);
});
