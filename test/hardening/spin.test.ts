/**
 * SFML's polling idiom, `while (socket.receive(packet) != Done) {}`, written with nothing but the
 * non-blocking call awaited in the loop, makes progress: the data, client or outcome it waits for
 * arrives through I/O, which runs only when the loop lets the event loop turn. Each loop is capped
 * (not timed): without pacing, every one of them spins through the cap with nothing arriving.
 */
import test from 'ava';
import { IpAddress } from '../../src/address/IpAddress.js';
import { SocketStatus } from '../../src/core/SocketStatus.js';
import { Packet } from '../../src/packet/Packet.js';
import { TcpSocket } from '../../src/tcp/TcpSocket.js';
import { pollUntilDone } from '../../docs/examples/porting/nonblocking.js';
import { connectedPair, listening } from '../helpers/loopback.js';
import { boundSocket, unboundSocket } from '../udp/udpFixtures.js';

/** Polls before a loop gives up: a spinning loop runs through this many in well under a second. */
const CAP = 2_000_000;

test('a tight non-blocking receive(packet) loop gets the packet a peer in the same process sends', async (t) => {
  const { client, server } = await connectedPair(t);
  server.setBlocking(false);
  const sending = client.send(new Packet().writeString('hello'));
  const packet = new Packet();
  let polls = 0;
  let status = SocketStatus.NotReady;
  while ((status = (await server.receive(packet)).status) === SocketStatus.NotReady && ++polls < CAP);
  t.is(status, SocketStatus.Done, `after ${polls} polls`);
  t.is(packet.readString(), 'hello');
  t.like(await sending, { status: SocketStatus.Done });
});

test('a tight non-blocking receive(bytes) loop gets the bytes', async (t) => {
  const { client, server } = await connectedPair(t);
  server.setBlocking(false);
  const sending = client.send(Uint8Array.of(1, 2, 3));
  let polls = 0;
  let result = await server.receive(16);
  while (result.status === SocketStatus.NotReady && ++polls < CAP) result = await server.receive(16);
  t.is(result.status, SocketStatus.Done, `after ${polls} polls`);
  t.deepEqual([...result.data], [1, 2, 3]);
  await sending;
});

test('a tight non-blocking receiveMany loop gets the packets', async (t) => {
  const { client, server } = await connectedPair(t);
  server.setBlocking(false);
  const sending = client.sendMany([new Packet().writeUint8(1), new Packet().writeUint8(2)]);
  const packets = [new Packet(), new Packet()];
  let polls = 0;
  let result = await server.receiveMany(packets);
  while (result.status === SocketStatus.NotReady && ++polls < CAP) result = await server.receiveMany(packets);
  t.is(result.status, SocketStatus.Done, `after ${polls} polls`);
  t.is(packets[0]?.readUint8(), 1);
  await sending;
});

test('a tight non-blocking send loop finishes a packet larger than sendBufferSize and the kernel buffers while the peer reads', async (t) => {
  const limits = { sendBufferSize: 64 * 1024, maxPacketSize: 32 * 1024 * 1024 };
  const { client, server } = await connectedPair(t, '127.0.0.1', { limits });
  client.setBlocking(false);
  const payload = new Uint8Array(24 * 1024 * 1024).fill(5);
  const received = new Packet();
  const reading = server.receive(received);
  const packet = new Packet().append(payload);
  let polls = 0;
  let status = SocketStatus.NotReady;
  while ((status = (await client.send(packet)).status) !== SocketStatus.Done && status !== SocketStatus.Error && ++polls < CAP);
  t.is(status, SocketStatus.Done, `after ${polls} polls`);
  t.like(await reading, { status: SocketStatus.Done });
  t.is(received.getDataSize(), payload.length);
});

test('a tight non-blocking connect loop reaches Done', async (t) => {
  const listener = await listening(t);
  const socket = new TcpSocket();
  t.teardown(() => socket.disconnect());
  socket.setBlocking(false);
  let polls = 0;
  let status = SocketStatus.NotReady;
  while ((status = (await socket.connect(IpAddress.LocalHost, listener.getLocalPort())).status) === SocketStatus.NotReady && ++polls < CAP);
  t.is(status, SocketStatus.Done, `after ${polls} polls`);
});

test('a tight non-blocking accept loop gets the client connecting meanwhile', async (t) => {
  const listener = await listening(t);
  listener.setBlocking(false);
  const client = new TcpSocket();
  const accepted = new TcpSocket();
  t.teardown(() => {
    client.disconnect();
    accepted.disconnect();
  });
  const connecting = client.connect(IpAddress.LocalHost, listener.getLocalPort());
  let polls = 0;
  let status = SocketStatus.NotReady;
  while ((status = (await listener.accept(accepted)).status) === SocketStatus.NotReady && ++polls < CAP);
  t.is(status, SocketStatus.Done, `after ${polls} polls`);
  t.like(await connecting, { status: SocketStatus.Done });
});

test('a tight non-blocking UDP receive loop gets the datagram another socket sends', async (t) => {
  const receiver = await boundSocket(t, 4);
  const sender = unboundSocket(t);
  receiver.setBlocking(false);
  const sending = sender.send(new Packet().writeString('ping'), IpAddress.LocalHost, receiver.getLocalPort());
  const packet = new Packet();
  let polls = 0;
  let status = SocketStatus.NotReady;
  while ((status = (await receiver.receive(packet)).status) === SocketStatus.NotReady && ++polls < CAP);
  t.is(status, SocketStatus.Done, `after ${polls} polls`);
  t.is(packet.readString(), 'ping');
  t.like(await sending, { status: SocketStatus.Done });
});

test('the guide\'s polling loop (docs/examples/porting/nonblocking.ts#poll-until-done) gets the packet', async (t) => {
  const { client, server } = await connectedPair(t);
  const sending = client.send(new Packet().writeString('from the guide'));
  const packet = new Packet();
  t.is(await pollUntilDone(server, packet), SocketStatus.Done);
  t.is(packet.readString(), 'from the guide');
  await sending;
});
