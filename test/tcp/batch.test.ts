import test from 'ava';
import { SocketStatus } from '../../src/core/SocketStatus.js';
import { Packet } from '../../src/packet/Packet.js';
import { TcpSocket } from '../../src/tcp/TcpSocket.js';
import { HOSTS, acceptRaw, connectedPair, frame, listening, sleep } from '../helpers/loopback.js';

const numbered = (count: number, size = 8): Packet[] =>
  Array.from({ length: count }, (_, i) => new Packet().writeUint32(i).append(new Uint8Array(size).fill(i % 256)));
const slots = (count: number): Packet[] => Array.from({ length: count }, () => new Packet());
const framesOf = (packets: readonly Packet[]): Buffer => Buffer.concat(packets.map((packet) => frame(packet.getData())));

/** Receives with receiveMany until `total` packets arrived; returns their first uint32s. */
async function drain(socket: TcpSocket, total: number, batch = 16): Promise<number[]> {
  const ids: number[] = [];
  const packets = slots(batch);
  while (ids.length < total) {
    const { status, count } = await socket.receiveMany(packets);
    if (status !== SocketStatus.Done) throw new Error(`receiveMany: ${status}`);
    for (let i = 0; i < count; i++) ids.push((packets[i] as Packet).readUint32());
  }
  return ids;
}

const roundTrip = test.macro({
  exec: async (t, host: string) => {
    const { client, server } = await connectedPair(t, host);
    const packets = numbered(200, 100);
    const result = await client.sendMany(packets);
    t.deepEqual(result, { status: SocketStatus.Done, sent: packets.reduce((sum, packet) => sum + 4 + packet.getDataSize(), 0), count: 200 });
    t.deepEqual(await drain(server, 200), Array.from({ length: 200 }, (_, i) => i));
  },
  title: (_, host) => `sendMany puts every packet on the wire in order and receiveMany takes them in batches over ${host}`,
});
for (const host of HOSTS) test(roundTrip, host);

test('receiveMany fills only what has arrived: 10 queued frames come as 4, 4, 2', async (t) => {
  const listener = await listening(t);
  const { raw, server } = await acceptRaw(t, listener);
  raw.write(framesOf(numbered(10)));
  await sleep(50);
  const packets = slots(4);
  const counts: number[] = [];
  for (let call = 0; call < 3; call++) counts.push((await server.receiveMany(packets)).count);
  t.deepEqual(counts, [4, 4, 2]);
  t.is((packets[1] as Packet).readUint32(), 9);
});

test('blocking receiveMany waits for the first packet, like receive', async (t) => {
  const { client, server } = await connectedPair(t);
  const packets = slots(8);
  const pending = server.receiveMany(packets);
  await sleep(20);
  await client.send(new Packet().writeString('late'));
  t.like(await pending, { status: SocketStatus.Done, count: 1 });
  t.is((packets[0] as Packet).readString(), 'late');
});

test('packets that arrived before the peer closed come first; the end is the next answer', async (t) => {
  const listener = await listening(t);
  const { raw, server } = await acceptRaw(t, listener);
  raw.end(framesOf(numbered(3)));
  await sleep(50);
  t.like(await server.receiveMany(slots(8)), { status: SocketStatus.Done, count: 3 });
  t.deepEqual(await server.receiveMany(slots(8)), { status: SocketStatus.Disconnected, count: 0 });
});

test('an oversized frame after good ones: the good ones first, then Error once', async (t) => {
  const listener = await listening(t);
  const { raw, server } = await acceptRaw(t, listener);
  server.setMaxPacketSize(1024);
  raw.write(Buffer.concat([framesOf(numbered(2)), Buffer.from([0, 1, 0, 0])]));
  await sleep(50);
  t.like(await server.receiveMany(slots(8)), { status: SocketStatus.Done, count: 2 });
  const failed = await server.receiveMany(slots(8));
  t.like(failed, { status: SocketStatus.Error, count: 0 });
  t.is(failed.error?.kind, 'Protocol');
});

