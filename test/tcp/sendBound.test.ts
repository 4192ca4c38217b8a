/**
 * The output a `TcpSocket` holds stays within `sendBufferSize` plus one message however many
 * sends are in flight, and the bytes still leave in the order of the calls.
 */
import test from 'ava';
import { SocketStatus } from '../../src/core/SocketStatus.js';
import { Packet } from '../../src/packet/Packet.js';
import { IpAddress } from '../../src/address/IpAddress.js';
import { TcpSocket } from '../../src/tcp/TcpSocket.js';
import { HUNG, within } from '../hardening/fixtures.js';
import { listening, pairOn, rawServer, sleep } from '../helpers/loopback.js';
import { WriteHookTransport } from '../helpers/writeHook.js';

const KIB = 1024;
const LIMIT = 512 * KIB;
const MESSAGE = 256 * KIB;

/** node:net underneath; records the most bytes the connection's output buffer ever held after a write. */
class PeakOutput extends WriteHookTransport {
  peak = 0;
  handed = 0;

  constructor() {
    super((target, data, written) => {
      const accepted = target.write(data, written);
      this.handed += data.length;
      this.peak = Math.max(this.peak, target.bufferedAmount);
      return accepted;
    });
  }
}

/** A client writing through a {@link PeakOutput} with `sendBufferSize` {@link LIMIT}, and the server it reaches. */
async function measuredPair(t: Parameters<typeof listening>[0]): Promise<{ client: TcpSocket; server: TcpSocket; output: PeakOutput }> {
  const output = new PeakOutput();
  const listener = await listening(t);
  const { client, server } = await pairOn(t, listener, '127.0.0.1', { streamTransport: output, limits: { sendBufferSize: LIMIT } });
  return { client, server, output };
}

/** More raw bytes than the loopback's kernel buffers and the limit take at once, so what follows waits. */
const FILLER = 24 * 1024 * KIB;

/** Reads the filler's bytes on `server`. */
async function drainFiller(server: TcpSocket): Promise<void> {
  let received = 0;
  while (received < FILLER) received += (await server.receive(FILLER - received)).data.length;
}

/** Receives `count` packets on `server` and returns their sizes. */
async function receiveSizes(server: TcpSocket, count: number): Promise<number[]> {
  const sizes: number[] = [];
  const packet = new Packet();
  for (let i = 0; i < count; i++) {
    const { status } = await server.receive(packet);
    if (status !== SocketStatus.Done) break;
    sizes.push(packet.getDataSize());
  }
  return sizes;
}

test('200 blocking sends of 256 KiB started together to a peer that does not read hold at most sendBufferSize plus one message', async (t) => {
  const { client, server, output } = await measuredPair(t);
  const packet = new Packet().append(new Uint8Array(MESSAGE).fill(7));
  const sends = Array.from({ length: 200 }, () => client.send(packet));
  await sleep(300); // the peer does not read: let the output back up as far as it will
  t.log(`peak output buffer ${(output.peak / KIB).toFixed(0)} KiB, handed to the transport ${(output.handed / KIB).toFixed(0)} KiB`);
  t.true(output.peak <= LIMIT + 4 + MESSAGE, `the output buffer reached ${output.peak} bytes`);
  t.true(output.handed < 200 * MESSAGE, 'not everything was handed over while the peer did not read');
  const sizes = await receiveSizes(server, 200);
  t.deepEqual(sizes, Array.from({ length: 200 }, () => MESSAGE));
  for (const result of await Promise.all(sends)) t.deepEqual(result, { status: SocketStatus.Done, sent: MESSAGE + 4 });
  t.true(output.peak <= LIMIT + 4 + MESSAGE, `the output buffer reached ${output.peak} bytes`);
});

test('a blocking sendMany of 200 packets of 256 KiB holds at most sendBufferSize plus one message', async (t) => {
  const { client, server, output } = await measuredPair(t);
  const packet = new Packet().append(new Uint8Array(MESSAGE).fill(3));
  const sending = client.sendMany(Array.from({ length: 200 }, () => packet));
  const also = client.sendMany([packet, packet]);
  await sleep(300);
  t.true(output.peak <= LIMIT + 4 + MESSAGE, `the output buffer reached ${output.peak} bytes`);
  t.deepEqual(await receiveSizes(server, 202), Array.from({ length: 202 }, () => MESSAGE));
  t.deepEqual(await sending, { status: SocketStatus.Done, sent: 200 * (MESSAGE + 4), count: 200 });
  t.deepEqual(await also, { status: SocketStatus.Done, sent: 2 * (MESSAGE + 4), count: 2 });
  t.true(output.peak <= LIMIT + 4 + MESSAGE, `the output buffer reached ${output.peak} bytes`);
});

