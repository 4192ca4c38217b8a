import test from 'ava';
import { IpAddress } from '../../src/address/IpAddress.js';
import { ConditionedDatagramTransport } from '../../src/conditioner/ConditionedDatagramTransport.js';
import { NetworkConditioner } from '../../src/conditioner/NetworkConditioner.js';
import { SeededRandom } from '../../src/conditioner/SeededRandom.js';
import { SocketStatus } from '../../src/core/SocketStatus.js';
import { Packet } from '../../src/packet/Packet.js';
import { MemoryDatagramTransport } from '../../src/platform/memory/MemoryDatagramTransport.js';
import { NodeDatagramTransport } from '../../src/platform/node/NodeDatagramTransport.js';
import { UdpSocket } from '../../src/udp/UdpSocket.js';
import { datagramContract } from '../contract/datagramContract.js';
import { ManualClock } from '../helpers/manualClock.js';

/** Offers `count` datagrams numbered 0…count-1 and returns the order they came out in after `ms`. */
function run(options: ConstructorParameters<typeof NetworkConditioner>[0], count: number, ms = 10_000): { out: number[]; conditioner: NetworkConditioner } {
  const clock = new ManualClock();
  const conditioner = new NetworkConditioner(options, clock);
  const out: number[] = [];
  for (let i = 0; i < count; i++) {
    conditioner.offer(100, () => out.push(i));
    clock.advance(1);
  }
  clock.advance(ms);
  return { out, conditioner };
}

test('the same seed gives the same run; another seed another one', (t) => {
  const options = { seed: 11, loss: 0.2, duplicate: 0.05, reorder: 0.1, latencyMs: 20, jitterMs: 15 };
  t.deepEqual(run(options, 2000).out, run(options, 2000).out);
  t.notDeepEqual(run(options, 2000).out, run({ ...options, seed: 12 }, 2000).out);
  t.deepEqual([new SeededRandom(5).next(), new SeededRandom(5).next()], [new SeededRandom(5).next(), new SeededRandom(5).next()]);
});

test('loss drops about the share asked for, and counts it', (t) => {
  const { out, conditioner } = run({ seed: 3, loss: 0.25 }, 10_000);
  t.true(Math.abs(out.length / 10_000 - 0.75) < 0.02, `${out.length} of 10000 delivered`);
  t.is(conditioner.counts.lost, 10_000 - out.length);
});

test('latency delays every datagram by the amount asked for, and no sooner', (t) => {
  const clock = new ManualClock();
  const conditioner = new NetworkConditioner({ latencyMs: 40 }, clock);
  let delivered = false;
  conditioner.offer(10, () => (delivered = true));
  clock.advance(39);
  t.false(delivered);
  clock.advance(1);
  t.true(delivered);
});

test('what nothing delays is delivered within the offer, in order, with no timer (Node fires one 1 ms later at the soonest)', (t) => {
  const clock = new ManualClock();
  const conditioner = new NetworkConditioner({ seed: 4, loss: 0.3, duplicate: 0.2 }, clock);
  const out: number[] = [];
  for (let i = 0; i < 200; i++) {
    const before = out.length;
    conditioner.offer(10, () => out.push(i));
    t.true(out.length - before <= 2);
  }
  t.is(out.length, 200 - conditioner.counts.lost + conditioner.counts.duplicated, 'every survivor delivered before any time passed');
  t.true(conditioner.counts.lost > 0 && conditioner.counts.duplicated > 0);
  t.deepEqual(out, [...out].sort((a, b) => a - b), 'in the order offered');
  t.is(conditioner.heldBytes, 0);
});

test('reordering lets later datagrams overtake; duplication delivers twice', (t) => {
  const reordered = run({ seed: 9, reorder: 0.1, latencyMs: 5 }, 500);
  t.is(reordered.out.length, 500);
  t.true(reordered.out.some((value, i) => i > 0 && value < (reordered.out[i - 1] as number)), 'something arrived out of order');
  const duplicated = run({ seed: 9, duplicate: 0.1 }, 500);
  t.is(duplicated.out.length, 500 + duplicated.conditioner.counts.duplicated);
  t.true(duplicated.conditioner.counts.duplicated > 20);
});

test('a rate limit spaces datagrams out, and the held bytes never pass queueBytes', (t) => {
  const clock = new ManualClock();
  const conditioner = new NetworkConditioner({ bytesPerSecond: 10_000, queueBytes: 5_000 }, clock);
  const times: number[] = [];
  for (let i = 0; i < 100; i++) conditioner.offer(1000, () => times.push(clock.now()));
  t.true(conditioner.heldBytes <= 5_000);
  t.is(conditioner.counts.overflowed, 95, 'what does not fit in the queue is dropped');
  clock.advance(10_000);
  t.deepEqual(times, [100, 200, 300, 400, 500]);
  t.is(conditioner.heldBytes, 0);
});

