import { deflateSync, inflateSync } from 'node:zlib';
import test from 'ava';
import { acceptReceived, payloadForSend } from '../../src/packet/Packet.js';
import { ZipPacket } from '../../src/packet/ZipPacket.js';

test('a ZipPacket round-trips through payloadForSend and acceptReceived, compressed', (t) => {
  const sent = new ZipPacket().writeUint32(42).writeString('hello '.repeat(1000)).writeDouble(-0.5);
  const wire = payloadForSend(sent);
  t.true(wire.length < sent.getDataSize() / 10);
  const received = new ZipPacket();
  acceptReceived(received, wire);
  t.true(received.isValid());
  t.is(received.readUint32(), 42);
  t.is(received.readString(), 'hello '.repeat(1000));
  t.is(received.readDouble(), -0.5);
  t.true(received.endOfPacket());
});

test('the wire format is a plain zlib stream', (t) => {
  const sent = new ZipPacket({ level: 9 }).writeString('interop');
  t.deepEqual(inflateSync(payloadForSend(sent)), Buffer.from(sent.getData()));
  const received = new ZipPacket();
  acceptReceived(received, deflateSync(Buffer.from('0000000361626364', 'hex')));
  t.is(received.readString(), 'abc');
  t.is(received.readUint8(), 0x64);
});

test('a decompression bomb leaves the packet invalid and empty, without throwing', (t) => {
  const bomb = deflateSync(new Uint8Array(64 * 1024 * 1024), { level: 9 });
  t.true(bomb.length < 128 * 1024);
  const packet = new ZipPacket();
  t.notThrows(() => acceptReceived(packet, bomb));
  t.false(packet.isValid());
  t.is(packet.getDataSize(), 0);
  t.is(packet.readUint32(), 0);
});

test('maxOutputLength is the exact limit', (t) => {
  const limit = 1024;
  const packet = new ZipPacket({ maxOutputLength: limit });
  t.is(packet.maxOutputLength, limit);
  acceptReceived(packet, deflateSync(new Uint8Array(limit)));
  t.true(packet.isValid());
  t.is(packet.getDataSize(), limit);
  acceptReceived(packet, deflateSync(new Uint8Array(limit + 1)));
  t.false(packet.isValid());
  acceptReceived(packet, deflateSync(Uint8Array.of(7)));
  t.true(packet.isValid(), 'the next receive starts afresh');
  t.is(packet.readUint8(), 7);
});

test('corrupt or empty payloads leave the packet invalid', (t) => {
  const packet = new ZipPacket();
  for (const payload of [Uint8Array.of(1, 2, 3), new Uint8Array(0), deflateSync(Uint8Array.of(1, 2)).subarray(0, 4)]) {
    t.notThrows(() => acceptReceived(packet, payload));
    t.false(packet.isValid());
  }
});

test('the default limit is 4 MiB', (t) => {
  t.is(new ZipPacket().maxOutputLength, 4 * 1024 * 1024);
});

test('a packet over maxCompressLength (default 256 KiB) is sent in stored blocks, which any zlib inflates', (t) => {
  t.is(new ZipPacket().maxCompressLength, 256 * 1024);
  const atLimit = new ZipPacket().append(new Uint8Array(256 * 1024));
  t.true(payloadForSend(atLimit).length < 1024, 'up to the limit it is deflated');
  const over = new ZipPacket().append(new Uint8Array(256 * 1024 + 1).fill(7));
  const wire = payloadForSend(over);
  t.true(wire.length > over.getDataSize(), 'stored: the bytes plus the block headers');
  t.is(wire[1] as number >> 6, 0, 'the zlib header says fastest (level 0)');
  t.deepEqual(inflateSync(wire), Buffer.from(over.getData()));
  const received = new ZipPacket();
  acceptReceived(received, wire);
  t.is(received.getDataSize(), 256 * 1024 + 1);
  const small = new ZipPacket({ maxCompressLength: 0 }).writeString('x'.repeat(100));
  t.true(payloadForSend(small).length > small.getDataSize(), 'a limit of 0 stores every packet');
});

// A corrupt frame costs as much as zlib allocates for it until the GC runs: a fixed 1 KiB output
// chunk made a burst of 20,000 five-byte frames leave ~20 MiB of garbage, and Node 24 collects it
// later than Node 20 (the hardening/flow burst peaked at 7 MiB there).
test('inflating a corrupt payload of a few bytes makes zlib allocate output room for a few bytes, not a fixed KiB', (t) => {
  const sizes: number[] = [];
  const allocUnsafe = Buffer.allocUnsafe;
  Buffer.allocUnsafe = (size: number): Buffer<ArrayBuffer> => {
    sizes.push(size);
    return allocUnsafe(size);
  };
  const packet = new ZipPacket();
  try {
    acceptReceived(packet, Uint8Array.of(0x78, 0x9c, 0xff, 0xff, 0xff));
  } finally {
    Buffer.allocUnsafe = allocUnsafe;
  }
  t.false(packet.isValid());
  t.true(sizes.length > 0, 'zlib takes its output room from Buffer.allocUnsafe');
  t.true(Math.max(...sizes) <= 64, `allocated ${sizes.join(', ')} bytes`);
});

const badOption = test.macro({
  exec(t, options: ConstructorParameters<typeof ZipPacket>[0], message: RegExp) {
    t.throws(() => new ZipPacket(options), { instanceOf: RangeError, message });
  },
  title: (_, options) => `rejects ${JSON.stringify(options)}`,
});

test(badOption, { maxOutputLength: 0 }, /^ZipPacket: maxOutputLength 0 is not an integer from 1 to \d+$/);
test(badOption, { maxOutputLength: 1.5 }, /maxOutputLength 1\.5/);
test(badOption, { maxOutputLength: 2 ** 60 }, /maxOutputLength/);
test(badOption, { level: 10 }, /^ZipPacket: level 10 is not an integer from -1 to 9$/);
test(badOption, { level: -2 }, /level -2/);
test(badOption, { maxCompressLength: -1 }, /^ZipPacket: maxCompressLength -1 is not an integer from 0 to \d+$/);
test(badOption, { maxCompressLength: 0.5 }, /maxCompressLength 0\.5/);
