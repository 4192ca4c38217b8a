import { mkdtempSync, rmSync, statSync, writeFileSync, existsSync, readFileSync } from 'node:fs';
import net from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { spawnSync } from 'node:child_process';
import test, { type ExecutionContext } from 'ava';
import { UnixSocketAddress } from '../../src/address/UnixSocketAddress.js';
import { SocketStatus } from '../../src/core/SocketStatus.js';
import { Packet } from '../../src/packet/Packet.js';
import { PolicySecurityManager } from '../../src/security/PolicySecurityManager.js';
import { SecurityError } from '../../src/security/SecurityError.js';
import { TcpListener } from '../../src/tcp/TcpListener.js';
import { TcpSocket } from '../../src/tcp/TcpSocket.js';
import { frame } from '../helpers/loopback.js';

function tempDir(t: ExecutionContext): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'sfnet-unix-'));
  t.teardown(() => rmSync(dir, { recursive: true, force: true }));
  return dir;
}

function listener(t: ExecutionContext, options = {}): TcpListener {
  const made = new TcpListener(options);
  t.teardown(() => made.close());
  return made;
}

/** A raw node:net client on a Unix path; resolves once connected (or rejects). */
function rawClient(t: ExecutionContext, where: string): Promise<net.Socket> {
  return new Promise((resolve, reject) => {
    const socket = net.createConnection({ path: where }, () => resolve(socket));
    socket.once('error', reject);
    t.teardown(() => socket.destroy());
  });
}

for (const kind of ['path', 'abstract'] as const) {
  test(`a TcpListener on a Unix ${kind} accepts a client and packets cross with SFML framing`, async (t) => {
    const address = kind === 'path' ? UnixSocketAddress.of(path.join(tempDir(t), 'game.sock')) : UnixSocketAddress.abstract(`sfnet-${process.pid}-${Date.now()}`);
    const server = listener(t);
    t.is((await server.listen(address)).status, SocketStatus.Done);
    t.true(server.getLocalPath()?.equals(address));
    t.is(server.getLocalAddress(), null);
    t.is(server.getLocalPort(), 0);
    const raw = await rawClient(t, address.path);
    const accepted = new TcpSocket();
    t.teardown(() => accepted.disconnect());
    t.is((await server.accept(accepted)).status, SocketStatus.Done);
    raw.write(frame(new Packet().writeString('over unix').getData()));
    const packet = new Packet();
    t.is((await accepted.receive(packet)).status, SocketStatus.Done);
    t.is(packet.readString(), 'over unix');
    t.is(accepted.getRemoteAddress(), null);
  });
}

test('a stale socket file from a process that died is replaced; the file is removed on close', async (t) => {
  const where = path.join(tempDir(t), 'stale.sock');
  // A process that listens and is killed leaves its socket file behind.
  const script = `require('net').createServer().listen(${JSON.stringify(where)}, () => process.kill(process.pid, 'SIGKILL'))`;
  spawnSync(process.execPath, ['-e', script], { timeout: 10_000 });
  t.true(statSync(where).isSocket(), 'the dead process left its socket file');
  const server = listener(t);
  t.is((await server.listen(UnixSocketAddress.of(where))).status, SocketStatus.Done);
  await rawClient(t, where);
  server.close();
  t.false(existsSync(where), 'close removes the socket file');
});

test('a live listener\'s path is AddressInUse, and a regular file at the path is never deleted', async (t) => {
  const dir = tempDir(t);
  const where = UnixSocketAddress.of(path.join(dir, 'live.sock'));
  const first = listener(t);
  t.is((await first.listen(where)).status, SocketStatus.Done);
  const second = listener(t);
  const result = await second.listen(where);
  t.is(result.status, SocketStatus.Error);
  t.is(result.error?.kind, 'AddressInUse');
  await rawClient(t, where.path); // the first still serves
  const file = path.join(dir, 'notes.txt');
  writeFileSync(file, 'keep me');
  const third = listener(t);
  t.is((await third.listen(UnixSocketAddress.of(file))).error?.kind, 'AddressInUse');
  t.is(readFileSync(file, 'utf8'), 'keep me');
});

test('the socket file gets the mode asked for', async (t) => {
  const where = UnixSocketAddress.of(path.join(tempDir(t), 'mode.sock'));
  const server = listener(t);
  t.is((await server.listen(where, { mode: 0o600 })).status, SocketStatus.Done);
  t.is(statSync(where.path).mode & 0o777, 0o600);
  await t.throwsAsync(listener(t).listen(where, { mode: 0o1000 }), { instanceOf: RangeError });
});

