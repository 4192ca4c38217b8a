import net from 'node:net';
import test, { type ExecutionContext } from 'ava';
import { IpAddress } from '../../src/address/IpAddress.js';
import { SocketStatus } from '../../src/core/SocketStatus.js';
import { Packet } from '../../src/packet/Packet.js';
import { NodeStreamTransport } from '../../src/platform/node/NodeStreamTransport.js';
import { encodeProxyHeader } from '../../src/proxy/encodeProxyHeader.js';
import { ProxyProtocolTransport, type ProxyProtocolOptions } from '../../src/proxy/ProxyProtocolTransport.js';
import { PolicySecurityManager } from '../../src/security/PolicySecurityManager.js';
import type { SecurityManager } from '../../src/security/SecurityManager.js';
import { TcpListener } from '../../src/tcp/TcpListener.js';
import { TcpSocket } from '../../src/tcp/TcpSocket.js';
import { frame, sleep } from '../helpers/loopback.js';
import { acceptWithin } from './accepting.js';

/** A non-blocking listener over a PROXY transport on `host`, closed at teardown. */
async function proxyListener(t: ExecutionContext, options: Partial<ProxyProtocolOptions> = {}, securityManager?: SecurityManager, host = '127.0.0.1'): Promise<TcpListener> {
  const streamTransport = new ProxyProtocolTransport(new NodeStreamTransport(), { trustedProxies: ['127.0.0.1', '::1'], ...options });
  const listener = new TcpListener(securityManager === undefined ? { streamTransport } : { streamTransport, securityManager });
  t.teardown(() => listener.close());
  t.is((await listener.listen(0, host)).status, SocketStatus.Done);
  return listener;
}

/** A raw client that sends `bytes` at once; resolves once connected. */
async function rawClient(t: ExecutionContext, port: number, host = '127.0.0.1'): Promise<net.Socket & { closedAt: Promise<number> }> {
  const socket = net.connect({ host, port });
  t.teardown(() => socket.destroy());
  socket.on('error', () => undefined);
  const closedAt = new Promise<number>((resolve) => socket.once('close', () => resolve(Date.now())));
  await new Promise<void>((resolve, reject) => {
    socket.once('connect', resolve);
    socket.once('error', reject);
  });
  return Object.assign(socket, { closedAt });
}

const hello = (): Buffer => frame(new Packet().writeString('hello after the header').getData());

for (const version of [1, 2] as const) {
  test(`v${version}: the accepted socket reports the client from the header; the proxy's address stays readable; bytes after the header in the same write arrive`, async (t) => {
    const listener = await proxyListener(t);
    const raw = await rawClient(t, listener.getLocalPort());
    const header = encodeProxyHeader({ version, source: { address: '203.0.113.7', port: 51000 }, destination: { address: '192.0.2.1', port: 443 } });
    raw.write(Buffer.concat([header, hello()]));
    const server = await acceptWithin(t, listener, 3000);
    if (server === null) return t.fail('not accepted');
    t.is(String(server.getRemoteAddress()), '203.0.113.7');
    t.is(server.getRemotePort(), 51000);
    t.is(String(server.getLocalAddress()), '127.0.0.1', 'the local end is this host\'s socket');
    const info = server.getProxyInfo();
    t.like(info, { version, command: 'proxy', proxyAddress: '127.0.0.1', proxyPort: raw.localPort, destinationAddress: '192.0.2.1', destinationPort: 443 });
    const packet = new Packet();
    t.is((await server.receive(packet)).status, SocketStatus.Done);
    t.is(packet.readString(), 'hello after the header');
  });
}

