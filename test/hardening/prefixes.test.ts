/**
 * Hostile size prefixes over real loopback sockets: every boundary around the packet limit, a
 * frame cut short by a close, a frame dribbled byte by byte, and claims that must not be believed.
 */
import test from 'ava';
import { SocketStatus } from '../../src/core/SocketStatus.js';
import { Packet } from '../../src/packet/Packet.js';
import { HOSTS, acceptRaw, frame, listening, sleep } from '../helpers/loopback.js';
import { arrayBuffers, settles } from './fixtures.js';

const MAX = 16;
const MIB = 1024 * 1024;

/** A 4-byte big-endian size prefix. */
const prefix = (size: number): Buffer => {
  const out = Buffer.alloc(4);
  out.writeUInt32BE(size, 0);
  return out;
};

const withinLimit = test.macro({
  exec: async (t, host: string, size: number) => {
    const listener = await listening(t, host);
    const { raw, server } = await acceptRaw(t, listener, host);
    server.setMaxPacketSize(MAX);
    const payload = Buffer.alloc(size, 0x5a);
    raw.write(Buffer.concat([frame(payload), frame(Buffer.from('next'))]));
    for (const expected of [payload, Buffer.from('next')]) {
      const packet = new Packet();
      t.is((await server.receive(packet)).status, SocketStatus.Done);
      t.deepEqual(Buffer.from(packet.getData()), expected);
    }
  },
  title: (_, host, size) => `a size prefix of ${size} with a limit of ${MAX} is received whole over ${host}`,
});

const overLimit = test.macro({
  exec: async (t, host: string, size: number) => {
    const listener = await listening(t, host);
    const { raw, server } = await acceptRaw(t, listener, host);
    server.setMaxPacketSize(MAX);
    const dropped = new Promise<void>((resolve) => {
      raw.once('end', () => resolve());
      raw.once('close', () => resolve());
    });
    raw.write(Buffer.concat([prefix(size), Buffer.alloc(64, 1)]));
    const packet = new Packet().writeUint8(9);
    const result = await server.receive(packet);
    t.is(result.status, SocketStatus.Error);
    t.is(result.error?.kind, 'Protocol');
    t.regex(result.error?.message ?? '', new RegExp(`${size}.*${MAX}`));
    t.is(packet.getDataSize(), 0, 'the target packet is cleared, as SFML clears it: nothing of the refused frame is in it');
    await settles(t, dropped, 'the peer sees the connection dropped');
    t.is((await server.receive(new Packet())).status, SocketStatus.Disconnected);
    t.is((await server.receive(10)).status, SocketStatus.Disconnected, 'nothing after the bad prefix is handed out');
  },
  title: (_, host, size) => `a size prefix of ${size} with a limit of ${MAX} is a Protocol error that drops the connection over ${host}`,
});

for (const host of HOSTS) {
  for (const size of [0, 1, MAX - 1, MAX]) test(withinLimit, host, size);
  for (const size of [MAX + 1, 0xffffffff]) test(overLimit, host, size);
}

const cutShort = test.macro({
  exec: async (t, blocking: boolean) => {
    const listener = await listening(t);
    const { raw, server } = await acceptRaw(t, listener);
    server.setBlocking(blocking);
    raw.end(Buffer.concat([frame(Buffer.from('whole')), prefix(100), Buffer.alloc(50, 7)]));
    const first = new Packet();
    let result = await server.receive(first);
    for (let i = 0; i < 200 && result.status === SocketStatus.NotReady; i++) {
      await sleep(5);
      result = await server.receive(first);
    }
    t.is(result.status, SocketStatus.Done);
    t.is(Buffer.from(first.getData()).toString(), 'whole');
    const half = new Packet();
    result = await server.receive(half);
    for (let i = 0; i < 200 && result.status === SocketStatus.NotReady; i++) {
      await sleep(5);
      result = await server.receive(half);
    }
    t.is(result.status, SocketStatus.Disconnected);
    t.is(half.getDataSize(), 0, 'no half packet is handed out');
    t.is((await server.receive(half)).status, SocketStatus.Disconnected, 'and it stays Disconnected');
  },
  title: (_, blocking) => `a prefix followed by fewer bytes and a close is Disconnected, never half a packet (${blocking ? 'blocking' : 'non-blocking'})`,
});
test(cutShort, true);
test(cutShort, false);

test('a frame dribbled one byte at a time over about 2 s arrives whole, and only then', async (t) => {
  const listener = await listening(t);
  const blocking = await acceptRaw(t, listener);
  const polling = await acceptRaw(t, listener);
  polling.server.setBlocking(false);
  const wire = frame(Buffer.from('dribbled across thirty bytes!'));
  const received = new Packet();
  let settled = false;
  const waiting = blocking.server.receive(received).then((result) => {
    settled = true;
    return result;
  });
  const polled = new Packet();
  for (let i = 0; i < wire.length; i++) {
    blocking.raw.write(wire.subarray(i, i + 1));
    polling.raw.write(wire.subarray(i, i + 1));
    await sleep(2000 / wire.length);
    if (i === wire.length - 1) break;
    t.false(settled, `blocking receive still waiting after ${i + 1} bytes`);
    t.is((await polling.server.receive(polled)).status, SocketStatus.NotReady, `NotReady after ${i + 1} bytes`);
  }
  t.is((await waiting).status, SocketStatus.Done);
  t.is(Buffer.from(received.getData()).toString(), 'dribbled across thirty bytes!');
  let result = await polling.server.receive(polled);
  for (let i = 0; i < 200 && result.status === SocketStatus.NotReady; i++) {
    await sleep(5);
    result = await polling.server.receive(polled);
  }
  t.is(result.status, SocketStatus.Done);
  t.deepEqual(polled.getData(), received.getData());
});

const claim = test.macro({
  exec: async (t, size: number, expected: SocketStatus) => {
    const listener = await listening(t);
    const { raw, server } = await acceptRaw(t, listener);
    t.is(server.getMaxPacketSize(), 4 * MIB);
    server.setSoTimeout(300);
    const before = arrayBuffers();
    raw.write(Buffer.concat([prefix(size), Buffer.alloc(8)]));
    const result = await server.receive(new Packet());
    const grown = arrayBuffers() - before;
    t.is(result.status, expected);
    t.log(`claim ${size}: arrayBuffers grew by ${grown} bytes`);
    t.true(grown < MIB, `arrayBuffers grew by ${grown} bytes for a claim of ${size}`);
  },
  title: (_, size) => `a claim of ${size} bytes with 8 sent allocates nothing near the claim`,
});
test.serial(claim, 0xffffffff, SocketStatus.Error);
test.serial(claim, 4 * MIB, SocketStatus.NotReady);
