/** `UdpSocket.connect`: java.net's connected `DatagramSocket` over loopback, on both families. */
import 'reflect-metadata';
import test from 'ava';
import type { ExecutionContext } from 'ava';
import { IpAddress } from '../../src/address/IpAddress.js';
import { SocketStatus } from '../../src/core/SocketStatus.js';
import { Packet } from '../../src/packet/Packet.js';
import { PolicySecurityManager } from '../../src/security/PolicySecurityManager.js';
import { SecurityError } from '../../src/security/SecurityError.js';
import { SecurityManager } from '../../src/security/SecurityManager.js';
import type { Logger } from '../../src/services/Logger.js';
import type { DatagramEndpoint, DatagramHandler, DatagramTransport } from '../../src/transport/DatagramTransport.js';
import { UdpSocket } from '../../src/udp/UdpSocket.js';
import { FAMILIES, type Family, boundSocket, bytes, loopback, sleep, text, unboundSocket, within } from './udpFixtures.js';

/** Counts the checks it is asked (and allows them all). */
class CountingSecurityManager extends SecurityManager {
  connects = 0;
  accepts = 0;
  override checkConnect(): void {
    this.connects++;
  }
  override checkAccept(): void {
    this.accepts++;
  }
}

/** The text of the next datagram `socket` receives, and its sender's port (bounded wait). */
async function next(socket: UdpSocket): Promise<{ text: string; port: number }> {
  const { status, data, port } = await within(socket.receive(UdpSocket.MaxDatagramSizeV6));
  if (status !== SocketStatus.Done) throw new Error(`receive: ${status}`);
  return { text: text(data), port };
}

const connectMacro = test.macro({
  async exec(t: ExecutionContext, family: Family) {
    const server = await boundSocket(t, family);
    const client = unboundSocket(t);
    t.false(client.isConnected());
    t.is(client.getRemoteAddress(), null);
    t.is(client.getRemotePort(), 0);
    t.is((await client.connect(loopback(family), server.getLocalPort())).status, SocketStatus.Done);
    t.true(client.isBound(), 'connect binds an unbound socket');
    t.true(client.isConnected());
    t.true(client.getRemoteAddress()?.equals(loopback(family)));
    t.is(client.getRemotePort(), server.getLocalPort());
    t.is((await client.send(new Packet().append(bytes('ping')))).sent, 4);
    t.is((await client.send(bytes('named'), loopback(family), server.getLocalPort())).status, SocketStatus.Done, 'naming the peer is allowed');
    const first = await next(server);
    t.deepEqual(first, { text: 'ping', port: client.getLocalPort() });
    t.is((await next(server)).text, 'named');
    t.is((await server.send(bytes('pong'), loopback(family), client.getLocalPort())).status, SocketStatus.Done);
    t.deepEqual(await next(client), { text: 'pong', port: server.getLocalPort() });
  },
  title: (_given, family: Family) => `a connected socket sends to and hears from its peer (IPv${family})`,
});
for (const family of FAMILIES) test(connectMacro, family);

test('a connected socket discards datagrams from anyone but its peer', async (t) => {
  const peer = await boundSocket(t, 4);
  const stranger = await boundSocket(t, 4);
  const client = await boundSocket(t, 4);
  t.is((await client.connect(IpAddress.LocalHost, peer.getLocalPort())).status, SocketStatus.Done);
  t.is((await stranger.send(bytes('stranger'), IpAddress.LocalHost, client.getLocalPort())).status, SocketStatus.Done);
  t.is((await peer.send(bytes('peer'), IpAddress.LocalHost, client.getLocalPort())).status, SocketStatus.Done);
  t.deepEqual(await next(client), { text: 'peer', port: peer.getLocalPort() });
  await sleep(20);
  client.setBlocking(false);
  t.is((await client.receive(16)).status, SocketStatus.NotReady, 'the stranger was not queued');
  client.setBlocking(true);
  const port = client.getLocalPort();
  client.disconnect();
  t.false(client.isConnected());
  t.is(client.getRemoteAddress(), null);
  t.is(client.getLocalPort(), port, 'the local port is kept (Linux lets it go; the socket is bound there again)');
  t.is((await stranger.send(bytes('again'), IpAddress.LocalHost, client.getLocalPort())).status, SocketStatus.Done);
  t.deepEqual(await next(client), { text: 'again', port: stranger.getLocalPort() });
  t.is((await client.send(bytes('anywhere'), IpAddress.LocalHost, stranger.getLocalPort())).status, SocketStatus.Done);
  t.is((await next(stranger)).text, 'anywhere');
});