test('a header and data written one byte at a time are put together', async (t) => {
  const listener = await proxyListener(t);
  const raw = await rawClient(t, listener.getLocalPort());
  raw.setNoDelay(true);
  const bytes = Buffer.concat([encodeProxyHeader({ version: 2, source: { address: '2001:db8::5', port: 7 }, destination: { address: '2001:db8::1', port: 8 }, checksum: true }), hello()]);
  const accepting = acceptWithin(t, listener, 5000);
  for (const byte of bytes) {
    raw.write(Uint8Array.of(byte));
    await new Promise((resolve) => setImmediate(resolve));
  }
  const server = await accepting;
  if (server === null) return t.fail('not accepted');
  t.is(String(server.getRemoteAddress()), '2001:db8::5');
  t.true(server.getProxyInfo()?.checksummed);
  const packet = new Packet();
  t.is((await server.receive(packet)).status, SocketStatus.Done);
  t.is(packet.readString(), 'hello after the header');
});

test('checkAccept decides on the client from the header: a denied client is closed, an allowed one via the same proxy is accepted', async (t) => {
  // The policy allows the proxy's own address too: only the header's address can make it deny.
  const policy = new PolicySecurityManager({ accept: { allow: ['127.0.0.0/8', '::1', '198.51.100.0/24'], deny: ['198.51.100.66'] } });
  const listener = await proxyListener(t, {}, policy);
  const denied = await rawClient(t, listener.getLocalPort());
  denied.write(encodeProxyHeader({ version: 1, source: { address: '198.51.100.66', port: 4000 }, destination: { address: '127.0.0.1', port: 1 } }));
  await denied.closedAt;
  t.is(await acceptWithin(t, listener, 100), null, 'the denied client never reaches accept');
  const allowed = await rawClient(t, listener.getLocalPort());
  allowed.write(encodeProxyHeader({ version: 1, source: { address: '198.51.100.67', port: 4000 }, destination: { address: '127.0.0.1', port: 1 } }));
  const server = await acceptWithin(t, listener, 3000);
  t.is(String(server?.getRemoteAddress()), '198.51.100.67');
});

test('a peer that is not a trusted proxy is closed before it sends anything, whatever it would send', async (t) => {
  const listener = await proxyListener(t, { trustedProxies: ['10.0.0.0/8'] });
  const raw = await rawClient(t, listener.getLocalPort());
  raw.write(encodeProxyHeader({ version: 2, source: { address: '10.0.0.5', port: 1 }, destination: { address: '10.0.0.1', port: 2 } }));
  await raw.closedAt;
  t.is(await acceptWithin(t, listener, 100), null);
});

test('a missing, malformed or oversized header drops that connection only, at once; a good one after it is accepted', async (t) => {
  const listener = await proxyListener(t, { headerTimeoutMs: 10_000, limits: { maxProxyHeaderSize: 256 } });
  const big = Buffer.from(encodeProxyHeader({ version: 2, source: { address: '10.0.0.5', port: 1 }, destination: { address: '10.0.0.1', port: 2 }, tlvs: [{ type: 0xe0, value: new Uint8Array(300) }] }));
  const hostile = [hello(), Buffer.from('PROXY TCP4 10.0.0.01 10.0.0.1 1 2\r\n'), Buffer.from('GET / HTTP/1.1\r\n\r\n'), big.subarray(0, 16)];
  const started = Date.now();
  for (const bytes of hostile) {
    const raw = await rawClient(t, listener.getLocalPort());
    raw.write(bytes);
    await raw.closedAt;
  }
  t.true(Date.now() - started < 3000, 'closed at once, not after the 10 s header time-out');
  const good = await rawClient(t, listener.getLocalPort());
  good.write(encodeProxyHeader({ version: 1, source: { address: '192.0.2.9', port: 9 }, destination: { address: '127.0.0.1', port: 1 } }));
  const server = await acceptWithin(t, listener, 3000);
  t.is(String(server?.getRemoteAddress()), '192.0.2.9');
  t.is(await acceptWithin(t, listener, 50), null, 'none of the hostile connections was handed out');
});

