import test from 'ava';
import type { ExecutionContext } from 'ava';
import { IpAddress } from '../../src/address/IpAddress.js';
import { SocketStatus } from '../../src/core/SocketStatus.js';
import { Packet } from '../../src/packet/Packet.js';
import { UdpSocket } from '../../src/udp/UdpSocket.js';
import { FAMILIES, type Family, boundSocket, bytes, loopback, settled, sleep, text, unboundSocket, within } from './udpFixtures.js';

/** A test run once per address family, titled with it. */
function perFamily(title: string, exec: (t: ExecutionContext, family: Family) => Promise<void>): void {
  const macro = test.macro({ exec, title: (_given, family: Family) => `${title} (IPv${family})` });
  for (const family of FAMILIES) test(macro, family);
}

perFamily('binds to a free port and unbinds', async (t, family) => {
  const socket = await boundSocket(t, family);
  t.true(socket.isBound());
  t.true(socket.getLocalPort() > 0);
  t.true(socket.getLocalAddress()?.equals(loopback(family)));
  await socket.unbind();
  t.false(socket.isBound());
  t.is(socket.getLocalPort(), 0);
  t.is(socket.getLocalAddress(), null);
});

perFamily('sends and receives bytes with the sender reported', async (t, family) => {
  const [sender, receiver] = [await boundSocket(t, family), await boundSocket(t, family)];
  const sent = await sender.send(bytes('hello'), loopback(family), receiver.getLocalPort());
  t.deepEqual(sent, { status: SocketStatus.Done, sent: 5 });
  const received = await within(receiver.receive(100));
  t.is(received.status, SocketStatus.Done);
  t.is(text(received.data), 'hello');
  t.is(received.data.constructor, Uint8Array, 'a plain Uint8Array, not a Buffer');
  t.true(received.address?.equals(loopback(family)));
  t.is(received.port, sender.getLocalPort());
  const waiting = receiver.receive(100); // waits: nothing is queued
  await sender.send(bytes('again'), loopback(family), receiver.getLocalPort());
  const delivered = await within(waiting);
  t.is(text(delivered.data), 'again');
  t.is(delivered.data.constructor, Uint8Array, 'a plain Uint8Array to a waiting receive too');
});

perFamily('a packet travels as exactly its payload, with no size prefix', async (t, family) => {
  const [sender, receiver] = [await boundSocket(t, family), await boundSocket(t, family)];
  const packet = new Packet().writeString('state');
  t.is((await sender.send(packet, loopback(family), receiver.getLocalPort())).sent, packet.getDataSize());
  t.deepEqual((await within(receiver.receive(100))).data, packet.getData());
  await sender.send(packet, loopback(family).toString(), receiver.getLocalPort());
  const into = new Packet().writeString('old content');
  const result = await within(receiver.receive(into));
  t.deepEqual(result, { status: SocketStatus.Done, address: loopback(family), port: sender.getLocalPort() });
  t.is(into.readString(), 'state');
  t.is(into.getDataSize(), packet.getDataSize());
});

perFamily('packets from two senders in turn each report their own sender', async (t, family) => {
  const receiver = await boundSocket(t, family);
  const senders = [await boundSocket(t, family), await boundSocket(t, family)];
  const packet = new Packet();
  for (let round = 0; round < 6; round++) {
    const sender = senders[round % 2] as UdpSocket;
    t.is((await sender.send(new Packet().writeUint8(round), loopback(family), receiver.getLocalPort())).status, SocketStatus.Done);
    const { status, address, port } = await within(receiver.receive(packet));
    t.is(status, SocketStatus.Done);
    t.true(address?.equals(loopback(family)));
    t.is(port, sender.getLocalPort(), `round ${round}`);
    t.is(packet.readUint8(), round);
  }
});

perFamily('many sends in flight at once all settle Done, in order, and all arrive', async (t, family) => {
  const [sender, receiver] = [await boundSocket(t, family), await boundSocket(t, family)];
  const sizes = Array.from({ length: 50 }, (_, i) => 1 + i);
  const results = await Promise.all(sizes.map((size) => sender.send(new Uint8Array(size), loopback(family), receiver.getLocalPort())));
  t.deepEqual(
    results.map((result) => [result.status, result.sent]),
    sizes.map((size) => [SocketStatus.Done, size]),
  );
  const received = [];
  for (const _ of sizes) received.push((await within(receiver.receive(100))).data.length);
  t.deepEqual(received, sizes);
});

perFamily('an unbound socket binds itself on its first send and gets the reply', async (t, family) => {
  const server = await boundSocket(t, family);
  const client = unboundSocket(t);
  t.false(client.isBound());
  t.is((await client.send(bytes('ping'), loopback(family), server.getLocalPort())).status, SocketStatus.Done);
  t.true(client.isBound());
  t.is(client.getLocalAddress()?.family, family);
  t.true(client.getLocalAddress()?.isUnspecified()); // the "any" address, as the system would pick
  const ping = await within(server.receive(10));
  t.is(ping.port, client.getLocalPort());
  await server.send(bytes('pong'), ping.address as IpAddress, ping.port);
  t.is(text((await within(client.receive(10))).data), 'pong');
});

