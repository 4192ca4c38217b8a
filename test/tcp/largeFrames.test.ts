import type net from 'node:net';
import test, { type ExecutionContext } from 'ava';
import { SocketStatus } from '../../src/core/SocketStatus.js';
import { Packet } from '../../src/packet/Packet.js';
import { OutputPool } from '../../src/tcp/OutputPool.js';
import { TcpSocket } from '../../src/tcp/TcpSocket.js';
import { HOSTS, connectedPair, listening, pairOn, rawClient, settle, sleep } from '../helpers/loopback.js';
import { WriteHookTransport } from '../helpers/writeHook.js';

/** `size` bytes that differ from one `seed` to the next and along the array. */
const pattern = (size: number, seed: number): Uint8Array => {
  const bytes = new Uint8Array(size);
  for (let i = 0; i < size; i++) bytes[i] = (i * 31 + seed * 7) & 0xff;
  return bytes;
};

/** Whether two byte arrays hold the same bytes (ava's deepEqual walks big arrays slowly). */
const same = (a: Uint8Array, b: Uint8Array): boolean => Buffer.compare(a, b) === 0;

/** The payload sizes: under, at and between the pooled sizes, and one above the largest. */
const SIZES = [16 * 1024, 32 * 1024 - 4, 64 * 1024, 100_000, 256 * 1024 - 4, 300_000];

const reusedPacket = test.macro({
  exec: async (t, host: string) => {
    const { client, server } = await connectedPair(t, host);
    // One packet object, refilled as soon as each send settles: every frame must leave with the
    // bytes it had at its send, although the output buffers of earlier frames may still wait to
    // be written. (A packet must not change while its send is pending: see TcpSocket.send.)
    const reading = (async () => {
      await sleep(50); // the reader starts late, so the output backs up
      const received = new Packet();
      for (let i = 0; i < 24; i++) {
        t.is((await server.receive(received)).status, SocketStatus.Done);
        t.true(same(received.getData(), pattern(SIZES[i % SIZES.length] as number, i)), `packet ${i}`);
      }
    })();
    const packet = new Packet();
    for (let i = 0; i < 24; i++) {
      packet.clear();
      packet.append(pattern(SIZES[i % SIZES.length] as number, i));
      t.like(await client.send(packet), { status: SocketStatus.Done });
    }
    await reading;
  },
  title: (_, host) => `large packets sent one after the other from one Packet refilled once each send settles arrive each as it was at its send over ${host}`,
});
for (const host of HOSTS) test(reusedPacket, host);

test('large raw byte sends are copied at send: changing the array afterwards changes nothing on the wire', async (t) => {
  const { client, server } = await connectedPair(t);
  const bytes = pattern(200_000, 1);
  const sent = client.send(bytes);
  bytes.fill(0);
  const again = client.send(pattern(70_000, 2));
  t.like(await sent, { status: SocketStatus.Done, sent: 200_000 });
  t.like(await again, { status: SocketStatus.Done, sent: 70_000 });
  const parts: Uint8Array[] = [];
  for (let length = 0; length < 270_000; ) {
    const { status, data } = await server.receive(270_000 - length);
    t.is(status, SocketStatus.Done);
    parts.push(data);
    length += data.length;
  }
  const received = Buffer.concat(parts);
  t.true(same(received.subarray(0, 200_000), pattern(200_000, 1)));
  t.true(same(received.subarray(200_000), pattern(70_000, 2)));
});

test('OutputPool hands back a buffer only after it was given back, by the smallest size that holds the request', (t) => {
  const pool = new OutputPool();
  const first = pool.take(40_000);
  t.is(first.length, 40_000);
  t.is(first.buffer.byteLength, 64 * 1024);
  const second = pool.take(40_000);
  t.not(second.buffer, first.buffer, 'a buffer not given back is never handed out again');
  pool.give(first);
  const third = pool.take(50_000);
  t.is(third.buffer, first.buffer);
  t.is(third.length, 50_000);
  t.is(pool.take(32 * 1024).buffer.byteLength, 32 * 1024);
});

