// Byte-for-byte compatibility with SFML 2.5.1's sf::Packet and Java's DataOutputStream / DataInputStream,
// against golden vectors those libraries produced (generators in test/packet/vectors/).
import { createHash } from 'node:crypto';
import test from 'ava';
import { Packet } from '../../src/packet/Packet.js';
import { javaNumberVectors, javaReadUtfCases, javaUtfVectors } from './javaVectors.js';
import { type KindName, kinds } from './packetKinds.js';
import { sfmlGameMessageHex, sfmlReadCases, sfmlVectors } from './sfmlVectors.js';
import type { JavaNumberVector, JavaReadUtfCase, JavaUtfVector, SfmlReadCase, SfmlVector } from './vectorTypes.js';

const hexOf = (bytes: Uint8Array): string => Buffer.from(bytes).toString('hex');
const packetOf = (hex: string): Packet => new Packet().append(Buffer.from(hex, 'hex'));
const show = (value: unknown): string =>
  typeof value === 'string' ? JSON.stringify(value) : Object.is(value, -0) ? '-0' : String(value);

/** The Packet methods for each SFML type (`const char*` is written and read as a std::string). */
const sfmlKinds: Record<SfmlVector['type'], KindName> = {
  bool: 'Bool', int8: 'Int8', uint8: 'Uint8', int16: 'Int16', uint16: 'Uint16', int32: 'Int32', uint32: 'Uint32',
  int64: 'Int64', uint64: 'Uint64', float: 'Float', double: 'Double',
  string: 'String', cstring: 'String', wstring: 'WideString', sfstring: 'SfString',
};

/** The Packet methods for each DataOutputStream writer: Java's floats are the big-endian ones. */
const javaKinds: Record<JavaNumberVector['type'], KindName> = {
  bool: 'Bool', int8: 'Int8', int16: 'Int16', int32: 'Int32', int64: 'Int64', float: 'FloatBE', double: 'DoubleBE',
};

const sfmlWrite = test.macro({
  exec(t, vector: SfmlVector) {
    const packet = new Packet();
    kinds[sfmlKinds[vector.type]].write(packet, vector.value as never);
    t.is(hexOf(packet.getData()), vector.hex);
  },
  title: (_, vector: SfmlVector) => `writes SFML's bytes for ${vector.type} ${show(vector.value)}`,
});

const sfmlRead = test.macro({
  exec(t, vector: SfmlVector) {
    const packet = packetOf(vector.hex);
    t.true(Object.is(kinds[sfmlKinds[vector.type]].read(packet), vector.value));
    t.true(packet.isValid());
    t.true(packet.endOfPacket());
  },
  title: (_, vector: SfmlVector) => `reads SFML's bytes for ${vector.type} ${show(vector.value)}`,
});

for (const vector of sfmlVectors) {
  test(sfmlWrite, vector);
  test(sfmlRead, vector);
}

test('writes and reads the SFML game message', (t) => {
  const packet = new Packet().writeUint32(42);
  for (const value of [1.5, -2.25, 100, 0.5, 0, -0.125]) packet.writeFloat(value);
  packet.writeUint8(5).writeString('player-1');
  t.is(hexOf(packet.getData()), sfmlGameMessageHex);
  const received = packetOf(sfmlGameMessageHex);
  const fields = [received.readUint32(), ...Array.from({ length: 6 }, () => received.readFloat())];
  t.deepEqual([...fields, received.readUint8(), received.readString()], [42, 1.5, -2.25, 100, 0.5, 0, -0.125, 5, 'player-1']);
  t.true(received.isValid() && received.endOfPacket());
});

const sfmlReadCase = test.macro({
  exec(t, readCase: SfmlReadCase) {
    const packet = packetOf(readCase.hex);
    t.is(kinds[sfmlKinds[readCase.type]].read(packet), readCase.value);
    t.is(packet.isValid(), readCase.valid);
    t.is(packet.endOfPacket(), readCase.end);
  },
  title: (_, readCase: SfmlReadCase) => `reads ${readCase.type} from ${readCase.hex || 'nothing'} as SFML does: ${readCase.note}`,
});

for (const readCase of sfmlReadCases) test(sfmlReadCase, readCase);

const javaUtfTitle = (vector: JavaUtfVector): string =>
  vector.description === 'literal' ? JSON.stringify(vector.value) : vector.description;

const javaWriteUtf = test.macro({
  exec(t, vector: JavaUtfVector) {
    const packet = new Packet();
    if ('error' in vector) {
      t.throws(() => packet.writeUTF(vector.value), { instanceOf: RangeError, message: /^Packet\.writeUTF: / });
      t.is(packet.getDataSize(), 0);
      return;
    }
    packet.writeUTF(vector.value);
    if ('hex' in vector) {
      t.is(hexOf(packet.getData()), vector.hex);
    } else {
      t.is(packet.getDataSize(), vector.size);
      t.is(createHash('sha256').update(packet.getData()).digest('hex'), vector.sha256);
    }
    t.is(packet.readUTF(), vector.value);
    t.true(packet.isValid() && packet.endOfPacket());
  },
  title: (_, vector: JavaUtfVector) => `writeUTF matches Java for ${javaUtfTitle(vector)}`,
});

for (const vector of javaUtfVectors) test(javaWriteUtf, vector);

const javaReadUtf = test.macro({
  exec(t, readCase: JavaReadUtfCase) {
    const packet = packetOf(readCase.hex);
    const text = packet.readUTF();
    if ('value' in readCase) {
      t.is(text, readCase.value);
      t.true(packet.isValid() && packet.endOfPacket());
    } else {
      t.is(text, '');
      t.false(packet.isValid());
    }
  },
  title: (_, readCase: JavaReadUtfCase) => `readUTF agrees with Java on ${readCase.hex}: ${readCase.note}`,
});

for (const readCase of javaReadUtfCases) test(javaReadUtf, readCase);

const javaNumber = test.macro({
  exec(t, vector: JavaNumberVector, _index: number) {
    const packet = new Packet();
    kinds[javaKinds[vector.type]].write(packet, vector.value as never);
    t.is(hexOf(packet.getData()), vector.hex);
    t.true(Object.is(kinds[javaKinds[vector.type]].read(packetOf(vector.hex)), vector.value));
  },
  title: (_, vector: JavaNumberVector, index: number) => `matches DataOutputStream for ${vector.type} ${show(vector.value)} (#${index})`,
});

javaNumberVectors.forEach((vector, index) => test(javaNumber, vector, index));

test('writeFloatBE and writeDoubleBE canonicalise NaN payloads as Java does', (t) => {
  const payloadNaN = new Float64Array(new BigUint64Array([0x7ff8_0000_0000_0001n, 0x7ff4_0000_0000_0000n]).buffer);
  for (const nan of payloadNaN) {
    t.is(hexOf(new Packet().writeDoubleBE(nan).getData()), '7ff8000000000000');
    t.is(hexOf(new Packet().writeFloatBE(nan).getData()), '7fc00000');
  }
});
