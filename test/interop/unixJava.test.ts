import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import test, { type ExecutionContext } from 'ava';
import { hasJava, startJavaSource } from './javaSource.js';
import { UnixSocketAddress } from '../../src/address/UnixSocketAddress.js';
import { SocketStatus } from '../../src/core/SocketStatus.js';
import { Packet } from '../../src/packet/Packet.js';
import { TcpListener } from '../../src/tcp/TcpListener.js';
import { TcpSocket } from '../../src/tcp/TcpSocket.js';

/** The SDK on a Unix domain socket against a real Java 17 SocketChannel / ServerSocketChannel on a UnixDomainSocketAddress. */

const it = hasJava || process.env.CI === 'true' ? test.serial : test.skip;

function socketPath(t: ExecutionContext): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'sfnet-junix-'));
  t.teardown(() => rmSync(dir, { recursive: true, force: true }));
  return path.join(dir, 'game.sock');
}

it('Java SocketChannel on a UnixDomainSocketAddress → SDK TcpListener on the path: frames both ways', async (t) => {
  const where = UnixSocketAddress.of(socketPath(t));
  const listener = new TcpListener();
  t.teardown(() => listener.close());
  t.is((await listener.listen(where)).status, SocketStatus.Done);
  const peer = startJavaSource(t, 'JavaUnixPeer.java', ['client', where.path]);
  const server = new TcpSocket();
  t.teardown(() => server.disconnect());
  t.is((await listener.accept(server)).status, SocketStatus.Done);
  const packet = new Packet();
  t.is((await server.receive(packet)).status, SocketStatus.Done);
  t.is(packet.readInt32(), 41);
  await server.send(new Packet().writeInt32(1000));
  t.regex(await peer.done, /^ok unix 1000$/m);
});

it('SDK TcpSocket.connect(path) → Java ServerSocketChannel on a UnixDomainSocketAddress', async (t) => {
  const where = socketPath(t);
  const peer = startJavaSource(t, 'JavaUnixPeer.java', ['server', where]);
  for (let i = 0; i < 500 && !/ready/.test(peer.output()); i++) await new Promise((resolve) => setTimeout(resolve, 10));
  const socket = new TcpSocket();
  t.teardown(() => socket.disconnect());
  t.is((await socket.connect(UnixSocketAddress.of(where), 5000)).status, SocketStatus.Done);
  await socket.send(new Packet().writeInt32(41));
  const reply = new Packet();
  t.is((await socket.receive(reply)).status, SocketStatus.Done);
  t.is(reply.readInt32(), 42);
  t.regex(await peer.done, /^ok unix 41$/m);
});