test('connect asks checkConnect and checkAccept once; no check per datagram afterwards', async (t) => {
  const securityManager = new CountingSecurityManager();
  const peer = await boundSocket(t, 4);
  const client = unboundSocket(t, { securityManager });
  t.is((await client.connect(IpAddress.LocalHost, peer.getLocalPort())).status, SocketStatus.Done);
  t.deepEqual([securityManager.connects, securityManager.accepts], [1, 1]);
  for (const word of ['a', 'b', 'c']) t.is((await client.send(bytes(word))).status, SocketStatus.Done);
  for (const word of ['a', 'b', 'c']) t.is((await next(peer)).text, word);
  await peer.send(bytes('reply'), IpAddress.LocalHost, client.getLocalPort());
  t.is((await next(client)).text, 'reply');
  t.deepEqual([securityManager.connects, securityManager.accepts], [1, 1]);
  client.disconnect();
  await client.send(bytes('d'), IpAddress.LocalHost, peer.getLocalPort());
  t.is(securityManager.connects, 2, 'checked per datagram again once disconnected');
});

test('a denied connect connects nothing, and an unbound socket stays unbound', async (t) => {
  const peer = await boundSocket(t, 4);
  const refused = unboundSocket(t, { securityManager: new PolicySecurityManager({ connect: { deny: ['127.0.0.1'] } }) });
  const denied = await refused.connect(IpAddress.LocalHost, peer.getLocalPort());
  t.is(denied.status, SocketStatus.Error);
  t.true(denied.error instanceof SecurityError);
  t.false(refused.isConnected());
  t.false(refused.isBound());
  const unheard = unboundSocket(t, { securityManager: new PolicySecurityManager({ accept: { deny: ['127.0.0.1'] } }) });
  const notAccepted = await unheard.connect(IpAddress.LocalHost, peer.getLocalPort());
  t.true(notAccepted.error instanceof SecurityError, 'checkAccept is asked too');
  t.false(unheard.isConnected());
});

test('misuse of a connected or unconnected socket throws', async (t) => {
  const peer = await boundSocket(t, 4);
  const other = await boundSocket(t, 4);
  const client = await boundSocket(t, 4);
  await t.throwsAsync(() => client.send(bytes('x')), { instanceOf: TypeError, message: /^UdpSocket\.send: no destination given, and the socket is not connected/ });
  await t.throwsAsync(() => client.connect('', 9), { instanceOf: TypeError, message: /^UdpSocket\.connect:/ });
  await t.throwsAsync(() => client.connect(IpAddress.LocalHost, 0), { instanceOf: RangeError, message: /^UdpSocket\.connect:/ });
  t.is((await client.connect(IpAddress.LocalHost, peer.getLocalPort())).status, SocketStatus.Done);
  await t.throwsAsync(() => client.send(bytes('x'), IpAddress.LocalHost, other.getLocalPort()), { instanceOf: TypeError, message: /connected to 127\.0\.0\.1:\d+ and sends only there/ });
  await t.throwsAsync(() => client.send(bytes('x'), 'localhost', peer.getLocalPort()), { instanceOf: TypeError });
  t.is((await client.send(bytes('ok'), '127.0.0.1', peer.getLocalPort())).status, SocketStatus.Done, 'the peer as a literal');
});

