import test from 'ava';
import { IpAddress } from '../../src/address/IpAddress.js';
import { SocketStatus } from '../../src/core/SocketStatus.js';
import { Packet } from '../../src/packet/Packet.js';
import { TcpListener } from '../../src/tcp/TcpListener.js';
import { acceptRaw, pairOn } from '../helpers/loopback.js';

/** A listener on `address` (port 0), closed at teardown. */
async function listenOn(t: Parameters<typeof pairOn>[0], address: IpAddress): Promise<TcpListener> {
  const listener = new TcpListener();
  t.teardown(() => listener.close());
  t.is((await listener.listen(0, address)).status, SocketStatus.Done);
  return listener;
}

const ends = test.macro({
  exec: async (t, listenAddress: string, clientHost: string) => {
    const listener = await listenOn(t, IpAddress.parse(listenAddress));
    const { client, server } = await pairOn(t, listener, clientHost);
    t.true(server.getLocalAddress()?.equals(IpAddress.parse(clientHost)), 'the accepted socket is bound to the address the client reached');
    t.is(server.getLocalPort(), listener.getLocalPort());
    t.true(server.getRemoteAddress()?.equals(IpAddress.parse(clientHost)));
    t.is(server.getRemotePort(), client.getLocalPort());
    t.true(client.getRemoteAddress()?.equals(IpAddress.parse(clientHost)));
    t.is(client.getRemotePort(), server.getLocalPort());
  },
  title: (_, listenAddress, clientHost) => `an accepted socket reports both ends when listening on ${listenAddress} and reached at ${clientHost}`,
});
test(ends, '127.0.0.1', '127.0.0.1');
test(ends, '::1', '::1');
test(ends, '0.0.0.0', '127.0.0.1');
test(ends, '::', '::1');
test(ends, '::', '127.0.0.1');

test('the addresses of an accepted socket first asked for after the peer reset it still describe that connection', async (t) => {
  const listener = await listenOn(t, IpAddress.LocalHost);
  const { raw, server } = await acceptRaw(t, listener);
  const clientPort = raw.localPort as number;
  raw.resetAndDestroy();
  const ended = await server.receive(new Packet());
  t.true(ended.status === SocketStatus.Error || ended.status === SocketStatus.Disconnected);
  t.true(server.getRemoteAddress()?.equals(IpAddress.LocalHost));
  t.is(server.getRemotePort(), clientPort);
  t.true(server.getLocalAddress()?.equals(IpAddress.LocalHost));
  t.is(server.getLocalPort(), listener.getLocalPort());
});

test('the addresses of a socket first asked for after disconnect() describe the last connection', async (t) => {
  const listener = await listenOn(t, IpAddress.LocalHostV6);
  const { raw, server } = await acceptRaw(t, listener, '::1');
  server.disconnect();
  t.true(server.getRemoteAddress()?.equals(IpAddress.LocalHostV6));
  t.is(server.getRemotePort(), raw.localPort as number);
  t.true(server.getLocalAddress()?.equals(IpAddress.LocalHostV6));
  t.is(server.getLocalPort(), listener.getLocalPort());
});
