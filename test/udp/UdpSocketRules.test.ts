import 'reflect-metadata';
import test from 'ava';
import type { ExecutionContext } from 'ava';
import { IpAddress } from '../../src/address/IpAddress.js';
import { SocketStatus } from '../../src/core/SocketStatus.js';
import { createContainer } from '../../src/di/createContainer.js';
import { Packet } from '../../src/packet/Packet.js';
import { PolicySecurityManager } from '../../src/security/PolicySecurityManager.js';
import { SecurityError } from '../../src/security/SecurityError.js';
import { Tokens } from '../../src/di/Tokens.js';
import type { DatagramEndpoint, DatagramTransport } from '../../src/transport/DatagramTransport.js';
import { UdpSocket } from '../../src/udp/UdpSocket.js';
import { FAMILIES, type Family, boundSocket, bytes, loopback, sleep, text, unboundSocket, within } from './udpFixtures.js';

/** The loopback broadcast address: Linux routes it on `lo` as `broadcast 127.255.255.255`. */
const LOOPBACK_BROADCAST = IpAddress.parse('127.255.255.255');

/** A receiver on the loopback broadcast address itself, so nothing is bound outside loopback. */
const broadcastReceiver = (t: ExecutionContext): Promise<UdpSocket> => boundSocket(t, 4, undefined, LOOPBACK_BROADCAST);

test('broadcast is off by default and the system refuses it with EACCES', async (t) => {
  const receiver = await broadcastReceiver(t);
  const sender = await boundSocket(t, 4);
  t.false(sender.getBroadcast());
  const refused = await sender.send(bytes('all'), LOOPBACK_BROADCAST, receiver.getLocalPort());
  t.is(refused.status, SocketStatus.Error);
  t.is(refused.sent, 0);
  t.is(refused.error?.kind, 'AccessDenied');
  t.is(refused.error?.code, 'EACCES');
});

test('with setBroadcast(true) a broadcast on 127.255.255.255 is delivered', async (t) => {
  const receiver = await broadcastReceiver(t);
  const sender = await boundSocket(t, 4);
  sender.setBroadcast(true);
  t.true(sender.getBroadcast());
  t.is((await sender.send(bytes('all'), LOOPBACK_BROADCAST, receiver.getLocalPort())).status, SocketStatus.Done);
  const received = await within(receiver.receive(10));
  t.is(text(received.data), 'all');
  t.true(received.address?.equals(IpAddress.LocalHost));
});

test('setBroadcast before bind is applied when the socket is bound, and kept across binds', async (t) => {
  const receiver = await broadcastReceiver(t);
  const sender = unboundSocket(t);
  sender.setBroadcast(true);
  t.is((await sender.bind(0, IpAddress.LocalHost)).status, SocketStatus.Done);
  t.is((await sender.send(bytes('1'), LOOPBACK_BROADCAST, receiver.getLocalPort())).status, SocketStatus.Done);
  t.is((await sender.bind(0, IpAddress.LocalHost)).status, SocketStatus.Done);
  t.is((await sender.send(bytes('2'), LOOPBACK_BROADCAST, receiver.getLocalPort())).status, SocketStatus.Done);
  sender.setBroadcast(false);
  t.is((await sender.send(bytes('3'), LOOPBACK_BROADCAST, receiver.getLocalPort())).error?.code, 'EACCES');
  t.is(text((await within(receiver.receive(10))).data), '1');
  t.is(text((await within(receiver.receive(10))).data), '2');
});

const deniedSend = test.macro({
  async exec(t: ExecutionContext, family: Family) {
    const securityManager = new PolicySecurityManager({ connect: { deny: ['127.0.0.1', '::1'] } });
    const receiver = await boundSocket(t, family);
    const sender = unboundSocket(t, { securityManager });
    for (const data of [bytes('secret'), new Packet().writeString('secret')]) {
      const result = await sender.send(data, loopback(family), receiver.getLocalPort());
      t.is(result.status, SocketStatus.Error);
      t.is(result.sent, 0);
      t.true(result.error instanceof SecurityError);
      t.is((result.error as SecurityError).check, 'connect');
      t.is((result.error as SecurityError).port, receiver.getLocalPort());
    }
    t.false(sender.isBound()); // a denied first send does not even bind
    await sleep(50);
    receiver.setBlocking(false);
    t.is((await receiver.receive(100)).status, SocketStatus.NotReady);
  },
  title: (_given, family: Family) => `a send denied by checkConnect sends nothing (IPv${family})`,
});

const deniedBind = test.macro({
  async exec(t: ExecutionContext, family: Family) {
    const securityManager = new PolicySecurityManager({ listen: { deny: ['127.0.0.0/8', '::1'] } });
    const socket = unboundSocket(t, { securityManager });
    const result = await socket.bind(0, loopback(family));
    t.is(result.status, SocketStatus.Error);
    t.true(result.error instanceof SecurityError);
    t.is((result.error as SecurityError).check, 'listen');
    t.false(socket.isBound());
    t.is(socket.getLocalPort(), 0);
    await t.throwsAsync(() => socket.receive(10), { instanceOf: TypeError });
  },
  title: (_given, family: Family) => `a bind denied by checkListen binds nothing (IPv${family})`,
});

for (const family of FAMILIES) {
  test(deniedSend, family);
  test(deniedBind, family);
}