perFamily('non-blocking receive answers NotReady at once when nothing is queued', async (t, family) => {
  const socket = await boundSocket(t, family);
  socket.setBlocking(false);
  t.deepEqual(await socket.receive(10), { status: SocketStatus.NotReady, data: new Uint8Array(0), address: null, port: 0 });
  const packet = new Packet().writeString('kept');
  const result = await socket.receive(packet);
  t.is(result.status, SocketStatus.NotReady);
  t.is(result.address, null);
  t.is(packet.readString(), 'kept');
});

perFamily('a blocking receive waits for the next datagram', async (t, family) => {
  const [sender, receiver] = [await boundSocket(t, family), await boundSocket(t, family)];
  let settledEarly = false;
  const waiting = receiver.receive(10).finally(() => (settledEarly = true));
  await sleep(20);
  t.false(settledEarly);
  await sender.send(bytes('late'), loopback(family), receiver.getLocalPort());
  t.is(text((await within(waiting)).data), 'late');
});

perFamily('concurrent blocking receives are served in call order', async (t, family) => {
  const [sender, receiver] = [await boundSocket(t, family), await boundSocket(t, family)];
  const packet = new Packet();
  const waits = Promise.all([receiver.receive(10), receiver.receive(packet), receiver.receive(10)]);
  for (const word of ['a', 'b', 'c']) await sender.send(bytes(word), loopback(family), receiver.getLocalPort());
  const [first, second, third] = await within(waits);
  t.is(text(first.data), 'a');
  t.is(second.status, SocketStatus.Done);
  t.is(text(packet.getData()), 'b');
  t.is(text(third.data), 'c');
});

perFamily('a packet whose clear() throws is left invalid: waiting and at-once receives still answer Done, and the next datagram reads whole', async (t, family) => {
  const [sender, receiver] = [await boundSocket(t, family), await boundSocket(t, family)];
  let armed = true;
  const broken = new (class extends Packet {
    override clear(): void {
      if (armed) throw new RangeError('this packet refuses to be cleared');
      super.clear();
    }
  })();
  const waiting = receiver.receive(broken);
  await sender.send(bytes('first'), loopback(family), receiver.getLocalPort());
  t.is((await within(waiting)).status, SocketStatus.Done, 'a waiting receive');
  t.false(broken.isValid());
  await sender.send(bytes('queued'), loopback(family), receiver.getLocalPort());
  await settled(receiver);
  t.is((await receiver.receive(broken)).status, SocketStatus.Done, 'a receive that finds the datagram queued');
  t.false(broken.isValid());
  armed = false;
  const next = receiver.receive(10);
  await sender.send(bytes('second'), loopback(family), receiver.getLocalPort());
  t.is(text((await within(next)).data), 'second');
});

perFamily('a full queue drops the oldest datagram and counts it', async (t, family) => {
  const sender = await boundSocket(t, family);
  const receiver = await boundSocket(t, family, { limits: { datagramQueueSize: 3 } });
  for (let i = 0; i < 5; i++) await sender.send(Uint8Array.of(i), loopback(family), receiver.getLocalPort());
  await settled(receiver, 2);
  t.is(receiver.getDroppedCount(), 2);
  t.true(receiver.readiness.ready);
  receiver.setBlocking(false);
  const kept = [];
  for (let i = 0; i < 3; i++) kept.push((await receiver.receive(10)).data[0]);
  t.deepEqual(kept, [2, 3, 4]);
  t.false(receiver.readiness.ready);
  t.is((await receiver.receive(10)).status, SocketStatus.NotReady);
});

perFamily('an empty datagram is sent and received', async (t, family) => {
  const [sender, receiver] = [await boundSocket(t, family), await boundSocket(t, family)];
  t.deepEqual(await sender.send(new Uint8Array(0), loopback(family), receiver.getLocalPort()), { status: SocketStatus.Done, sent: 0 });
  const received = await within(receiver.receive(10));
  t.is(received.status, SocketStatus.Done);
  t.is(received.data.length, 0);
  await sender.send(new Packet(), loopback(family), receiver.getLocalPort());
  const packet = new Packet().writeString('replaced');
  t.is((await within(receiver.receive(packet))).status, SocketStatus.Done);
  t.is(packet.getDataSize(), 0);
});