test('checkPath is asked before listening and for every client: a denied path opens nothing, a denied accept hands nothing out', async (t) => {
  const dir = tempDir(t);
  const denied = UnixSocketAddress.of(path.join(dir, 'denied.sock'));
  const policy = new PolicySecurityManager({ paths: { allow: [`${dir}/*`], deny: [denied.path] } });
  const refused = await listener(t, { securityManager: policy }).listen(denied);
  t.true(refused.error instanceof SecurityError);
  t.is((refused.error as SecurityError).check, 'listen');
  t.true((refused.error as SecurityError).path?.equals(denied));
  t.false(existsSync(denied.path), 'nothing was bound');
  const outside = await listener(t, { securityManager: policy }).listen(UnixSocketAddress.of(path.join(tempDir(t), 'elsewhere.sock')));
  t.is((outside.error as SecurityError).reason, 'matches no paths.allow entry');

  const where = UnixSocketAddress.of(path.join(dir, 'accept.sock'));
  let accepts = 0;
  const noAccept = new PolicySecurityManager({});
  noAccept.checkPath = (check, at) => {
    if (check === 'accept') {
      accepts++;
      throw SecurityError.forPath(check, at, 'no clients today');
    }
  };
  const server = listener(t, { securityManager: noAccept });
  t.is((await server.listen(where)).status, SocketStatus.Done);
  const raw = await rawClient(t, where.path);
  await new Promise<void>((resolve) => raw.once('close', () => resolve()));
  t.is(accepts, 1);
  server.setBlocking(false);
  t.is((await server.accept(new TcpSocket())).status, SocketStatus.NotReady);
});

test('UnixSocketAddress: paths, abstract names and misuse', (t) => {
  t.is(String(UnixSocketAddress.abstract('game')), '@game');
  t.is(UnixSocketAddress.abstract('game').path, '\0game');
  t.false(UnixSocketAddress.of('/tmp/a').isAbstract());
  t.throws(() => UnixSocketAddress.of(''), { instanceOf: TypeError });
  t.throws(() => UnixSocketAddress.of('/tmp/a\0b'), { instanceOf: TypeError });
  t.throws(() => UnixSocketAddress.of(`/${'x'.repeat(107)}`), { instanceOf: RangeError });
  t.notThrows(() => UnixSocketAddress.of(`/${'x'.repeat(106)}`));
});

for (const kind of ['path', 'abstract'] as const) {
  for (const blocking of [true, false]) {
    test(`TcpSocket.connect to a Unix ${kind} (${blocking ? 'blocking' : 'non-blocking'}) talks to a TcpListener there`, async (t) => {
      const address = kind === 'path' ? UnixSocketAddress.of(path.join(tempDir(t), 'c.sock')) : UnixSocketAddress.abstract(`sfnet-c-${process.pid}-${Date.now()}-${blocking}`);
      const server = listener(t);
      t.is((await server.listen(address)).status, SocketStatus.Done);
      const client = new TcpSocket();
      const accepted = new TcpSocket();
      t.teardown(() => {
        client.disconnect();
        accepted.disconnect();
      });
      client.setBlocking(blocking);
      let result = await client.connect(address);
      while (result.status === SocketStatus.NotReady) result = await client.connect(address);
      t.is(result.status, SocketStatus.Done);
      t.true(client.getRemotePath()?.equals(address));
      t.is(client.getRemoteAddress(), null);
      t.is((await server.accept(accepted)).status, SocketStatus.Done);
      client.setBlocking(true);
      await client.send(new Packet().writeUint16(515));
      const packet = new Packet();
      t.is((await accepted.receive(packet)).status, SocketStatus.Done);
      t.is(packet.readUint16(), 515);
    });
  }
}

test('a Unix connect where nobody listens is Refused; a denied path opens nothing', async (t) => {
  const dir = tempDir(t);
  const socket = new TcpSocket();
  const missing = await socket.connect(UnixSocketAddress.of(path.join(dir, 'nobody.sock')));
  t.is(missing.status, SocketStatus.Error);
  t.is(missing.error?.kind, 'Refused');
  const where = UnixSocketAddress.of(path.join(dir, 'guarded.sock'));
  const server = listener(t);
  await server.listen(where);
  const guarded = new TcpSocket({ securityManager: new PolicySecurityManager({ paths: { deny: [`${dir}/*`] } }) });
  const denied = await guarded.connect(where);
  t.true(denied.error instanceof SecurityError);
  t.is((denied.error as SecurityError).check, 'connect');
  server.setBlocking(false);
  await new Promise((resolve) => setTimeout(resolve, 30));
  t.is((await server.accept(new TcpSocket())).status, SocketStatus.NotReady, 'nothing reached the listener');
});

test('a non-blocking Unix connect asks checkPath once, not again in the background', async (t) => {
  const where = UnixSocketAddress.of(path.join(tempDir(t), 'once.sock'));
  const server = listener(t);
  await server.listen(where);
  const asked: string[] = [];
  const counting = new PolicySecurityManager({});
  counting.checkPath = (check) => void asked.push(check);
  const client = new TcpSocket({ securityManager: counting });
  t.teardown(() => client.disconnect());
  client.setBlocking(false);
  let result = await client.connect(where);
  while (result.status === SocketStatus.NotReady) result = await client.connect(where);
  t.is(result.status, SocketStatus.Done);
  t.deepEqual(asked, ['connect']);
});
