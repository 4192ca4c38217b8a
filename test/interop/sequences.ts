/**
 * What the interop peers expect and send back: the "values" sequences (mirrored, item by item,
 * by `sequence()` in peers/sfml_peer.cpp and peers/JavaPeer.java), the 1 MiB string and the 8 MiB
 * payload with its FNV-1a checksum.
 */
import type { ExecutionContext } from 'ava';
import { Packet } from '../../src/packet/Packet.js';
import { type KindName, kinds } from '../packet/packetKinds.js';

/** One value and the Packet methods (by name) that write and read it. */
export interface Item {
  readonly kind: KindName;
  readonly value: unknown;
}

const FLOAT_MAX = 3.4028234663852886e38;
const FLOAT_SUBNORMAL_MIN = 2 ** -149;
const FLOAT_SUBNORMAL_MAX = 2 ** -126 - 2 ** -149;
const DOUBLE_SUBNORMAL_MAX = 2 ** -1022 - 2 ** -1074;
const SPECIALS = [-0, Infinity, -Infinity, NaN];

const items = (kind: KindName, ...values: unknown[]): Item[] => values.map((value) => ({ kind, value }));

/** 20 000 letters, a to z repeated. */
const longText = Array.from({ length: 20_000 }, (_, i) => String.fromCharCode(97 + (i % 26))).join('');

/** 10 000 characters cycling a, é, €, NUL: 20 000 bytes of modified UTF-8. */
const longUtf = Array.from({ length: 10_000 }, (_, i) => ['a', '\u00e9', '\u20ac', '\0'][i % 4]).join('');

/** The integers both peers send: every width at its extremes. */
const integers: Item[] = [
  ...items('Bool', true, false),
  ...items('Int8', -128, 127),
  ...items('Uint8', 0, 255),
  ...items('Int16', -32768, 32767),
  ...items('Uint16', 0, 65535),
  ...items('Int32', -(2 ** 31), 2 ** 31 - 1),
  ...items('Uint32', 0, 2 ** 32 - 1),
  ...items('Int64', -(2n ** 63n), 2n ** 63n - 1n),
  ...items('Uint64', 0n, 2n ** 64n - 1n),
];

const floats = [1.5, ...SPECIALS, FLOAT_SUBNORMAL_MIN, FLOAT_SUBNORMAL_MAX, FLOAT_MAX];
const doubles = [0.1, ...SPECIALS, Number.MIN_VALUE, DOUBLE_SUBNORMAL_MAX, Number.MAX_VALUE];

/** The SFML peer's sequence: sf::Packet's layout (little-endian floats, UTF-32 wide strings). */
export const sfmlItems: readonly Item[] = [
  ...integers,
  ...items('Float', ...floats),
  ...items('Double', ...doubles),
  ...items('String', '', 'hello', 'h\u00e9llo w\u00f6rld \u20ac\u{1F600} \u65e5\u672c', 'a\0b', longText),
  ...items('WideString', '', 'wide \u00fc\u20ac\u{1F600}'),
  ...items('SfString', '', 'sf \u00fc\u20ac\u{1F600}\u{1D11E}'),
];

/** The Java peer's sequence: DataOutputStream's big-endian floats, writeUTF, and SFML-style strings. */
export const javaItems: readonly Item[] = [
  ...integers,
  ...items('FloatBE', ...floats),
  ...items('DoubleBE', ...doubles),
  ...items('UTF', '', 'hello', 'a\0b', '\u{1F600}', 'mix \u00e9\u20ac\u{1F600}\u{1D11E}\0!', longUtf),
  ...items('String', '', 'h\u00e9llo \u20ac\u{1F600}'),
];

/** A packet holding `sequence`, written by our Packet. */
export function packetOf(sequence: readonly Item[]): Packet {
  const packet = new Packet();
  for (const { kind, value } of sequence) kinds[kind].write(packet, value as never);
  return packet;
}

const show = (value: unknown): string =>
  typeof value === 'string' ? (value.length > 40 ? `${value.length} chars` : JSON.stringify(value)) : Object.is(value, -0) ? '-0' : String(value);

/** Reads `sequence` back from `packet` and asserts every value (`Object.is`: -0 and NaN exactly), then the end. */
export function checkSequence(t: ExecutionContext, packet: Packet, sequence: readonly Item[]): void {
  const wrong: string[] = [];
  sequence.forEach(({ kind, value }, index) => {
    const got = kinds[kind].read(packet);
    if (!Object.is(got, value)) wrong.push(`#${index} ${kind}: got ${show(got)}, expected ${show(value)}`);
  });
  t.deepEqual(wrong, [], 'every value read back');
  t.true(packet.isValid() && packet.endOfPacket(), 'valid, nothing left over');
}

const ALPHABET = '0123456789abcdefghijklmnopqrstuvwxyz';

/** The payload size of the "mib" packet: one std::string whose 4-byte length makes it 1 MiB. */
export const MIB = 1024 * 1024;

/** The 1 MiB packet's string (MIB - 4 ASCII characters, not periodic). */
export function mibText(): string {
  return Array.from({ length: MIB - 4 }, (_, i) => ALPHABET[(i * 7 + (i >>> 10)) % 36]).join('');
}

/** The size of the payload sent in non-blocking mode. */
export const BIG = 8 * 1024 * 1024;

/** The 8 MiB payload the peers check byte by byte. */
export function bigPayload(): Uint8Array {
  const bytes = new Uint8Array(BIG);
  for (let i = 0; i < BIG; i++) bytes[i] = (i * 31 + (i >>> 11)) & 0xff;
  return bytes;
}

/** 32-bit FNV-1a, the checksum the peers report for the big payload. */
export function fnv1a(bytes: Uint8Array): number {
  let hash = 0x811c9dc5;
  for (const byte of bytes) hash = Math.imul(hash ^ byte, 16777619) >>> 0;
  return hash;
}