test('sends, raw byte sends and sendMany started together leave in the order of the calls; non-blocking sends do not overtake them', async (t) => {
  const { client, server } = await measuredPair(t);
  const filler = client.send(new Uint8Array(FILLER));
  const sizes = [10, 100_000, 3, 300_000, 16 * KIB, 40, 200_000, 1, 70_000, 5];
  const calls: Array<Promise<{ status: SocketStatus }>> = [];
  let index = 0;
  const next = (): Packet => {
    const size = sizes[index % sizes.length] as number;
    return new Packet().writeUint32(index++).append(new Uint8Array(size).fill(index & 0xff));
  };
  for (let round = 0; round < 12; round++) {
    calls.push(client.send(next()));
    calls.push(client.sendMany([next(), next(), next()]));
    // A raw frame written by hand: 4-byte size, then the index.
    const raw = new Uint8Array(8);
    new DataView(raw.buffer).setUint32(0, 4);
    new DataView(raw.buffer).setUint32(4, index++);
    calls.push(client.send(raw));
  }
  client.setBlocking(false);
  const overtaking = await client.send(new Packet().writeUint32(999_999));
  t.is(overtaking.status, SocketStatus.NotReady, 'a non-blocking send finds no room while blocking sends wait');
  client.setBlocking(true);
  await drainFiller(server);
  t.like(await filler, { status: SocketStatus.Done });
  const received = new Packet();
  for (let expected = 0; expected < index; expected++) {
    t.is((await server.receive(received)).status, SocketStatus.Done);
    t.is(received.readUint32(), expected);
  }
  for (const result of await Promise.all(calls)) t.is(result.status, SocketStatus.Done);
});

test('a blocking send that waits for room sends its packet as it is when its turn comes (the documented rule)', async (t) => {
  const { client, server } = await measuredPair(t);
  const filler = client.send(new Uint8Array(FILLER));
  const packet = new Packet().writeString('at the call');
  const waiting = client.send(packet);
  packet.clear();
  packet.writeString('at its turn');
  await drainFiller(server);
  const got = new Packet();
  t.is((await server.receive(got)).status, SocketStatus.Done);
  t.is(got.readString(), 'at its turn');
  t.like(await filler, { status: SocketStatus.Done });
  t.like(await waiting, { status: SocketStatus.Done });
});

test('blocking sends waiting for room all settle Disconnected when the socket is disconnected', async (t) => {
  const { client } = await measuredPair(t);
  const packet = new Packet().append(new Uint8Array(MESSAGE));
  const sends = [...Array.from({ length: 40 }, () => client.send(packet)), client.sendMany([packet, packet])];
  await sleep(100);
  client.disconnect();
  const results = await Promise.all(sends);
  t.true(results.some((result) => result.status === SocketStatus.Disconnected), 'the sends still waiting end');
  t.true(results.every((result) => result.status === SocketStatus.Done || result.status === SocketStatus.Disconnected));
});

test('a packet whose onSend throws when its waiting send gets its turn rejects that send only', async (t) => {
  class Broken extends Packet {
    protected override onSend(): Uint8Array {
      throw new Error('onSend failed');
    }
  }
  const { client, server } = await measuredPair(t);
  const filler = client.send(new Uint8Array(FILLER));
  const broken = client.send(new Broken().writeUint8(1));
  const after = client.send(new Packet().writeString('after'));
  await drainFiller(server);
  await t.throwsAsync(broken, { message: 'onSend failed' });
  const got = new Packet();
  t.is((await server.receive(got)).status, SocketStatus.Done);
  t.is(got.readString(), 'after');
  t.like(await filler, { status: SocketStatus.Done });
  t.like(await after, { status: SocketStatus.Done });
});

test('blocking sends waiting for room settle when a protocol violation drops the connection', async (t) => {
  const server = await rawServer(t);
  const client = new TcpSocket({ limits: { sendBufferSize: LIMIT, maxPacketSize: 16 } });
  t.teardown(() => client.disconnect());
  t.like(await client.connect(IpAddress.LocalHost, server.port), { status: SocketStatus.Done });
  const raw = await server.next();
  raw.pause(); // never reads: the client's sends wait for room
  const sends = [client.send(new Uint8Array(FILLER)), client.send(new Packet().writeString('waiting'))];
  await sleep(100);
  raw.write(Buffer.from([0, 0, 1, 0])); // a size prefix of 256, above the client's limit
  t.like(await client.receive(new Packet()), { status: SocketStatus.Error });
  const settled = await within(Promise.all(sends));
  t.not(settled, HUNG, 'the waiting sends settled');
  if (settled !== HUNG) t.true(settled.some((result) => result.status !== SocketStatus.Done));
});

test('shutdownOutput while blocking sends wait sends the FIN after their bytes', async (t) => {
  const { client, server } = await measuredPair(t);
  const sends = [client.send(new Uint8Array(FILLER)), client.send(new Packet().writeString('last'))];
  client.shutdownOutput();
  t.true(client.isOutputShutdown());
  await t.throwsAsync(() => client.send(new Packet()), { instanceOf: TypeError });
  await drainFiller(server);
  const packet = new Packet();
  t.is((await server.receive(packet)).status, SocketStatus.Done);
  t.is(packet.readString(), 'last');
  t.is((await server.receive(packet)).status, SocketStatus.Disconnected, 'then the end of the stream');
  for (const result of await Promise.all(sends)) t.is(result.status, SocketStatus.Done);
});
