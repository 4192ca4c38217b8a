/**
 * A receive that ends with `Disconnected` or `Error` clears its packet, as SFML does, so nothing
 * stale is read from it; `NotReady` leaves it as it was.
 */
import test from 'ava';
import { IpAddress } from '../../src/address/IpAddress.js';
import { SocketStatus } from '../../src/core/SocketStatus.js';
import { Packet } from '../../src/packet/Packet.js';
import { UdpSocket } from '../../src/udp/UdpSocket.js';
import { acceptRaw, connectedPair, listening } from '../helpers/loopback.js';

const stale = (): Packet => new Packet().writeString('stale');

test('receive(packet) answering Disconnected clears the packet, waiting or not', async (t) => {
  const { client, server } = await connectedPair(t);
  const waiting = stale();
  const pending = server.receive(waiting);
  client.disconnect();
  t.is((await pending).status, SocketStatus.Disconnected);
  t.is(waiting.getDataSize(), 0);
  t.is(waiting.readString(), '');
  const again = stale();
  t.is((await server.receive(again)).status, SocketStatus.Disconnected);
  t.is(again.getDataSize(), 0);
});

test('receive(packet) answering Error clears the packet', async (t) => {
  const listener = await listening(t);
  const { raw, server } = await acceptRaw(t, listener);
  server.setMaxPacketSize(16);
  raw.write(Buffer.from([0, 0, 1, 0])); // a size of 256, above the limit
  const packet = stale();
  let result = await server.receive(packet);
  while (result.status === SocketStatus.NotReady) result = await server.receive(packet);
  t.is(result.status, SocketStatus.Error);
  t.is(packet.getDataSize(), 0);
});

test('non-blocking receive(packet) answering NotReady leaves the packet as it was', async (t) => {
  const { server } = await connectedPair(t);
  server.setBlocking(false);
  const packet = stale();
  t.is((await server.receive(packet)).status, SocketStatus.NotReady);
  t.is(packet.readString(), 'stale');
});

test('receiveMany answering Disconnected clears every packet', async (t) => {
  const { client, server } = await connectedPair(t);
  const packets = [stale(), stale(), stale()];
  const pending = server.receiveMany(packets);
  client.disconnect();
  t.like(await pending, { status: SocketStatus.Disconnected, count: 0 });
  t.deepEqual(packets.map((packet) => packet.getDataSize()), [0, 0, 0]);
});

test('UdpSocket.receive(packet) ended by an unbind clears the packet', async (t) => {
  const socket = new UdpSocket();
  t.teardown(() => socket.unbind());
  t.is((await socket.bind(0, IpAddress.LocalHost)).status, SocketStatus.Done);
  const packet = stale();
  const pending = socket.receive(packet);
  await socket.unbind();
  t.is((await pending).status, SocketStatus.Disconnected);
  t.is(packet.getDataSize(), 0);
});