test('OutputPool keeps at most four free buffers a size, and none above 256 KiB', (t) => {
  const pool = new OutputPool();
  const taken = Array.from({ length: 6 }, () => pool.take(20_000));
  for (const buffer of taken) pool.give(buffer);
  const again = Array.from({ length: 6 }, () => pool.take(20_000));
  t.is(again.filter((buffer) => taken.some((old) => old.buffer === buffer.buffer)).length, 4);
  const large = pool.take(300_000);
  t.is(large.length, 300_000);
  pool.give(large);
  t.not(pool.take(300_000).buffer, large.buffer);
});

test('OutputPool keeps only memory it made itself: never a slice of Node\'s shared Buffer pool, nor one buffer twice', (t) => {
  const pool = new OutputPool();
  // Node 24 slices Buffer.allocUnsafe(n < 32 KiB) from a shared 64 KiB slab (Buffer.poolSize,
  // nodejs/node#63597): a pooled size, but memory that other Buffers of the process live in.
  const slab = new ArrayBuffer(64 * 1024);
  pool.give(Buffer.from(slab, 1000, 16_064));
  t.not(pool.take(40_000).buffer, slab, 'foreign memory of a pooled size is not kept');
  const own = pool.take(40_000);
  pool.give(own);
  pool.give(own); // a second report of the same write
  t.not(pool.take(40_000).buffer, pool.take(40_000).buffer, 'one buffer given twice is handed out once');
});

/** A write the transport has not yet reported written: the bytes it was given and a copy made then. */
interface HeldWrite {
  readonly data: Uint8Array;
  readonly copy: Buffer;
  readonly written: (() => void) | undefined;
}

/**
 * node:net underneath, but every connection reports its writes written only when the test says
 * so: until then the SDK must not reuse the memory it wrote.
 */
class HeldWrites extends WriteHookTransport {
  readonly held: HeldWrite[] = [];

  constructor() {
    super((target, data, written) => {
      this.held.push({ data, copy: Buffer.from(data), written });
      return target.write(data);
    });
  }

  /** Reports every held write written; returns how many had been changed before that. */
  release(): number {
    const changed = this.held.filter((write) => !same(write.data, write.copy)).length;
    for (const write of this.held.splice(0)) write.written?.();
    return changed;
  }
}

test('a large frame\'s buffer is not reused before the transport reports it written', async (t) => {
  const transport = new HeldWrites();
  // The client writes through the held transport; the listener accepts through the default one.
  const { client, server } = await pairOn(t, await listening(t), '127.0.0.1', { streamTransport: transport });
  const packet = new Packet();
  const received = new Packet();
  for (let round = 0; round < 3; round++) {
    for (let i = 0; i < 6; i++) {
      packet.clear();
      packet.append(pattern(40_000, round * 6 + i));
      t.like(await client.send(packet), { status: SocketStatus.Done });
    }
    for (let i = 0; i < 6; i++) {
      t.is((await server.receive(received)).status, SocketStatus.Done);
      t.true(same(received.getData(), pattern(40_000, round * 6 + i)), `round ${round}, packet ${i}`);
    }
    t.is(transport.held.length, 6);
    t.is(transport.release(), 0, 'no held write was overwritten');
  }
});