test('non-blocking receiveMany answers NotReady at once, also for half a packet', async (t) => {
  const listener = await listening(t);
  const { raw, server } = await acceptRaw(t, listener);
  server.setBlocking(false);
  t.deepEqual(await server.receiveMany(slots(4)), { status: SocketStatus.NotReady, count: 0 });
  raw.write(framesOf(numbered(1)).subarray(0, 6));
  await sleep(30);
  t.deepEqual(await server.receiveMany(slots(4)), { status: SocketStatus.NotReady, count: 0 });
});

test('receiveMany under setSoTimeout answers NotReady with a Timeout error', async (t) => {
  const { server } = await connectedPair(t);
  server.setSoTimeout(30);
  const result = await server.receiveMany(slots(2));
  t.is(result.status, SocketStatus.NotReady);
  t.is(result.count, 0);
  t.is(result.error?.kind, 'Timeout');
});

test('non-blocking sendMany to a slow reader: Partial with the packets sent whole; finishing the cut one and going on delivers all in order', async (t) => {
  const { client: sender, server: receiver } = await connectedPair(t, '127.0.0.1', { limits: { sendBufferSize: 64 * 1024 } });
  sender.setBlocking(false);
  const packets = numbered(256, 16 * 1024);
  const reading = drain(receiver, packets.length);
  let index = 0;
  let partials = 0;
  for (let tick = 0; tick < 20_000 && index < packets.length; tick++) {
    const result = await sender.sendMany(packets.slice(index));
    index += result.count;
    if (result.status === SocketStatus.Done) break;
    t.true(result.status === SocketStatus.Partial || (result.status === SocketStatus.NotReady && result.count === 0), result.status);
    if (result.status === SocketStatus.Partial) partials++;
    for (let rest = await sender.send(packets[index] as Packet); rest.status !== SocketStatus.Done; rest = await sender.send(packets[index] as Packet)) {
      await sleep(1);
    }
    index++;
  }
  t.is(index, packets.length);
  t.true(partials > 0, 'the output limit cut at least one batch');
  t.deepEqual(await reading, Array.from({ length: packets.length }, (_, i) => i));
});

test('misuse throws: not an array, no packets, a bad count, a non-Packet, a closed socket, a packet still partial', async (t) => {
  const { client } = await connectedPair(t);
  await t.throwsAsync(() => client.sendMany('x' as unknown as Packet[]), { instanceOf: TypeError, message: /array of Packets/ });
  await t.throwsAsync(() => client.receiveMany([]), { instanceOf: RangeError });
  await t.throwsAsync(() => client.sendMany(slots(2), 3), { instanceOf: RangeError, message: /count 3/ });
  await t.throwsAsync(() => client.sendMany([new Packet(), new Uint8Array(1) as unknown as Packet]), { instanceOf: TypeError, message: /packets\[1\]/ });
  t.deepEqual(await client.sendMany(slots(2), 0), { status: SocketStatus.Done, sent: 0, count: 0 });
  client.setBlocking(false);
  const big = new Packet().append(new Uint8Array(8 * 1024 * 1024));
  t.is((await client.send(big)).status, SocketStatus.Partial);
  await t.throwsAsync(() => client.sendMany(slots(1)), { instanceOf: TypeError, message: /partially sent/ });
  client.disconnect();
  await t.throwsAsync(() => client.receiveMany(slots(1)), { instanceOf: TypeError, message: /not connected|closed/ });
});

test('sendMany: a packet whose onSend throws rejects the call with that error; the packets before it are sent, the ones after it are not', async (t) => {
  const { client, server } = await connectedPair(t);
  const failing = new (class extends Packet {
    protected override onSend(): Uint8Array {
      throw new RangeError('cannot encode');
    }
  })().writeUint32(99);
  const [first, , third] = numbered(3);
  const error = await t.throwsAsync(client.sendMany([first as Packet, failing, third as Packet]), { instanceOf: RangeError });
  t.is(error?.message, 'cannot encode');
  await client.send(new Packet().writeUint32(7));
  t.deepEqual(await drain(server, 2), [0, 7], 'the first packet went, the third did not, and the socket goes on');
});