test('options out of range are RangeErrors', (t) => {
  const clock = new ManualClock();
  t.throws(() => new NetworkConditioner({ loss: 1.5 }, clock), { instanceOf: RangeError });
  t.throws(() => new NetworkConditioner({ latencyMs: -1 }, clock), { instanceOf: RangeError });
  t.throws(() => new NetworkConditioner({ jitterMs: Number.NaN }, clock), { instanceOf: RangeError });
  t.throws(() => new ConditionedDatagramTransport(new MemoryDatagramTransport(), { duplicate: 2 }), { instanceOf: RangeError });
  t.throws(() => new SeededRandom(0.5), { instanceOf: TypeError });
});

test('UdpSocket through a conditioned node:dgram transport: losses are the seed\'s, survivors intact', async (t) => {
  const datagramTransport = new ConditionedDatagramTransport(new NodeDatagramTransport(), { seed: 21, loss: 0.3 });
  const sender = new UdpSocket({ datagramTransport });
  const receiver = new UdpSocket();
  t.teardown(() => {
    sender.close();
    receiver.close();
  });
  await receiver.bind(0, IpAddress.LocalHost);
  for (let i = 0; i < 200; i++) {
    t.is((await sender.send(new Packet().writeUint32(i), IpAddress.LocalHost, receiver.getLocalPort())).status, SocketStatus.Done);
  }
  const lost = datagramTransport.counts.lost;
  t.true(lost > 30 && lost < 90, `${lost} lost`);
  receiver.setBlocking(false);
  const seen: number[] = [];
  const packet = new Packet();
  for (let tries = 0; tries < 200 && seen.length < 200 - lost; tries++) {
    const got = await receiver.receive(packet);
    if (got.status === SocketStatus.Done) seen.push(packet.readUint32());
    else await new Promise((resolve) => setTimeout(resolve, 5));
  }
  t.is(seen.length, 200 - lost);
  t.deepEqual(seen, [...seen].sort((a, b) => a - b), 'no reordering was asked for');
});

// With nothing asked of it, a conditioner is a datagram transport like any other.
datagramContract({ name: 'conditioned (no impairment) node:dgram', hosts: ['127.0.0.1'], make: () => new ConditionedDatagramTransport(new NodeDatagramTransport(), {}) });

test('losses in bursts: the mean burst length and the long-run share are the Gilbert model\'s', (t) => {
  const { out } = run({ seed: 5, loss: 0.02, burstLength: 4 }, 20_000);
  const delivered = new Set(out);
  const bursts: number[] = [];
  let length = 0;
  for (let i = 0; i < 20_000; i++) {
    if (!delivered.has(i)) length++;
    else if (length > 0) {
      bursts.push(length);
      length = 0;
    }
  }
  const mean = bursts.reduce((sum, burst) => sum + burst, 0) / bursts.length;
  t.true(mean > 3.3 && mean < 4.7, `mean burst ${mean}`);
  const share = 1 - out.length / 20_000;
  const expected = (0.02 * 4) / (1 + 0.02 * 3);
  t.true(Math.abs(share - expected) < 0.015, `lost ${share}, expected about ${expected}`);
  // burstLength 1 is independent losses, as before: no run of losses longer than chance allows.
  const single = run({ seed: 5, loss: 0.02 }, 20_000).out;
  t.true(single.length > 19_400 && single.length < 19_800);
});

test('a rate limit with burstBytes lets that much through at once after an idle time, then spaces the rest', (t) => {
  const clock = new ManualClock();
  const conditioner = new NetworkConditioner({ bytesPerSecond: 10_000, burstBytes: 3_000 }, clock);
  clock.advance(1_000); // idle: the bucket is full
  const times: number[] = [];
  for (let i = 0; i < 6; i++) conditioner.offer(1000, () => times.push(clock.now()));
  clock.advance(10_000);
  t.deepEqual(times, [1000, 1000, 1000, 1100, 1200, 1300]);
  t.throws(() => new NetworkConditioner({ burstLength: 0.5 }, clock), { instanceOf: RangeError });
});

test('inbound options condition what an endpoint receives, apart from what it sends', async (t) => {
  const datagramTransport = new ConditionedDatagramTransport(new NodeDatagramTransport(), { seed: 3, inbound: { loss: 1 } });
  const deaf = new UdpSocket({ datagramTransport });
  const other = new UdpSocket();
  t.teardown(() => {
    deaf.close();
    other.close();
  });
  await deaf.bind(0, IpAddress.LocalHost);
  await other.bind(0, IpAddress.LocalHost);
  other.setBlocking(false);
  deaf.setBlocking(false);
  for (let i = 0; i < 20; i++) {
    await deaf.send(new Packet().writeUint32(i), IpAddress.LocalHost, other.getLocalPort());
    await other.send(new Packet().writeUint32(i), IpAddress.LocalHost, deaf.getLocalPort());
  }
  let heard = 0;
  for (let tries = 0; heard < 20 && tries < 400; tries++) {
    if ((await other.receive(new Packet())).status === SocketStatus.Done) heard++;
    else await new Promise((resolve) => setTimeout(resolve, 5));
  }
  t.is(heard, 20, 'what it sends arrives');
  t.is((await deaf.receive(new Packet())).status, SocketStatus.NotReady, 'what it is sent is lost on the way in');
  t.is(datagramTransport.counts.lost, 20);
});