perFamily('the largest datagram goes through; one byte more is refused and nothing is sent', async (t, family) => {
  const max = family === 4 ? UdpSocket.MaxDatagramSize : UdpSocket.MaxDatagramSizeV6;
  t.is(max, family === 4 ? 65507 : 65527);
  const [sender, receiver] = [await boundSocket(t, family), await boundSocket(t, family)];
  const big = new Uint8Array(max).fill(7);
  t.deepEqual(await sender.send(big, loopback(family), receiver.getLocalPort()), { status: SocketStatus.Done, sent: max });
  const received = await within(receiver.receive(max));
  t.is(received.data.length, max);
  const refused = await sender.send(new Packet().append(new Uint8Array(max + 1)), loopback(family), receiver.getLocalPort());
  t.is(refused.status, SocketStatus.Error);
  t.is(refused.sent, 0);
  t.is(refused.error?.kind, 'TooLarge');
  await sleep(50);
  receiver.setBlocking(false);
  t.is((await receiver.receive(max + 1)).status, SocketStatus.NotReady);
});

perFamily('a datagram larger than maxBytes is refused whole and the next one still arrives', async (t, family) => {
  const [sender, receiver] = [await boundSocket(t, family), await boundSocket(t, family)];
  await sender.send(bytes('too long'), loopback(family), receiver.getLocalPort());
  await sender.send(bytes('ok'), loopback(family), receiver.getLocalPort());
  const refused = await within(receiver.receive(4));
  t.is(refused.status, SocketStatus.Error);
  t.is(refused.error?.kind, 'TooLarge');
  t.is(refused.data.length, 0);
  t.is(refused.port, sender.getLocalPort());
  t.is(text((await within(receiver.receive(4))).data), 'ok');
  t.is(receiver.getDroppedCount(), 0);
});

perFamily('unbind ends a waiting receive with Disconnected; a later receive throws', async (t, family) => {
  const socket = await boundSocket(t, family);
  const waiting = socket.receive(10);
  await socket.unbind();
  const ended = await within(waiting);
  t.is(ended.status, SocketStatus.Disconnected);
  await t.throwsAsync(() => socket.receive(10), { instanceOf: TypeError, message: /UdpSocket\.receive: the socket is not bound/ });
});

perFamily('rebinding releases the previous port', async (t, family) => {
  const socket = await boundSocket(t, family);
  const first = socket.getLocalPort();
  t.is((await socket.bind(0, loopback(family))).status, SocketStatus.Done);
  t.true(socket.isBound());
  const other = unboundSocket(t);
  t.is((await other.bind(first, loopback(family))).status, SocketStatus.Done);
});

test('a socket bound to :: also exchanges datagrams with IPv4 peers (dual-stack)', async (t) => {
  const dual = await boundSocket(t, 6, undefined, IpAddress.AnyV6);
  const peer = await boundSocket(t, 4);
  await peer.send(bytes('v4'), IpAddress.LocalHost, dual.getLocalPort());
  const received = await within(dual.receive(10));
  t.true(received.address?.equals(IpAddress.LocalHost)); // ::ffff:127.0.0.1 arrives as the IPv4 address
  t.is((await dual.send(bytes('back'), IpAddress.LocalHost, peer.getLocalPort())).status, SocketStatus.Done);
  t.is(text((await within(peer.receive(10))).data), 'back');
});

test('a host name is resolved to the first address the bound family can reach', async (t) => {
  const resolver = { lookup: async (name: string) => (name === 'game.test' ? ['::1', '127.0.0.1'] : []) };
  const receiver = await boundSocket(t, 4);
  const sender = await boundSocket(t, 4, { resolver });
  t.is((await sender.send(bytes('by name'), 'game.test', receiver.getLocalPort())).status, SocketStatus.Done);
  t.is(text((await within(receiver.receive(10))).data), 'by name');
  const unknown = await sender.send(bytes('x'), 'nowhere.test', receiver.getLocalPort());
  t.is(unknown.error?.kind, 'Resolve');
  const wrongFamily = await sender.send(bytes('x'), IpAddress.LocalHostV6, receiver.getLocalPort());
  t.is(wrongFamily.status, SocketStatus.Error);
  t.is(wrongFamily.error?.kind, 'Unreachable');
});

test('waits that follow one another, and one queued behind a reused wait, each get their own datagram and form', async (t) => {
  const receiver = await boundSocket(t, 4);
  const sender = await boundSocket(t, 4);
  const to = (word: string): Promise<unknown> => sender.send(bytes(word), IpAddress.LocalHost, receiver.getLocalPort());
  const packet = new Packet();
  const first = receiver.receive(packet);
  await to('one');
  t.is((await within(first)).status, SocketStatus.Done);
  t.is(text(packet.getData()), 'one');
  const second = receiver.receive(16); // the first wait, answered, now waits for bytes
  const third = receiver.receive(2); // queued behind it: too small for what comes
  await to('two');
  await to('three');
  const [two, three] = await within(Promise.all([second, third]));
  t.is(text(two.data), 'two');
  t.is(three.status, SocketStatus.Error);
  t.is(three.error?.kind, 'TooLarge');
});