test('the implicit bind of a first send is asked to checkListen too', async (t) => {
  const receiver = await boundSocket(t, 4);
  const sender = unboundSocket(t, { securityManager: new PolicySecurityManager({ listen: { deny: ['0.0.0.0'] } }) });
  const result = await sender.send(bytes('x'), IpAddress.LocalHost, receiver.getLocalPort());
  t.is((result.error as SecurityError).check, 'listen');
  t.false(sender.isBound());
});

test('a failed bind reports the system error and ends receives that waited for it', async (t) => {
  const taken = await boundSocket(t, 4);
  const socket = unboundSocket(t);
  const binding = socket.bind(taken.getLocalPort(), IpAddress.LocalHost);
  const waiting = socket.receive(10);
  const result = await binding;
  t.is(result.status, SocketStatus.Error);
  t.is(result.error?.kind, 'AddressInUse');
  t.is((await within(waiting)).status, SocketStatus.Disconnected);
  t.false(socket.isBound());
});

test('concurrent first sends share one implicit bind', async (t) => {
  const receiver = await boundSocket(t, 4);
  const sender = unboundSocket(t);
  const results = await Promise.all(['a', 'b', 'c'].map((word) => sender.send(bytes(word), IpAddress.LocalHost, receiver.getLocalPort())));
  t.deepEqual(results.map((result) => result.status), [SocketStatus.Done, SocketStatus.Done, SocketStatus.Done]);
  const ports = new Set<number>();
  for (let i = 0; i < 3; i++) ports.add((await within(receiver.receive(10))).port);
  t.deepEqual([...ports], [sender.getLocalPort()]);
});

test('a send still in the transport when the socket is unbound settles Disconnected', async (t) => {
  let cancel: ((error: Error) => void) | undefined;
  const endpoint: DatagramEndpoint = {
    localAddress: '127.0.0.1',
    localPort: 40000,
    send: () => new Promise<void>((_, reject) => (cancel = reject)),
    setBroadcast: () => undefined,
    close: async () => cancel?.(new Error('closed')),
  };
  const datagramTransport: DatagramTransport = { bind: async () => endpoint };
  const socket = unboundSocket(t, { datagramTransport });
  t.is((await socket.bind(0, IpAddress.LocalHost)).status, SocketStatus.Done);
  const sending = socket.send(bytes('x'), IpAddress.LocalHost, 9);
  await sleep(10);
  await socket.unbind();
  t.deepEqual(await within(sending), { status: SocketStatus.Disconnected, sent: 0, error: undefined });
});

test('misuse throws with the method named', async (t) => {
  const socket = unboundSocket(t);
  const data = bytes('x');
  await t.throwsAsync(() => socket.send('text' as unknown as Uint8Array, IpAddress.LocalHost, 9), { instanceOf: TypeError, message: /^UdpSocket\.send:/ });
  await t.throwsAsync(() => socket.send(data, '', 9), { instanceOf: TypeError, message: /^UdpSocket\.send:/ });
  await t.throwsAsync(() => socket.send(data, 42 as unknown as string, 9), { instanceOf: TypeError });
  await t.throwsAsync(() => socket.send(data, IpAddress.LocalHost, 0), { instanceOf: RangeError, message: /^UdpSocket\.send:/ });
  await t.throwsAsync(() => socket.send(data, IpAddress.LocalHost, 65536), { instanceOf: RangeError });
  await t.throwsAsync(() => socket.send(data, IpAddress.LocalHost, '9' as unknown as number), { instanceOf: TypeError });
  await t.throwsAsync(() => socket.bind(-1), { instanceOf: RangeError, message: /^UdpSocket\.bind:/ });
  await t.throwsAsync(() => socket.bind(0, 'localhost'), { instanceOf: TypeError, message: /^UdpSocket\.bind: "localhost" is not/ });
  t.throws(() => socket.setBroadcast('yes' as unknown as boolean), { instanceOf: TypeError, message: /^UdpSocket\.setBroadcast:/ });
  await t.throwsAsync(() => socket.receive(10), { instanceOf: TypeError, message: /^UdpSocket\.receive: the socket is not bound/ });
  t.false(socket.isBound());
});

test('receive checks its argument before anything else', async (t) => {
  const socket = await boundSocket(t, 4);
  await t.throwsAsync(() => socket.receive(0), { instanceOf: RangeError, message: /^UdpSocket\.receive: maxBytes 0/ });
  await t.throwsAsync(() => socket.receive(1.5), { instanceOf: RangeError });
  await t.throwsAsync(() => socket.receive('10' as unknown as number), { instanceOf: TypeError });
});

test('the container makes UdpSockets wired with its services', async (t) => {
  const container = createContainer({ securityManager: new PolicySecurityManager({ listen: { deny: ['127.0.0.1'] } }) });
  const a = container.get(UdpSocket);
  const b = container.get<UdpSocket>(Tokens.UdpSocket);
  t.true(a instanceof UdpSocket);
  t.true(b instanceof UdpSocket);
  t.not(a, b);
  t.teardown(() => Promise.all([a.unbind(), b.unbind()]));
  const denied = await a.bind(0, IpAddress.LocalHost);
  t.true(denied.error instanceof SecurityError);
  t.is((await b.bind(0, IpAddress.LocalHostV6)).status, SocketStatus.Done);
});

test('unbound sockets report no port, no address and no broadcast', (t) => {
  const socket = new UdpSocket();
  t.is(socket.getLocalPort(), 0);
  t.is(socket.getLocalAddress(), null);
  t.false(socket.getBroadcast());
  t.false(socket.isBound());
  t.true(socket.isBlocking());
  t.is(socket.getDroppedCount(), 0);
});
