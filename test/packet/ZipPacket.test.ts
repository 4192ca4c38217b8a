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
