import test from 'ava';
import { IpAddress } from '../../src/address/IpAddress.js';
import { SocketStatus } from '../../src/core/SocketStatus.js';
import { Packet } from '../../src/packet/Packet.js';
import { PolicySecurityManager } from '../../src/security/PolicySecurityManager.js';
import { SecurityError } from '../../src/security/SecurityError.js';
import { SecurityManager } from '../../src/security/SecurityManager.js';
import { TcpListener } from '../../src/tcp/TcpListener.js';
import { TcpSocket } from '../../src/tcp/TcpSocket.js';
import { HOSTS, listening, rawClient, rawServer, sleep } from '../helpers/loopback.js';

/** A security manager that records every question and denies what `deny` says. */
class Recorder extends SecurityManager {
  readonly asked: string[] = [];
  constructor(private readonly deny: (check: string, address: IpAddress, port: number) => boolean) {
    super();
  }
  override checkConnect(address: IpAddress, port: number): void {
    this.#ask('connect', address, port);
  }
  override checkListen(port: number, address: IpAddress): void {
    this.#ask('listen', address, port);
  }
  override checkAccept(address: IpAddress, port: number): void {
    this.#ask('accept', address, port);
  }
  #ask(check: 'connect' | 'listen' | 'accept', address: IpAddress, port: number): void {
    this.asked.push(`${check} ${address} ${check === 'accept' ? '*' : port}`);
    if (this.deny(check, address, port)) throw new SecurityError(check, address, port);
  }
}

const deniedConnect = test.macro({
  exec: async (t, host: string) => {
  const server = await rawServer(t, host);
  const securityManager = new PolicySecurityManager({ connect: { deny: [host] } });
  const socket = new TcpSocket({ securityManager });
  const result = await socket.connect(IpAddress.parse(host), server.port);
  t.is(result.status, SocketStatus.Error);
  t.true(result.error instanceof SecurityError);
  const error = result.error as SecurityError;
  t.is(error.kind, 'Security');
  t.is(error.check, 'connect');
  t.true(Boolean(error.address?.equals(IpAddress.parse(host))));
  t.is(error.port, server.port);
  await sleep(50);
  t.is(server.sockets.length, 0, 'no connection reached the listener');
  t.false(socket.isConnected());
  t.false(socket.isBound(), 'no socket was opened');
  },
  title: (_, host) => `a denied connect to ${host} opens nothing and returns a SecurityError`,
});
for (const host of HOSTS) test(deniedConnect, host);

test('checkConnect is asked with each resolved address, and a denied one is skipped', async (t) => {
  const server = await rawServer(t, '::1');
  const securityManager = new Recorder((check, address) => check === 'connect' && address.family === 4);
  const socket = new TcpSocket({ securityManager, resolver: { lookup: async () => ['127.0.0.1', '::1'] } });
  t.teardown(() => socket.disconnect());
  const result = await socket.connect('both.test', server.port);
  t.is(result.status, SocketStatus.Done);
  t.deepEqual(securityManager.asked, [`connect 127.0.0.1 ${server.port}`, `connect ::1 ${server.port}`]);
  t.is(String(socket.getRemoteAddress()), '::1');
  await server.next();
  t.is(server.sockets.length, 1);
});

test('a name whose every address is denied opens nothing', async (t) => {
  const server = await rawServer(t);
  const securityManager = new PolicySecurityManager({ connect: { allow: ['10.0.0.0/8'] } });
  const socket = new TcpSocket({ securityManager, resolver: { lookup: async () => ['127.0.0.1', '::ffff:127.0.0.1'] } });
  const result = await socket.connect('loop.test', server.port);
  t.is(result.status, SocketStatus.Error);
  t.true(result.error instanceof SecurityError);
  await sleep(50);
  t.is(server.sockets.length, 0);
});

test('a denied non-blocking connect to an address answers Error at once', async (t) => {
  const server = await rawServer(t);
  const socket = new TcpSocket({ securityManager: new PolicySecurityManager({ connect: { ports: [[1, 1023]] } }) });
  socket.setBlocking(false);
  const result = await socket.connect(IpAddress.LocalHost, server.port);
  t.is(result.status, SocketStatus.Error);
  t.true(result.error instanceof SecurityError);
  await sleep(50);
  t.is(server.sockets.length, 0);
});

test('a denied listen binds nothing', async (t) => {
  const securityManager = new Recorder((check) => check === 'listen');
  const listener = new TcpListener({ securityManager });
  t.teardown(() => listener.close());
  const result = await listener.listen(0, IpAddress.LocalHost);
  t.is(result.status, SocketStatus.Error);
  t.true(result.error instanceof SecurityError);
  t.deepEqual(securityManager.asked, ['listen 127.0.0.1 0']);
  t.false(listener.isListening());
  t.is(listener.getLocalPort(), 0);
});

test('a denied client is closed before accept sees it; an admitted one is accepted', async (t) => {
  const securityManager = new Recorder((check, _address, port) => check === 'accept' && port % 2 === 0);
  const listener = await listening(t, '127.0.0.1', { securityManager });
  listener.setBlocking(false);
  const clients = await Promise.all(Array.from({ length: 6 }, () => rawClient(t, listener.getLocalPort())));
  const denied = clients.filter((c) => (c.localPort as number) % 2 === 0);
  const admitted = clients.filter((c) => (c.localPort as number) % 2 === 1);
  await Promise.all(denied.map((c) => new Promise((resolve) => c.once('end', resolve))));
  const accepted: number[] = [];
  for (let tries = 0; tries < 200 && accepted.length < admitted.length; tries++) {
    const socket = new TcpSocket();
    t.teardown(() => socket.disconnect());
    if ((await listener.accept(socket)).status === SocketStatus.Done) accepted.push(socket.getRemotePort());
    else await sleep(5);
  }
  t.deepEqual(accepted.sort(), admitted.map((c) => c.localPort as number).sort());
  t.is((await listener.accept(new TcpSocket())).status, SocketStatus.NotReady, 'no denied client is ever returned');
  t.is(securityManager.asked.filter((q) => q.startsWith('accept')).length, 6);
});

test('rules cannot be bypassed with an IPv4-mapped IPv6 spelling', async (t) => {
  const server = await rawServer(t);
  const socket = new TcpSocket({ securityManager: new PolicySecurityManager({ connect: { deny: ['127.0.0.0/8'] } }) });
  for (const spelling of ['::ffff:127.0.0.1', '::ffff:7f00:1', '0:0:0:0:0:ffff:127.0.0.1']) {
    const result = await socket.connect(spelling, server.port);
    t.is(result.status, SocketStatus.Error, spelling);
    t.true(result.error instanceof SecurityError, spelling);
  }
  await sleep(50);
  t.is(server.sockets.length, 0);
  const packet = new Packet();
  t.is(packet.getDataSize(), 0);
});
