import test, { type ExecutionContext } from 'ava';
import { IpAddress } from '../../src/address/IpAddress.js';
import { SocketStatus } from '../../src/core/SocketStatus.js';
import { Packet } from '../../src/packet/Packet.js';
import { NodeStreamTransport } from '../../src/platform/node/NodeStreamTransport.js';
import { ProxyProtocolTransport } from '../../src/proxy/ProxyProtocolTransport.js';
import { PolicySecurityManager } from '../../src/security/PolicySecurityManager.js';
import { TcpListener } from '../../src/tcp/TcpListener.js';
import { TcpSocket } from '../../src/tcp/TcpSocket.js';
import { acceptWithin } from './accepting.js';
import { freePort, hasHaproxy, startHaproxy, tcpConfig } from './haproxy.js';

// The real HAProxy 2.6 in front of a TcpListener over ProxyProtocolTransport. Missing HAProxy
// fails in CI (.ci/run installs it) and skips elsewhere.
const it = hasHaproxy || process.env.CI === 'true' ? test.serial : test.skip;

/** A listener behind HAProxy: the PROXY transport trusts loopback, `policy` decides on clients. */
async function backend(t: ExecutionContext, policy: PolicySecurityManager): Promise<TcpListener> {
  const streamTransport = new ProxyProtocolTransport(new NodeStreamTransport(), { trustedProxies: ['127.0.0.1'] });
  const listener = new TcpListener({ streamTransport, securityManager: policy });
  t.teardown(() => listener.close());
  t.is((await listener.listen(0, IpAddress.LocalHost)).status, SocketStatus.Done);
  return listener;
}

async function connect(t: ExecutionContext, host: string, port: number): Promise<TcpSocket> {
  const client = new TcpSocket();
  t.teardown(() => client.disconnect());
  const connected = await client.connect(IpAddress.parse(host), port);
  t.is(connected.status, SocketStatus.Done, `connect to HAProxy on ${host}`);
  return client;
}

for (const mode of ['send-proxy', 'send-proxy-v2'] as const) {
  it(`HAProxy ${mode}: IPv4 and IPv6 clients are seen as themselves (address and port); checkAccept denies the IPv6 client by the address in the header`, async (t) => {
    if (!hasHaproxy) return t.fail('haproxy is missing: .ci/run installs it');
    // HAProxy reaches the backend from 127.0.0.1, which the policy allows: only the header's
    // address (::1 for the IPv6 client) can make it deny.
    const listener = await backend(t, new PolicySecurityManager({ accept: { allow: ['127.0.0.1', '::1'], deny: ['::1'] } }));
    const [port4, port6] = [await freePort('127.0.0.1'), await freePort('::1')];
    await startHaproxy(t, tcpConfig([`127.0.0.1:${port4}`, `[::1]:${port6}`], [{ host: '127.0.0.1', port: listener.getLocalPort(), options: mode }]));

    const client4 = await connect(t, '127.0.0.1', port4);
    t.true((await client4.send(new Packet().writeString('from v4'))).status === SocketStatus.Done);
    const server4 = await acceptWithin(t, listener, 5000);
    if (server4 === null) return t.fail('the IPv4 client was not accepted');
    t.is(String(server4.getRemoteAddress()), '127.0.0.1');
    t.is(server4.getRemotePort(), client4.getLocalPort(), "the client's own port, not HAProxy's outgoing one");
    const info = server4.getProxyInfo();
    t.is(info?.version, mode === 'send-proxy' ? 1 : 2);
    t.is(info?.proxyAddress, '127.0.0.1');
    t.not(info?.proxyPort, client4.getLocalPort());
    t.is(info?.destinationPort, port4);
    const packet = new Packet();
    t.is((await server4.receive(packet)).status, SocketStatus.Done);
    t.is(packet.readString(), 'from v4');
    t.is((await server4.send(new Packet().writeString('back'))).status, SocketStatus.Done);
    t.is((await client4.receive(packet)).status, SocketStatus.Done);
    t.is(packet.readString(), 'back');

    const client6 = await connect(t, '::1', port6);
    await client6.send(new Packet().writeString('from v6'));
    t.is(await acceptWithin(t, listener, 500), null, 'the IPv6 client (::1 in the header) is denied and never accepted');
    t.is((await client6.receive(packet)).status, SocketStatus.Disconnected, 'HAProxy passes the close on to the denied client');
  });
}

it('HAProxy send-proxy-v2 with the policy allowing ::1: the IPv6 client is seen as ::1 with its port', async (t) => {
  if (!hasHaproxy) return t.fail('haproxy is missing: .ci/run installs it');
  const listener = await backend(t, new PolicySecurityManager({ accept: { allow: ['127.0.0.1', '::1'] } }));
  const port6 = await freePort('::1');
  await startHaproxy(t, tcpConfig([`[::1]:${port6}`], [{ host: '127.0.0.1', port: listener.getLocalPort(), options: 'send-proxy-v2' }]));
  const client6 = await connect(t, '::1', port6);
  const server6 = await acceptWithin(t, listener, 5000);
  t.is(String(server6?.getRemoteAddress()), '::1');
  t.is(server6?.getRemotePort(), client6.getLocalPort());
  t.like(server6?.getProxyInfo(), { family: 'tcp6', destinationAddress: '::1', destinationPort: port6, proxyAddress: '127.0.0.1' });
});

it("HAProxy's health checks with send-proxy-v2 arrive as LOCAL: accepted with the proxy as the remote end, or closed with local: 'close'", async (t) => {
  if (!hasHaproxy) return t.fail('haproxy is missing: .ci/run installs it');
  const listener = await backend(t, new PolicySecurityManager({ accept: { allow: ['127.0.0.1'] } }));
  const port4 = await freePort();
  await startHaproxy(t, tcpConfig([`127.0.0.1:${port4}`], [{ host: '127.0.0.1', port: listener.getLocalPort(), options: 'send-proxy-v2 check inter 100' }]));
  const check = await acceptWithin(t, listener, 5000);
  if (check === null) return t.fail('no health check arrived');
  t.like(check.getProxyInfo(), { version: 2, command: 'local', family: 'unknown', sourceAddress: null });
  t.is(String(check.getRemoteAddress()), '127.0.0.1', "a LOCAL connection's remote end is the proxy");
  t.is(check.getRemotePort(), check.getProxyInfo()?.proxyPort ?? -1);

  const closing = new TcpListener({
    streamTransport: new ProxyProtocolTransport(new NodeStreamTransport(), { trustedProxies: ['127.0.0.1'], local: 'close' }),
  });
  t.teardown(() => closing.close());
  t.is((await closing.listen(0, IpAddress.LocalHost)).status, SocketStatus.Done);
  const other = await freePort();
  await startHaproxy(t, tcpConfig([`127.0.0.1:${other}`], [{ host: '127.0.0.1', port: closing.getLocalPort(), options: 'send-proxy-v2 check inter 100' }]));
  t.is(await acceptWithin(t, closing, 600), null, "with local: 'close' no health check is handed out");
  const player = await connect(t, '127.0.0.1', other);
  const server = await acceptWithin(t, closing, 5000);
  t.is(server?.getRemotePort(), player.getLocalPort(), 'while players still are');
});