test('connecting again replaces the peer; unbind forgets it', async (t) => {
  const first = await boundSocket(t, 4);
  const second = await boundSocket(t, 4);
  const client = await boundSocket(t, 4);
  await client.connect(IpAddress.LocalHost, first.getLocalPort());
  await client.connect(IpAddress.LocalHost, second.getLocalPort());
  t.is(client.getRemotePort(), second.getLocalPort());
  await client.send(bytes('to second'));
  t.is((await next(second)).text, 'to second');
  await client.unbind();
  t.false(client.isConnected());
  t.is(client.getRemotePort(), 0);
  await t.throwsAsync(() => client.send(bytes('x')), { instanceOf: TypeError });
});

test("the peer's closed port: sends answer Done and the refusals go to the logger at debug level", async (t) => {
  const gone = await boundSocket(t, 4);
  const port = gone.getLocalPort();
  await gone.unbind();
  const seen: Array<{ level: string; code: unknown }> = [];
  const logger: Logger = { debug: (_m, fields) => seen.push({ level: 'debug', code: fields?.['code'] }), warn: (_m, fields) => seen.push({ level: 'warn', code: fields?.['code'] }) };
  const client = unboundSocket(t, { logger });
  t.is((await client.connect(IpAddress.LocalHost, port)).status, SocketStatus.Done);
  t.is((await client.send(bytes('anyone?'))).status, SocketStatus.Done);
  for (let i = 0; i < 100 && seen.length === 0; i++) await sleep(5);
  t.deepEqual(seen[0], { level: 'debug', code: 'ECONNREFUSED' });
  t.false(seen.some((entry) => entry.level === 'warn'));
});

test('an endpoint without a connect of its own: the socket names the peer on each send and filters what arrives', async (t) => {
  const calls: Array<[string, number]> = [];
  let handler: DatagramHandler | undefined;
  const endpoint: DatagramEndpoint = {
    localAddress: '127.0.0.1',
    localPort: 40000,
    send: async (_data, address, port) => void calls.push([address, port]),
    setBroadcast: () => undefined,
    close: async () => undefined,
  };
  const datagramTransport: DatagramTransport = {
    bind: async (_options, given) => {
      handler = given;
      return endpoint;
    },
  };
  const client = unboundSocket(t, { datagramTransport });
  t.is((await client.connect(IpAddress.LocalHost, 9)).status, SocketStatus.Done);
  t.is((await client.send(bytes('x'))).status, SocketStatus.Done);
  t.deepEqual(calls, [['127.0.0.1', 9]]);
  handler?.message(bytes('other port'), '127.0.0.1', 10);
  handler?.message(bytes('other host'), '::1', 9);
  handler?.message(bytes('the peer'), '127.0.0.1', 9);
  t.deepEqual(await next(client), { text: 'the peer', port: 9 });
  client.setBlocking(false);
  t.is((await client.receive(16)).status, SocketStatus.NotReady);
});

test('the broadcast setting and the port survive a disconnect', async (t) => {
  const receiver = await boundSocket(t, 4, undefined, IpAddress.parse('127.255.255.255'));
  const peer = await boundSocket(t, 4);
  const client = await boundSocket(t, 4);
  client.setBroadcast(true);
  await client.connect(IpAddress.LocalHost, peer.getLocalPort());
  client.disconnect();
  const sending = client.send(bytes('all'), IpAddress.parse('127.255.255.255'), receiver.getLocalPort()); // while binding again
  t.is((await within(sending)).status, SocketStatus.Done);
  t.deepEqual(await next(receiver), { text: 'all', port: client.getLocalPort() });
  client.setBroadcast(false);
  t.is((await client.send(bytes('none'), IpAddress.parse('127.255.255.255'), receiver.getLocalPort())).error?.code, 'EACCES');
});
