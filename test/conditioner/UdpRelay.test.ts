/** UdpRelay: forwards both ways between real UDP sockets, per client, through its conditioners. */
import test from 'ava';
import { IpAddress, NodeDatagramTransport, SocketStatus, UdpRelay, UdpSocket } from '../../src/index.js';

async function bound(t: import('ava').ExecutionContext): Promise<UdpSocket> {
  const socket = new UdpSocket();
  t.teardown(() => socket.unbind());
  t.is((await socket.bind(0, IpAddress.LocalHost)).status, SocketStatus.Done);
  return socket;
}

test('relays a datagram to the target and the reply back to the client, one upstream port per client', async (t) => {
  const server = await bound(t);
  const relay = await UdpRelay.start(new NodeDatagramTransport(), { target: { address: '127.0.0.1', port: server.getLocalPort() } });
  t.teardown(() => relay.close());
  const client = await bound(t);
  await client.send(Uint8Array.of(1, 2, 3), IpAddress.LocalHost, relay.port);
  const hello = await server.receive(100);
  t.deepEqual([...hello.data], [1, 2, 3]);
  t.not(hello.port, client.getLocalPort(), 'the server sees the relay');
  await server.send(Uint8Array.of(9), hello.address!, hello.port);
  const reply = await client.receive(100);
  t.deepEqual([...reply.data], [9]);
  t.is(reply.port, relay.port);
  t.is(relay.counts.forward.offered, 1);
  t.is(relay.counts.backward.offered, 1);
});

test('a forward loss of 1 drops everything, seeded; more clients than maxClients are not relayed', async (t) => {
  const server = await bound(t);
  server.setBlocking(false);
  const relay = await UdpRelay.start(new NodeDatagramTransport(), { target: { address: '127.0.0.1', port: server.getLocalPort() }, forward: { loss: 1 }, maxClients: 1 });
  t.teardown(() => relay.close());
  const first = await bound(t);
  const second = await bound(t);
  for (let i = 0; i < 10; i++) await first.send(Uint8Array.of(i), IpAddress.LocalHost, relay.port);
  await second.send(Uint8Array.of(1), IpAddress.LocalHost, relay.port);
  await new Promise((resolve) => setTimeout(resolve, 50));
  t.is((await server.receive(10)).status, SocketStatus.NotReady);
  t.is(relay.counts.forward.lost, 10, 'the second client was never offered: no route for it');
});
