import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import net from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import test, { type ExecutionContext } from 'ava';
import { IpAddress } from '../../src/address/IpAddress.js';
import { UnixSocketAddress } from '../../src/address/UnixSocketAddress.js';
import { SocketStatus } from '../../src/core/SocketStatus.js';
import { Packet } from '../../src/packet/Packet.js';
import { SystemdSockets } from '../../src/socket/SystemdSockets.js';
import { TcpSocket } from '../../src/tcp/TcpSocket.js';
import { UdpSocket } from '../../src/udp/UdpSocket.js';

/**
 * Socket activation with the real `systemd-socket-activate` (Debian's systemd package; PID 1
 * need not be systemd): it binds the socket, starts test/unix/fixtures/activated.js with it as
 * descriptor 3 on the first client, and the SDK adopts it.
 */

const FIXTURE = fileURLToPath(new URL('./fixtures/activated.js', import.meta.url));
const hasActivate = spawnSync('systemd-socket-activate', ['--version'], { stdio: 'ignore' }).status === 0;
const it = hasActivate || process.env.CI === 'true' ? test.serial : test.skip;

/** A port free now, for a program that cannot bind port 0 (systemd-socket-activate refuses it). */
async function freePort(udp = false): Promise<number> {
  if (udp) {
    const { createSocket } = await import('node:dgram');
    const socket = createSocket('udp4');
    await new Promise<void>((resolve) => socket.bind(0, '127.0.0.1', resolve));
    const { port } = socket.address();
    await new Promise<void>((resolve) => socket.close(() => resolve()));
    return port;
  }
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as net.AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

/** Starts systemd-socket-activate with `args` and the fixture; resolves once it listens; stopped by PID in teardown. */
async function activate(t: ExecutionContext, args: readonly string[], mode: 'stream' | 'datagram', env: Record<string, string> = {}): Promise<() => Promise<string>> {
  // systemd-socket-activate gives the service a clean environment: variables go by -E.
  const setenv = Object.entries(env).map(([name, value]) => `-E${name}=${value}`);
  const child = spawn('systemd-socket-activate', [...args, ...setenv, '--fdname=game', process.execPath, FIXTURE, mode], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  t.teardown(() => {
    if (child.exitCode === null && child.signalCode === null) process.kill(child.pid as number, 'SIGKILL');
  });
  let output = '';
  child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const exited = new Promise<string>((resolve) => child.once('close', () => resolve(output)));
  for (let i = 0; i < 300 && !/Listening on/.test(output); i++) await new Promise((resolve) => setTimeout(resolve, 10));
  if (!/Listening on/.test(output)) throw new Error(`systemd-socket-activate did not listen:\n${output}`);
  return () => exited;
}

it('a TcpListener adopts a TCP socket passed by systemd-socket-activate and serves a client', async (t) => {
  const port = await freePort();
  const finished = await activate(t, ['-l', `127.0.0.1:${port}`], 'stream');
  const socket = new TcpSocket();
  t.teardown(() => socket.disconnect());
  t.is((await socket.connect(IpAddress.LocalHost, port, 5000)).status, SocketStatus.Done);
  await socket.send(new Packet().writeString('activated'));
  const reply = new Packet();
  t.is((await socket.receive(reply)).status, SocketStatus.Done);
  t.is(reply.readString(), 'echo activated');
  const output = await finished();
  t.regex(output, /inherited fd 3 \(game\); LISTEN_FDS left: undefined/);
  t.regex(output, new RegExp(`listening Done 127\\.0\\.0\\.1`));
});

it('a TcpListener adopts a Unix socket passed by systemd-socket-activate', async (t) => {
  const dir = mkdtempSync(path.join(tmpdir(), 'sfnet-activate-'));
  t.teardown(() => rmSync(dir, { recursive: true, force: true }));
  const where = path.join(dir, 'game.sock');
  const finished = await activate(t, ['-l', where], 'stream');
  const socket = new TcpSocket();
  t.teardown(() => socket.disconnect());
  const raw = await new Promise<net.Socket>((resolve, reject) => {
    const made = net.createConnection({ path: where }, () => resolve(made));
    made.once('error', reject);
  });
  t.teardown(() => raw.destroy());
  const payload = new Packet().writeString('over unix').getData();
  const head = Buffer.alloc(4);
  head.writeUInt32BE(payload.length);
  raw.write(Buffer.concat([head, Buffer.from(payload)]));
  const output = await finished();
  t.regex(output, /answered over unix/);
  t.regex(output, new RegExp(`listening Done ${UnixSocketAddress.of(where).toString().replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')}`));
});

it('a UdpSocket adopts a datagram socket passed by systemd-socket-activate --datagram', async (t) => {
  const port = await freePort(true);
  const finished = await activate(t, ['--datagram', '-l', `127.0.0.1:${port}`], 'datagram');
  const socket = new UdpSocket();
  t.teardown(() => socket.close());
  t.is((await socket.send(new Packet().writeString('ping'), IpAddress.LocalHost, port)).status, SocketStatus.Done);
  const reply = new Packet();
  const got = await socket.receive(reply);
  t.is(got.status, SocketStatus.Done);
  t.is(reply.readString(), 'echo ping');
  t.is(got.port, port);
  t.regex(await finished(), new RegExp(`bound Done 127\\.0\\.0\\.1:${port}`));
});

it('the checks still apply to an adopted listener: a denied peer is never handed out', async (t) => {
  const port = await freePort();
  const finished = await activate(t, ['-l', `127.0.0.1:${port}`], 'stream', { SFNET_DENY_ACCEPT: '1' });
  const socket = new TcpSocket();
  t.teardown(() => socket.disconnect());
  t.is((await socket.connect(IpAddress.LocalHost, port, 5000)).status, SocketStatus.Done);
  await socket.send(new Packet().writeString('let me in'));
  const answer = await socket.receive(new Packet());
  const output = await finished();
  t.not(answer.status, SocketStatus.Done, `closed without an answer:\n${output}`);
  t.notRegex(output, /answered/);
});

test('SystemdSockets reads LISTEN_FDS only when LISTEN_PID is this process, and clears the variables', (t) => {
  const env: Record<string, string | undefined> = { LISTEN_FDS: '2', LISTEN_PID: '42', LISTEN_FDNAMES: 'game:chat' };
  t.deepEqual(SystemdSockets.listeners({ env: { ...env }, pid: 7 }), []);
  const sockets = SystemdSockets.listeners({ env, pid: 42 });
  t.deepEqual(sockets.map((s) => [s.fd, s.name]), [[3, 'game'], [4, 'chat']]);
  t.is(env['LISTEN_FDS'], undefined, 'cleared as sd_listen_fds(1) does');
  t.deepEqual(SystemdSockets.listeners({ env: { LISTEN_FDS: 'x', LISTEN_PID: '1' }, pid: 1 }), []);
});
