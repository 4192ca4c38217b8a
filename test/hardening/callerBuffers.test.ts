/**
 * Bytes the SDK keeps after a call returns are its own copy, also when the caller hands a Node
 * `Buffer`, whose `slice()` is a view of the caller's memory (not a copy, as `Uint8Array`'s is).
 * Each test overwrites the caller's Buffer as soon as the SDK may let go of it, and checks that
 * the other end still gets the original bytes.
 */
import test, { type ExecutionContext } from 'ava';
import { copyBytes } from '../../src/core/copyBytes.js';
import {
  ConditionedDatagramTransport,
  ConditionedStreamTransport,
  EnetEventType,
  EnetHost,
  EnetPacketFlag,
  IpAddress,
  MemoryDatagramTransport,
  MemoryStreamTransport,
  NodeDatagramTransport,
  NodeStreamTransport,
  Packet,
  SocketStatus,
  UdpSocket,
  type StreamTransport,
} from '../../src/index.js';
import { connectedPair, ipPlace } from '../contract/streamContract.js';
import { boundSocket, unboundSocket } from '../udp/udpFixtures.js';

const ORIGINAL = 'the bytes as they were when handed over';

/** A Buffer holding `ORIGINAL`. */
function callerBuffer(): Buffer {
  return Buffer.from(ORIGINAL);
}

test('copyBytes copies a Buffer (whose slice() is a view) and a Uint8Array, and a range of either', (t) => {
  const buffer = Buffer.from([1, 2, 3, 4]);
  const copy = copyBytes(buffer);
  const range = copyBytes(buffer, 1, 3);
  buffer.fill(9);
  t.deepEqual([...copy], [1, 2, 3, 4]);
  t.deepEqual([...range], [2, 3]);
  t.is(buffer.slice()[0], 9, 'the trap: a Buffer slice shares memory');
  t.false(Buffer.isBuffer(copy));
  const plain = Uint8Array.of(5, 6);
  const plainCopy = copyBytes(plain);
  plain[0] = 0;
  t.is(plainCopy[0], 5);
});

/** A stream pair over `transport`; the client writes a Buffer and overwrites it in the write callback. */
async function streamKeepsBytes(t: ExecutionContext, transport: StreamTransport): Promise<void> {
  const { client, serverSeen } = await connectedPair(t, transport, ipPlace('127.0.0.1'));
  const buffer = callerBuffer();
  // node:net's rule: the caller may reuse its memory once the write callback ran.
  client.write(buffer, () => buffer.fill(0x58));
  await serverSeen.until(() => serverSeen.length >= ORIGINAL.length, 5000, 'the bytes');
  t.is(Buffer.from(serverSeen.bytes()).toString(), ORIGINAL);
}

test('MemoryStreamTransport: what the peer receives is a copy, not a view of the writer\'s Buffer', streamKeepsBytes, new MemoryStreamTransport({ chunkSize: 5 }));
test('ConditionedStreamTransport: a delayed write keeps a copy of the caller\'s Buffer', streamKeepsBytes, new ConditionedStreamTransport(new NodeStreamTransport(), { seed: 1, latencyMs: 30 }));

/** Two UDP sockets over one transport; one sends a Buffer and overwrites it as soon as `send` was called. */
async function datagramKeepsBytes(t: ExecutionContext, make: () => ConstructorParameters<typeof UdpSocket>[0]): Promise<void> {
  const options = make(); // one transport for both: a memory network is its transport's own
  const a = await boundSocket(t, 4, options);
  const b = await boundSocket(t, 4, options);
  const buffer = callerBuffer();
  const sending = a.send(buffer, IpAddress.LocalHost, b.getLocalPort());
  buffer.fill(0x58);
  t.is((await sending).status, SocketStatus.Done);
  const { status, data } = await b.receive(1024);
  t.is(status, SocketStatus.Done);
  t.is(Buffer.from(data).toString(), ORIGINAL);
}

test('MemoryDatagramTransport: a datagram is a copy of the sender\'s Buffer', datagramKeepsBytes, () => ({ datagramTransport: new MemoryDatagramTransport() }));
test('ConditionedDatagramTransport: a delayed datagram keeps a copy of the sender\'s Buffer', datagramKeepsBytes, () => ({
  datagramTransport: new ConditionedDatagramTransport(new NodeDatagramTransport(), { seed: 2, latencyMs: 30 }),
}));

test('EnetPeer.send and EnetHost.broadcast: a queued message is a copy of the sender\'s Buffer', async (t) => {
  const server = new EnetHost();
  const client = new EnetHost();
  t.teardown(() => {
    client.close();
    server.close();
  });
  t.is((await server.listen(0, IpAddress.LocalHost)).status, SocketStatus.Done);
  const connecting = client.connect(IpAddress.LocalHost, server.getLocalPort());
  let serverPeer = null;
  const deadline = Date.now() + 5000;
  while (serverPeer === null && Date.now() < deadline) {
    const { event } = await server.service(20);
    if (event?.type === EnetEventType.Connect) serverPeer = event.peer;
  }
  const { status, peer } = await connecting;
  t.is(status, SocketStatus.Done);
  const sent = callerBuffer();
  const sending = peer!.send(0, sent, EnetPacketFlag.Reliable);
  sent.fill(0x58);
  t.is((await sending).status, SocketStatus.Done);
  const broadcast = callerBuffer();
  server.broadcast(0, broadcast, EnetPacketFlag.Reliable);
  broadcast.fill(0x59);
  const heard: string[] = [];
  while (heard.length < 2 && Date.now() < deadline + 5000) {
    for (const host of [server, client]) {
      const { event } = await host.service(10);
      if (event?.type === EnetEventType.Receive) heard.push(Buffer.from(event.packet.getData()).toString());
    }
  }
  t.deepEqual(heard.sort(), [ORIGINAL, ORIGINAL]);
});

test('UdpSocket.send takes the payload at the call, also when it first binds or resolves the destination', async (t) => {
  const receiver = await boundSocket(t, 4);
  const sender = unboundSocket(t);
  // Unbound, and the destination as text: the send waits for a bind and a look-up.
  const packet = new Packet().writeString(ORIGINAL);
  const sendingPacket = sender.send(packet, '127.0.0.1', receiver.getLocalPort());
  packet.clear();
  packet.writeString('a packet reused at once');
  t.is((await sendingPacket).status, SocketStatus.Done);
  const heard = new Packet();
  t.is((await receiver.receive(heard)).status, SocketStatus.Done);
  t.is(heard.readString(), ORIGINAL);
  const buffer = callerBuffer();
  const sendingBuffer = sender.send(buffer, 'localhost', receiver.getLocalPort());
  buffer.fill(0x58);
  t.is((await sendingBuffer).status, SocketStatus.Done);
  const { data } = await receiver.receive(1024);
  t.is(Buffer.from(data).toString(), ORIGINAL);
});
