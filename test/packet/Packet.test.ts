import test from 'ava';
import { acceptReceived, Packet, payloadForSend } from '../../src/packet/Packet.js';
import { type KindName, kinds } from './packetKinds.js';

const hexOf = (bytes: Uint8Array): string => Buffer.from(bytes).toString('hex');
const packetOf = (hex: string): Packet => new Packet().append(Buffer.from(hex, 'hex'));

const roundTrip = test.macro({
  exec(t, name: KindName) {
    const kind = kinds[name];
    const packet = new Packet();
    for (const value of kind.values) kind.write(packet, value as never);
    for (const value of kind.values) t.true(Object.is(kind.read(packet), value), `${name} ${String(value)}`);
    t.true(packet.isValid());
    t.true(packet.endOfPacket());
  },
  title: (_, name: KindName) => `${name} round-trips its extremes`,
});

const overrun = test.macro({
  exec(t, name: KindName) {
    const kind = kinds[name];
    const empty = new Packet();
    t.true(Object.is(kind.read(empty), kind.empty));
    t.false(empty.isValid());
    const packet = new Packet().writeUint8(1);
    packet.readUint32();
    t.false(packet.isValid());
    t.true(Object.is(kind.read(packet), kind.empty), 'an invalid packet reads defaults even with bytes left');
    t.is(packet.getReadPosition(), 0);
  },
  title: (_, name: KindName) => `read${name} past the end gives its default and invalidates`,
});

const chains = test.macro({
  exec(t, name: KindName) {
    const kind = kinds[name];
    const packet = new Packet();
    t.is(kind.write(packet, kind.values[0] as never), packet);
  },
  title: (_, name: KindName) => `write${name} returns the packet`,
});

for (const name of Object.keys(kinds) as KindName[]) {
  test(roundTrip, name);
  test(overrun, name);
  test(chains, name);
}

test('values of every kind interleave in one packet', (t) => {
  const packet = new Packet()
    .writeBool(true).writeInt8(-3).writeUint16(500).writeInt64(-5n).writeFloat(0.5).writeString('né')
    .writeDoubleBE(-0.25).writeUTF('ü').writeWideString('😀').writeUint32(7);
  t.deepEqual(
    [packet.readBool(), packet.readInt8(), packet.readUint16(), packet.readInt64(), packet.readFloat(), packet.readString()],
    [true, -3, 500, -5n, 0.5, 'né'],
  );
  t.deepEqual([packet.readDoubleBE(), packet.readUTF(), packet.readWideString(), packet.readUint32()], [-0.25, 'ü', '😀', 7]);
  t.true(packet.isValid() && packet.endOfPacket());
});

test('writeFloat rounds to the nearest float', (t) => {
  t.is(new Packet().writeFloat(0.1).readFloat(), Math.fround(0.1));
  t.is(new Packet().writeFloat(1e39).readFloat(), Number.POSITIVE_INFINITY);
});

test('writeString encodes a lone surrogate as U+FFFD', (t) => {
  const packet = new Packet().writeString('a\ud800b');
  t.is(hexOf(packet.getData()), '0000000561efbfbd62');
  t.is(packet.readString(), 'a\ufffdb');
});

test('readString decodes invalid UTF-8 with replacement characters and stays valid', (t) => {
  const packet = packetOf('00000004' + '61ff8062');
  t.is(packet.readString(), 'a\ufffd\ufffdb');
  t.true(packet.isValid());
  const long = packetOf('00000020' + '61'.repeat(31) + 'c3');
  t.is(long.readString(), `${'a'.repeat(31)}\ufffd`);
});

test('readWideString reads code points above U+10FFFF as U+FFFD', (t) => {
  const packet = packetOf('00000003' + '00000041' + '00110000' + 'ffffffff');
  t.is(packet.readWideString(), 'A\ufffd\ufffd');
  t.true(packet.isValid());
});

const declaredTooLong = test.macro({
  exec(t, read: (packet: Packet) => string, hex: string, lengthBytes: number) {
    const packet = packetOf(hex);
    t.is(read(packet), '');
    t.false(packet.isValid());
    t.is(packet.getReadPosition(), lengthBytes, 'SFML leaves the read position after the length');
  },
  title: (label) => `a declared length larger than what remains invalidates: ${label ?? ''}`,
});

test('readString, length 4294967295', declaredTooLong, (p: Packet) => p.readString(), 'ffffffff6162', 4);
test('readString, length 3 with 2 bytes', declaredTooLong, (p: Packet) => p.readString(), '000000036162', 4);
test('readWideString, 2^30 chars', declaredTooLong, (p: Packet) => p.readWideString(), '4000000000000061', 4);
test('readWideString, 2 chars with 7 bytes', declaredTooLong, (p: Packet) => p.readWideString(), '0000000200000061000000', 4);
test('readUTF, length 65535 with 1 byte', declaredTooLong, (p: Packet) => p.readUTF(), 'ffff61', 2);