test('slow loris: a header that never finishes is closed after headerTimeoutMs; at most proxyHeaderQueueSize wait at once', async (t) => {
  const listener = await proxyListener(t, { headerTimeoutMs: 300, limits: { proxyHeaderQueueSize: 2 } });
  const started = Date.now();
  const slow = [await rawClient(t, listener.getLocalPort()), await rawClient(t, listener.getLocalPort())];
  for (const raw of slow) raw.write('PROXY TCP4 10.0.0.5 ');
  await sleep(50);
  const third = await rawClient(t, listener.getLocalPort());
  const thirdClosed = await third.closedAt;
  t.true(thirdClosed - started < 250, 'the connection over the queue bound is closed at once');
  const closed = await Promise.all(slow.map((raw) => raw.closedAt));
  for (const at of closed) {
    t.true(at - started >= 280, `closed by the time-out, not before (${at - started} ms)`);
    t.true(at - started < 2000, `closed within a bounded time (${at - started} ms)`);
  }
  t.is(await acceptWithin(t, listener, 50), null);
});

test("LOCAL (HAProxy's health check) keeps the proxy as the remote end by default, and is closed with local: 'close'", async (t) => {
  const accepting = await proxyListener(t);
  const raw = await rawClient(t, accepting.getLocalPort());
  raw.write(encodeProxyHeader({ version: 2, command: 'local' }));
  const server = await acceptWithin(t, accepting, 3000);
  t.is(String(server?.getRemoteAddress()), '127.0.0.1');
  t.is(server?.getRemotePort(), raw.localPort);
  t.is(server?.getProxyInfo()?.command, 'local');
  const closing = await proxyListener(t, { local: 'close' });
  const check = await rawClient(t, closing.getLocalPort());
  check.write(encodeProxyHeader({ version: 1, command: 'local' }));
  await check.closedAt;
  t.is(await acceptWithin(t, closing, 100), null);
});

test('IPv6 listener: a v2 header from ::1 is read; the proxy address is ::1', async (t) => {
  const listener = await proxyListener(t, {}, undefined, '::1');
  const raw = await rawClient(t, listener.getLocalPort(), '::1');
  raw.write(encodeProxyHeader({ version: 2, source: { address: '2001:db8::77', port: 5 }, destination: { address: '2001:db8::1', port: 6 } }));
  const server = await acceptWithin(t, listener, 3000);
  t.is(String(server?.getRemoteAddress()), '2001:db8::77');
  t.is(server?.getProxyInfo()?.proxyAddress, '::1');
  t.is(IpAddress.parse('::1').family, 6);
});

test('misuse throws: no trusted proxy, a bad entry, a bound out of range', (t) => {
  const inner = new NodeStreamTransport();
  t.throws(() => new ProxyProtocolTransport(inner, { trustedProxies: [] }), { instanceOf: TypeError });
  t.throws(() => new ProxyProtocolTransport(inner, { trustedProxies: ['10.0.0.0/33'] }), { instanceOf: TypeError });
  t.throws(() => new ProxyProtocolTransport(inner, { trustedProxies: ['::1'], headerTimeoutMs: 0 }), { instanceOf: RangeError });
  t.throws(() => new ProxyProtocolTransport(inner, { trustedProxies: ['::1'], limits: { maxProxyHeaderSize: 100 } }), { instanceOf: RangeError });
});

test('a dual-stack listener on :: trusts an IPv4 proxy by its IPv4 entry (node:net reports it IPv4-mapped)', async (t) => {
  const listener = await proxyListener(t, { trustedProxies: ['127.0.0.1'] }, undefined, '::');
  const raw = await rawClient(t, listener.getLocalPort(), '127.0.0.1');
  raw.write(encodeProxyHeader({ version: 1, source: { address: '192.0.2.44', port: 44 }, destination: { address: '192.0.2.1', port: 1 } }));
  const server = await acceptWithin(t, listener, 3000);
  t.is(String(server?.getRemoteAddress()), '192.0.2.44');
  t.is(server?.getProxyInfo()?.proxyAddress, '127.0.0.1', 'the proxy address in the SDK spelling, as IpAddress reads it');
});
