import test from 'ava';
import { SocketStatus } from '../../src/core/SocketStatus.js';
import { Packet } from '../../src/packet/Packet.js';
import { SocketSelector } from '../../src/selector/SocketSelector.js';
import { FAMILIES, type Family, boundSocket, bytes, loopback, within } from '../udp/udpFixtures.js';
import { connectedPair, listening, rawClient } from '../helpers/loopback.js';

const datagramReady = test.macro({
  exec: async (t, family: Family) => {
    const receiver = await boundSocket(t, family);
    const sender = await boundSocket(t, family);
    const selector = new SocketSelector();
    selector.add(receiver);
    t.false(await selector.wait(30), 'nothing queued: the wait times out');
    const waiting = selector.wait();
    await sender.send(bytes('tick'), loopback(family), receiver.getLocalPort());
    t.true(await within(waiting));
    t.true(selector.isReady(receiver));
    receiver.setBlocking(false);
    const result = await receiver.receive(new Packet());
    t.is(result.status, SocketStatus.Done);
    t.is(result.port, sender.getLocalPort());
    t.false(await selector.wait(30), 'the datagram was taken: not ready any more');
    t.false(selector.isReady(receiver));
  },
  title: (_, family) => `a UdpSocket is ready when a datagram is queued (IPv${family})`,
});
for (const family of FAMILIES) test(datagramReady, family);

test('one selector watches a listener, a TCP socket and a UDP socket together', async (t) => {
  const { listener, client, server } = await connectedPair(t);
  const udp = await boundSocket(t, 4);
  const sender = await boundSocket(t, 4);
  const selector = new SocketSelector();
  for (const member of [listener, server, udp]) selector.add(member);
  await sender.send(bytes('input'), loopback(4), udp.getLocalPort());
  t.true(await within(selector.wait()));
  t.true(selector.isReady(udp));
  t.false(selector.isReady(listener));
  t.false(selector.isReady(server));
  await udp.receive(16);
  await client.send(new Packet().writeString('chat'));
  t.true(await within(selector.wait()));
  t.true(selector.isReady(server));
  t.false(selector.isReady(udp));
  await server.receive(new Packet());
  await rawClient(t, listener.getLocalPort());
  t.true(await within(selector.wait()));
  t.true(selector.isReady(listener));
});

test('a UdpSocket unbound while in a selector is not ready and can be removed', async (t) => {
  const udp = await boundSocket(t, 6);
  const sender = await boundSocket(t, 6);
  const selector = new SocketSelector();
  selector.add(udp);
  await sender.send(bytes('late'), loopback(6), udp.getLocalPort());
  t.true(await within(selector.wait()));
  await udp.unbind();
  t.false(await selector.wait(30), 'an unbound socket has nothing to report');
  selector.remove(udp);
  t.false(selector.isReady(udp));
  const listener = await listening(t);
  selector.add(listener);
  await rawClient(t, listener.getLocalPort());
  t.true(await within(selector.wait()), 'the selector still works for the others');
});
