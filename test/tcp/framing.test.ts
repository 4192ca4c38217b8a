import test from 'ava';
import { SocketStatus } from '../../src/core/SocketStatus.js';
import { Packet } from '../../src/packet/Packet.js';
import { HOSTS, acceptRaw, collect, frame, listening, sleep } from '../helpers/loopback.js';

const text = (value: string): Uint8Array => new TextEncoder().encode(value);

/** Writes `data` cut at `cuts` (offsets), with a pause between pieces so each is its own TCP segment. */
async function dribble(write: (chunk: Uint8Array) => void, data: Uint8Array, cuts: readonly number[]): Promise<void> {
  let from = 0;
  for (const cut of [...cuts, data.length]) {
    write(data.subarray(from, cut));
    from = cut;
    await sleep(15);
  }
}

const split = test.macro({
  exec: async (t, host: string, cuts: readonly number[]) => {
  const listener = await listening(t, host);
  const { raw, server } = await acceptRaw(t, listener, host);
  const wire = Buffer.concat([frame(new Packet().writeString('Hel').getData()), frame(new Packet().writeString('loSFML').getData())]);
  const writing = dribble((chunk) => raw.write(chunk), wire, cuts);
  for (const expected of ['Hel', 'loSFML']) {
    const packet = new Packet();
    t.is((await server.receive(packet)).status, SocketStatus.Done);
    t.is(packet.readString(), expected);
  }
  await writing;
  },
  title: (_, host: string, cuts: readonly number[]) => `whole packets from a stream cut at [${cuts.join(',')}] over ${host}`,
});
for (const host of HOSTS) {
  for (const cuts of [[], [1], [2], [3], [4], [5], [9], [10, 11], [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20, 21]]) {
    test(split, host, cuts);
  }
}

test('non-blocking receive never hands out half a packet', async (t) => {
  const listener = await listening(t);
  const { raw, server } = await acceptRaw(t, listener);
  server.setBlocking(false);
  const wire = frame(text('0123456789'));
  const packet = new Packet();
  for (let cut = 1; cut < wire.length; cut++) {
    raw.write(wire.subarray(cut - 1, cut));
    await sleep(5);
    t.is((await server.receive(packet)).status, SocketStatus.NotReady, `after ${cut} bytes`);
  }
  raw.write(wire.subarray(wire.length - 1));
  let result = await server.receive(packet);
  while (result.status === SocketStatus.NotReady) {
    await sleep(5);
    result = await server.receive(packet);
  }
  t.is(result.status, SocketStatus.Done);
  t.deepEqual(Buffer.from(packet.getData()).toString(), '0123456789');
});

test('many packets in one chunk are received one by one, including empty ones', async (t) => {
  const listener = await listening(t);
  const { raw, server } = await acceptRaw(t, listener);
  const payloads = ['a', '', 'bcd', '', 'efghij'];
  raw.write(Buffer.concat(payloads.map((p) => frame(text(p)))));
  for (const expected of payloads) {
    const packet = new Packet();
    t.is((await server.receive(packet)).status, SocketStatus.Done);
    t.is(Buffer.from(packet.getData()).toString(), expected);
  }
});

test('payloads of 0 to 70 bytes arrive byte for byte, copied by a loop or through a view', async (t) => {
  // Short payloads are copied into the packet byte by byte, longer ones through a view: both, the
  // sizes either side of the switch, and payloads that start at every alignment within one chunk.
  const listener = await listening(t);
  const { raw, server } = await acceptRaw(t, listener);
  const payloads = Array.from({ length: 71 }, (_, size) => Uint8Array.from({ length: size }, (_, i) => (size * 31 + i * 7) & 0xff));
  raw.write(Buffer.concat(payloads.map((payload) => frame(payload))));
  const packet = new Packet();
  for (const expected of payloads) {
    t.is((await server.receive(packet)).status, SocketStatus.Done);
    t.deepEqual(packet.getData(), expected, `${expected.length} bytes`);
  }
});

test('send(packet) puts exactly SFML\'s frame on the wire', async (t) => {
  const listener = await listening(t);
  const { raw, server } = await acceptRaw(t, listener);
  const received = collect(raw);
  const packet = new Packet().writeString('SFML');
  await server.send(packet);
  await server.send(new Packet());
  server.disconnect();
  t.deepEqual(await received, Buffer.concat([frame(packet.getData()), frame(new Uint8Array(0))]));
});

test('a 1 MiB packet arrives whole and the receiver reads it once', async (t) => {
  const listener = await listening(t);
  const { raw, server } = await acceptRaw(t, listener);
  const payload = Buffer.alloc(1024 * 1024, 7);
  payload.write('head', 0);
  payload.write('tail', payload.length - 4);
  raw.write(frame(payload));
  const packet = new Packet();
  t.is((await server.receive(packet)).status, SocketStatus.Done);
  t.deepEqual(Buffer.from(packet.getData()), payload);
});

test('a size prefix above the limit is an Error and drops the connection', async (t) => {
  const listener = await listening(t);
  const { raw, server } = await acceptRaw(t, listener);
  server.setMaxPacketSize(1000);
  const closed = new Promise<void>((resolve) => raw.once('end', () => resolve()));
  raw.write(frame(Buffer.alloc(1000)));
  raw.write(Buffer.from([0, 0, 3, 0xe9]));
  const ok = new Packet();
  t.is((await server.receive(ok)).status, SocketStatus.Done, 'a packet of exactly the limit is fine');
  t.is(ok.getDataSize(), 1000);
  const result = await server.receive(new Packet());
  t.is(result.status, SocketStatus.Error);
  t.is(result.error?.kind, 'Protocol');
  await closed;
  t.is((await server.receive(new Packet())).status, SocketStatus.Disconnected);
});
