/**
 * Packet fuzzing with fast-check against an independent model (`packetModel.ts`), plus the string
 * edge cases a hostile peer would try: invalid and overlong UTF-8, lengths beyond the packet,
 * modified UTF-8 corner cases. `npm run fuzz` runs the same properties far longer.
 */
import test from 'ava';
import fc from 'fast-check';
import { Packet } from '../../src/packet/Packet.js';
import { PROPERTIES, READERS, checkReads } from './packetModel.js';

const RUNS = 2000;

for (const [name, check] of Object.entries(PROPERTIES)) {
  test(`fuzz: ${name} (${RUNS} cases)`, (t) => {
    const details = check(RUNS);
    t.is(details.numRuns, RUNS);
    t.false(details.failed, fc.defaultReportMessage(details) ?? '');
  });
}

const utf8Case = test.macro({
  exec: (t, bytes: readonly number[], expected: string) => {
    const packet = new Packet().writeUint32(bytes.length).append(Uint8Array.from(bytes)).writeUint8(0x7e);
    t.is(packet.readString(), expected);
    t.true(packet.isValid(), 'a std::string carries any bytes: replacement, not failure');
    t.is(packet.readUint8(), 0x7e, 'the read position moved by exactly the declared length');
  },
  title: (_, bytes: readonly number[]) => `readString of [${bytes.map((b) => b.toString(16)).join(' ')}] decodes with U+FFFD and stays in step`,
});
test(utf8Case, [0xc0, 0x80], '\ufffd\ufffd');
test(utf8Case, [0xe0, 0x80, 0xaf], '\ufffd\ufffd\ufffd');
test(utf8Case, [0xf0, 0x80, 0x80, 0xaf], '\ufffd\ufffd\ufffd\ufffd');
test(utf8Case, [0xed, 0xa0, 0x80], '\ufffd\ufffd\ufffd');
test(utf8Case, [0xf4, 0x90, 0x80, 0x80], '\ufffd\ufffd\ufffd\ufffd');
test(utf8Case, [0xff, 0xfe, 0x41], '\ufffd\ufffdA');
test(utf8Case, [0xe2, 0x82], '\ufffd');
test(utf8Case, [0xef, 0xbb, 0xbf, 0x41], '\ufeffA');
test(utf8Case, [0x41, 0x00, 0x42], 'A\0B');

const utfCase = test.macro({
  exec: (t, bytes: readonly number[], expected: string | null) => {
    const packet = new Packet().writeUint16(bytes.length).append(Uint8Array.from(bytes));
    const value = packet.readUTF();
    t.is(packet.isValid(), expected !== null);
    t.is(value, expected ?? '');
    t.true(packet.endOfPacket(), 'the declared bytes are consumed either way');
    t.is(checkReads(packet.getData(), READERS.filter((r) => r.name === 'readUTF')), null, 'the model agrees');
  },
  title: (_, bytes: readonly number[], expected: string | null) =>
    `readUTF of [${bytes.map((b) => b.toString(16)).join(' ')}] ${expected === null ? 'invalidates, as Java throws' : 'decodes as Java does'}`,
});
test(utfCase, [0xc0, 0x80], '\0');
test(utfCase, [0x00], '\0');
test(utfCase, [0xc1, 0xbf], '\x7f');
test(utfCase, [0xe0, 0x80, 0x80], '\0');
test(utfCase, [0xed, 0xa0, 0xbd, 0xed, 0xb8, 0x80], '\ud83d\ude00');
test(utfCase, [0xed, 0xa0, 0xbd], '\ud83d');
test(utfCase, [0xf0, 0x9f, 0x98, 0x80], null);
test(utfCase, [0x80], null);
test(utfCase, [0xbf, 0x41], null);
test(utfCase, [0xc3], null);
test(utfCase, [0xe2, 0x82], null);
test(utfCase, [0xe2, 0x28, 0xa1], null);
test(utfCase, [0xc3, 0x28], null);
test(utfCase, [0xf8, 0x80, 0x80, 0x80, 0x80], null);

test('declared lengths beyond the packet invalidate every string reader and later reads give defaults', (t) => {
  const cases: Array<[keyof Packet & `read${string}`, Uint8Array]> = [
    ['readString', Uint8Array.of(0xff, 0xff, 0xff, 0xff, 0x41)],
    ['readWideString', Uint8Array.of(0x40, 0, 0, 0, 0, 0, 0, 0x41)],
    ['readSfString', Uint8Array.of(0, 0, 0, 2, 0, 0, 0, 0x41)],
    ['readUTF', Uint8Array.of(0xff, 0xff, 0x41)],
    ['readUTF', Uint8Array.of(0)],
  ];
  for (const [reader, bytes] of cases) {
    const packet = new Packet().append(bytes);
    t.is(packet[reader](), '', reader);
    t.false(packet.isValid(), reader);
    t.is(packet.readUint8(), 0, `${reader}: a later read gives its default`);
    packet.clear();
    t.true(packet.isValid(), `${reader}: clear() makes it valid again`);
  }
});

test('a read that overruns does not move the read position past the end', (t) => {
  const packet = new Packet().append(Uint8Array.of(1, 2, 3));
  t.is(packet.readUint32(), 0);
  t.true(packet.getReadPosition() <= packet.getDataSize());
  t.is(packet.readUint8(), 0, 'even a byte that exists is not read once invalid (SFML rule)');
});
