import test from 'ava';
import { SocketStatus } from '../../src/core/SocketStatus.js';
import { Packet } from '../../src/packet/Packet.js';
import { OutputPool } from '../../src/tcp/OutputPool.js';
import { HOSTS, connectedPair, listening, pairOn, sleep } from '../helpers/loopback.js';
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

test('a large batch of small frames is built in a pooled buffer that is not reused before it is reported written', async (t) => {
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
});