test('readUTF of malformed modified UTF-8 invalidates and gives an empty string', (t) => {
  const packet = packetOf('0004f09f9880' + '0000');
  t.is(packet.readUTF(), '');
  t.false(packet.isValid());
  t.is(packet.readUTF(), '', 'and later reads fail too');
});

test('readUTF decodes strings longer than the decoder chunk', (t) => {
  const text = `${'é'.repeat(5000)}😀${'z'.repeat(9000)}`;
  t.is(new Packet().writeUTF(text).readUTF(), text);
});

test('writeUTF takes exactly 65535 bytes and refuses 65536 without writing', (t) => {
  const packet = new Packet().writeUTF('€'.repeat(21845));
  t.is(packet.getDataSize(), 65537);
  t.throws(() => packet.writeUTF('\0'.repeat(32768)), {
    instanceOf: RangeError,
    message: 'Packet.writeUTF: the string encodes to at least 65536 bytes, more than 65535',
  });
  t.throws(() => packet.writeUTF('a'.repeat(100_000)), { instanceOf: RangeError });
  t.is(packet.getDataSize(), 65537);
});

const rejects = test.macro({
  exec(t, call: (packet: Packet) => unknown, error: typeof TypeError | typeof RangeError, message: string) {
    const packet = new Packet();
    t.throws(() => call(packet), { instanceOf: error, message });
    t.is(packet.getDataSize(), 0, 'nothing is written');
  },
  title: (label) => `rejects ${label ?? ''}`,
});

const bad = <T>(value: unknown): T => value as T;
test('writeUint8(300)', rejects, (p: Packet) => p.writeUint8(300), RangeError, 'Packet.writeUint8: 300 is not an integer from 0 to 255');
test('writeUint8(-1)', rejects, (p: Packet) => p.writeUint8(-1), RangeError, 'Packet.writeUint8: -1 is not an integer from 0 to 255');
test('writeInt8(128)', rejects, (p: Packet) => p.writeInt8(128), RangeError, 'Packet.writeInt8: 128 is not an integer from -128 to 127');
test('writeInt16(1.5)', rejects, (p: Packet) => p.writeInt16(1.5), RangeError, 'Packet.writeInt16: 1.5 is not an integer from -32768 to 32767');
test('writeUint16(65536)', rejects, (p: Packet) => p.writeUint16(65536), RangeError, 'Packet.writeUint16: 65536 is not an integer from 0 to 65535');
test('writeInt32(2^31)', rejects, (p: Packet) => p.writeInt32(2 ** 31), RangeError, 'Packet.writeInt32: 2147483648 is not an integer from -2147483648 to 2147483647');
test('writeUint32(NaN)', rejects, (p: Packet) => p.writeUint32(Number.NaN), RangeError, 'Packet.writeUint32: NaN is not an integer from 0 to 4294967295');
test('writeUint32(Infinity)', rejects, (p: Packet) => p.writeUint32(Number.POSITIVE_INFINITY), RangeError, 'Packet.writeUint32: Infinity is not an integer from 0 to 4294967295');
test('writeUint32("5")', rejects, (p: Packet) => p.writeUint32(bad('5')), TypeError, 'Packet.writeUint32: expected a number, got string');
test('writeInt8(1n)', rejects, (p: Packet) => p.writeInt8(bad(1n)), TypeError, 'Packet.writeInt8: expected a number, got bigint');
test('writeInt64(2^63)', rejects, (p: Packet) => p.writeInt64(2n ** 63n), RangeError, 'Packet.writeInt64: 9223372036854775808n is not from -(2^63) to 2^63 - 1');
test('writeInt64(1)', rejects, (p: Packet) => p.writeInt64(bad(1)), TypeError, 'Packet.writeInt64: expected a bigint, got number');
test('writeUint64(-1n)', rejects, (p: Packet) => p.writeUint64(-1n), RangeError, 'Packet.writeUint64: -1n is not from 0 to 2^64 - 1');
test('writeBool(1)', rejects, (p: Packet) => p.writeBool(bad(1)), TypeError, 'Packet.writeBool: expected a boolean, got number');
test('writeFloat(null)', rejects, (p: Packet) => p.writeFloat(bad(null)), TypeError, 'Packet.writeFloat: expected a number, got null');
test('writeDoubleBE("1")', rejects, (p: Packet) => p.writeDoubleBE(bad('1')), TypeError, 'Packet.writeDoubleBE: expected a number, got string');
test('writeString(42)', rejects, (p: Packet) => p.writeString(bad(42)), TypeError, 'Packet.writeString: expected a string, got number');
test('writeWideString(undefined)', rejects, (p: Packet) => p.writeWideString(bad(undefined)), TypeError, 'Packet.writeWideString: expected a string, got undefined');
test('writeSfString({})', rejects, (p: Packet) => p.writeSfString(bad({})), TypeError, 'Packet.writeSfString: expected a string, got object');
test('writeUTF(1)', rejects, (p: Packet) => p.writeUTF(bad(1)), TypeError, 'Packet.writeUTF: expected a string, got number');
test('append([1])', rejects, (p: Packet) => p.append(bad([1])), TypeError, 'Packet.append: expected a Uint8Array, got object');