/** Two rounds of 40 small frames sent as one ~40 KB batch each, held unwritten at once: neither batch may change meanwhile. */
async function heldBatches(t: ExecutionContext): Promise<void> {
  const transport = new HeldWrites();
  const { client, server } = await pairOn(t, await listening(t), '127.0.0.1', { streamTransport: transport });
  const received = new Packet();
  for (let round = 0; round < 4; round++) {
    // 40 frames of ~1 KB in one tick: one ~40 KB batch, taken from the pool of large buffers.
    const packets = Array.from({ length: 40 }, (_, i) => new Packet().append(pattern(1000, round * 40 + i)));
    t.like(await client.sendMany(packets), { status: SocketStatus.Done, count: 40 });
    for (let i = 0; i < 40; i++) {
      t.is((await server.receive(received)).status, SocketStatus.Done);
      t.true(same(received.getData(), pattern(1000, round * 40 + i)), `round ${round}, packet ${i}`);
    }
    // Two rounds' batches are held at once: the second must not have been built in the first's buffer.
    if (round % 2 === 1) {
      t.is(transport.held.length, 2);
      t.true(transport.held.every((write) => write.data.length === 40 * 1004));
      t.is(transport.release(), 0, 'no held batch was overwritten');
    }
  }
}

test('a large batch of small frames is built in a pooled buffer that is not reused before it is reported written', heldBatches);

// Node 24's default (nodejs/node#63597). A batch starts in Node's shared pool and grows into the
// OutputPool; the old one, a slice of a 64 KiB slab, must not be taken in as a free 64 KiB buffer,
// or the next batch is built in memory that every small Buffer of the process is sliced from.
test.serial('with a 64 KiB Buffer.poolSize, a batch that grew out of Node\'s shared pool does not lend that pool to the next one', async (t) => {
  const saved = Buffer.poolSize;
  Buffer.poolSize = 64 * 1024;
  t.teardown(() => {
    Buffer.poolSize = saved;
  });
  await heldBatches(t);
});

/** The first `length` bytes a raw socket receives (it is resumed to read them). */
function readBytes(socket: net.Socket, length: number): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let got = 0;
  return new Promise((resolve) => {
    socket.on('data', (chunk: Buffer) => {
      chunks.push(chunk);
      got += chunk.length;
      if (got >= length) resolve(Buffer.concat(chunks).subarray(0, length));
    });
    socket.resume();
  });
}

// The same over node:net, end to end: batches wait in node:net's queue behind a peer that does not
// read, while the process makes small Buffers of its own. Before OutputPool kept only its own
// memory, a batch was built in Node's shared slab and those Buffers were written over it: corrupt
// frames on the wire.
test.serial('with a 64 KiB Buffer.poolSize, batches queued behind a slow peer reach it as sent while the process makes small Buffers', async (t) => {
  const saved = Buffer.poolSize;
  Buffer.poolSize = 64 * 1024;
  t.teardown(() => {
    Buffer.poolSize = saved;
  });
  const listener = await listening(t);
  const sender = new TcpSocket({ limits: { sendBufferSize: 64 * 1024 * 1024 } });
  t.teardown(() => sender.disconnect());
  const [raw] = await Promise.all([rawClient(t, listener.getLocalPort()), listener.accept(sender)]);
  raw.pause();
  const stuffing = 8 * 1024 * 1024; // more than the kernel buffers take, so what follows waits in node:net
  const sends: Array<Promise<unknown>> = [sender.send(new Uint8Array(stuffing))];
  const rounds = 4;
  for (let round = 0; round < rounds; round++) {
    sends.push(sender.sendMany(Array.from({ length: 40 }, (_, i) => new Packet().append(pattern(1000, round * 40 + i)))));
    await settle(); // the batch is handed to node:net
    for (let i = 0; i < 64; i++) Buffer.allocUnsafe(1000).fill(0xee);
  }
  const wire = await readBytes(raw, stuffing + rounds * 40 * 1004);
  let bad = 0;
  for (let k = 0; k < rounds * 40; k++) {
    const at = stuffing + k * 1004;
    if (wire.readUInt32BE(at) !== 1000 || !same(wire.subarray(at + 4, at + 1004), pattern(1000, k))) bad++;
  }
  t.is(bad, 0, 'frames corrupted on the wire');
  for (const result of await Promise.all(sends)) t.like(result, { status: SocketStatus.Done });
});