test('readBool reads any non-zero byte as true', (t) => {
  t.true(packetOf('02').readBool());
  t.false(packetOf('00').readBool());
});

test('clear empties, rewinds and revalidates, keeping the storage', (t) => {
  const packet = new Packet().writeString('x'.repeat(500));
  const storage = packet.getData().buffer;
  packet.readUint32();
  packet.readInt64();
  packet.readString();
  t.false(packet.isValid());
  packet.clear();
  t.is(packet.getDataSize(), 0);
  t.is(packet.getReadPosition(), 0);
  t.true(packet.isValid());
  t.true(packet.endOfPacket());
  t.is(packet.writeUint8(9).getData().buffer, storage);
  t.is(packet.readUint8(), 9);
});

test('endOfPacket follows the read position', (t) => {
  const packet = new Packet();
  t.true(packet.endOfPacket());
  packet.writeUint16(1).writeUint8(2);
  t.false(packet.endOfPacket());
  packet.readUint16();
  t.false(packet.endOfPacket());
  t.is(packet.getReadPosition(), 2);
  packet.readUint8();
  t.true(packet.endOfPacket());
  t.is(packet.getReadPosition(), 3);
});

test('getData is a view of the storage, not a copy', (t) => {
  const packet = new Packet().writeUint32(0x01020304);
  const data = packet.getData();
  t.is(data.length, 4);
  t.is(data.buffer, packet.getData().buffer);
  data[3] = 0xff;
  t.is(packet.readUint32(), 0x010203ff);
  t.is(new Packet().getData().length, 0);
});

test('the storage grows for many writes and keeps every byte', (t) => {
  const packet = new Packet();
  for (let i = 0; i < 10_000; i++) packet.writeUint32(i).writeString(i % 7 === 0 ? `é${i}` : `n${i}`);
  for (let i = 0; i < 10_000; i++) {
    if (packet.readUint32() !== i || packet.readString() !== (i % 7 === 0 ? `é${i}` : `n${i}`)) return t.fail(`entry ${i}`);
  }
  t.true(packet.isValid() && packet.endOfPacket());
});

test('append copies bytes, Buffers and the packet itself', (t) => {
  const packet = new Packet().append(Uint8Array.of(0, 1)).append(Buffer.from([2, 3]));
  packet.append(packet.getData());
  t.is(hexOf(packet.getData()), '0001020300010203');
  t.is(packet.append(new Uint8Array(0)).getDataSize(), 8);
});

class XorPacket extends Packet {
  protected override onSend(data: Uint8Array): Uint8Array {
    return data.map((byte) => byte ^ 0x5a);
  }

  protected override onReceive(data: Uint8Array): void {
    this.append(data.map((byte) => byte ^ 0x5a));
  }
}

test('payloadForSend gives a plain packet its own bytes, without copying', (t) => {
  const packet = new Packet().writeUint16(0x0102);
  const payload = payloadForSend(packet);
  t.is(hexOf(payload), '0102');
  t.is(payload.buffer, packet.getData().buffer);
});

test('acceptReceived clears the packet, then fills it through onReceive', (t) => {
  const packet = new Packet().writeUint8(99);
  packet.readUint32();
  acceptReceived(packet, Uint8Array.of(0, 7));
  t.true(packet.isValid());
  t.is(packet.readUint16(), 7);
  t.true(packet.endOfPacket());
});

test('a subclass transforms the bytes through onSend and onReceive', (t) => {
  const sent = new XorPacket().writeString('secret');
  const wire = payloadForSend(sent);
  t.not(hexOf(wire), hexOf(sent.getData()));
  t.is(sent.readString(), 'secret', 'sending leaves the packet as it was');
  const received = new XorPacket();
  acceptReceived(received, wire);
  t.is(received.readString(), 'secret');
});

test('acceptReceived turns a throwing onReceive into an invalid packet', (t) => {
  class Broken extends Packet {
    protected override onReceive(): void {
      throw new Error('cannot decode');
    }
  }
  const packet = new Broken();
  t.notThrows(() => acceptReceived(packet, Uint8Array.of(1)));
  t.false(packet.isValid());
  t.is(packet.readUint8(), 0);
});
