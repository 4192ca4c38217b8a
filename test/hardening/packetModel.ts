/**
 * An independent model of `Packet`'s readers for property-based fuzzing: what each read returns
 * and whether it leaves the packet valid, computed from the raw bytes with `Buffer` and
 * `TextDecoder` rather than with the packet's own code. Shared by `packetFuzz.test.ts` (a few
 * thousand cases) and `bench/fuzz.ts` (hundreds of thousands).
 */
import fc from 'fast-check';
import { Packet, acceptReceived } from '../../src/packet/Packet.js';
import { ZipPacket } from '../../src/packet/ZipPacket.js';

/** A reader: its name and its expected outcome at `at` in `bytes` (`null` when it must invalidate). */
export interface ReaderModel {
  readonly name: ReaderName;
  readonly expect: (bytes: Buffer, at: number) => { readonly value: unknown; readonly next: number } | null;
}

/** The readers of `Packet`. */
export type ReaderName =
  | 'readBool' | 'readInt8' | 'readUint8' | 'readInt16' | 'readUint16' | 'readInt32' | 'readUint32'
  | 'readInt64' | 'readUint64' | 'readFloat' | 'readDouble' | 'readFloatBE' | 'readDoubleBE'
  | 'readString' | 'readWideString' | 'readSfString' | 'readUTF';

const utf8 = new TextDecoder('utf-8', { fatal: false, ignoreBOM: true });

/** A fixed-width reader read with `Buffer`'s own method. */
function fixed(name: ReaderName, width: number, read: (bytes: Buffer, at: number) => unknown): ReaderModel {
  return { name, expect: (bytes, at) => (at + width > bytes.length ? null : { value: read(bytes, at), next: at + width }) };
}

/** A length-prefixed reader: `count` units of `unit` bytes after a `prefix`-byte count. */
function counted(name: ReaderName, prefix: 2 | 4, unit: number, decode: (body: Buffer, count: number) => unknown): ReaderModel {
  return {
    name,
    expect: (bytes, at) => {
      if (at + prefix > bytes.length) return null;
      const count = prefix === 2 ? bytes.readUInt16BE(at) : bytes.readUInt32BE(at);
      const end = at + prefix + unit * count;
      if (end > bytes.length) return null;
      const value = decode(bytes.subarray(at + prefix, end), count);
      return value === null ? null : { value, next: end };
    },
  };
}

/** UTF-32 code points as `std::wstring` / `sf::String` hold them; above U+10FFFF is U+FFFD. */
function utf32(body: Buffer, count: number): string {
  let text = '';
  for (let i = 0; i < count; i++) {
    const point = body.readUInt32BE(4 * i);
    text += point > 0x10ffff ? '\ufffd' : point < 0x10000 ? String.fromCharCode(point) : String.fromCodePoint(point);
  }
  return text;
}

/** `java.io.DataInputStream.readUTF`'s decoding, transcribed from the JDK: `null` where Java throws. */
export function javaReadUtf(body: Buffer): string | null {
  const units: number[] = [];
  let i = 0;
  while (i < body.length) {
    const c = body[i] as number;
    switch (c >> 4) {
      case 0: case 1: case 2: case 3: case 4: case 5: case 6: case 7:
        units.push(c);
        i += 1;
        break;
      case 12: case 13: {
        if (i + 2 > body.length) return null;
        const c2 = body[i + 1] as number;
        if ((c2 & 0xc0) !== 0x80) return null;
        units.push(((c & 0x1f) << 6) | (c2 & 0x3f));
        i += 2;
        break;
      }
      case 14: {
        if (i + 3 > body.length) return null;
        const c2 = body[i + 1] as number;
        const c3 = body[i + 2] as number;
        if ((c2 & 0xc0) !== 0x80 || (c3 & 0xc0) !== 0x80) return null;
        units.push(((c & 0x0f) << 12) | ((c2 & 0x3f) << 6) | (c3 & 0x3f));
        i += 3;
        break;
      }
      default:
        return null;
    }
  }
  return units.map((unit) => String.fromCharCode(unit)).join('');
}

/** Every reader with its model. */
export const READERS: readonly ReaderModel[] = [
  fixed('readBool', 1, (b, at) => b[at] !== 0),
  fixed('readInt8', 1, (b, at) => b.readInt8(at)),
  fixed('readUint8', 1, (b, at) => b.readUInt8(at)),
  fixed('readInt16', 2, (b, at) => b.readInt16BE(at)),
  fixed('readUint16', 2, (b, at) => b.readUInt16BE(at)),
  fixed('readInt32', 4, (b, at) => b.readInt32BE(at)),
  fixed('readUint32', 4, (b, at) => b.readUInt32BE(at)),
  fixed('readInt64', 8, (b, at) => b.readBigInt64BE(at)),
  fixed('readUint64', 8, (b, at) => b.readBigUInt64BE(at)),
  fixed('readFloat', 4, (b, at) => b.readFloatLE(at)),
  fixed('readDouble', 8, (b, at) => b.readDoubleLE(at)),
  fixed('readFloatBE', 4, (b, at) => b.readFloatBE(at)),
  fixed('readDoubleBE', 8, (b, at) => b.readDoubleBE(at)),
  counted('readString', 4, 1, (body) => utf8.decode(body)),
  counted('readWideString', 4, 4, utf32),
  counted('readSfString', 4, 4, utf32),
  counted('readUTF', 2, 1, javaReadUtf),
];

/** The default each reader returns once the packet is invalid. */
export function defaultOf(name: ReaderName): unknown {
  if (name === 'readBool') return false;
  if (name === 'readInt64' || name === 'readUint64') return 0n;
  return name.startsWith('read') && /String|UTF/.test(name) ? '' : 0;
}

/** Calls a reader by name. */
export function callReader(packet: Packet, name: ReaderName): unknown {
  return packet[name]();
}

/** What a mismatch looks like, for fast-check's report; `null` when the packet matched the model. */
export function checkReads(bytes: Uint8Array, readers: readonly ReaderModel[]): string | null {
  const buffer = Buffer.from(bytes);
  const packet = new Packet().append(bytes);
  let at = 0;
  let valid = true;
  for (const [step, reader] of readers.entries()) {
    const expected = valid ? reader.expect(buffer, at) : null;
    if (expected === null) valid = false;
    const value = callReader(packet, reader.name);
    const want = expected === null ? defaultOf(reader.name) : expected.value;
    if (!Object.is(value, want) && !(typeof want === 'bigint' && value === want)) {
      return `step ${step} ${reader.name} at ${at}: got ${String(value)}, model ${String(want)}`;
    }
    if (packet.isValid() !== valid) return `step ${step} ${reader.name} at ${at}: isValid() ${packet.isValid()}, model ${valid}`;
    if (expected !== null) at = expected.next;
    if (valid && packet.getReadPosition() !== at) return `step ${step} ${reader.name}: read position ${packet.getReadPosition()}, model ${at}`;
  }
  return null;
}

/** A writer call with the value it writes, and the reader that reads it back. */
export interface WriteStep {
  readonly write: (packet: Packet) => void;
  readonly reader: ReaderName;
  readonly value: unknown;
}

const step = <T>(arbitrary: fc.Arbitrary<T>, reader: ReaderName, write: (packet: Packet, value: T) => void, read: (value: T) => unknown = (v) => v): fc.Arbitrary<WriteStep> =>
  arbitrary.map((value) => ({ write: (packet: Packet) => write(packet, value), reader, value: read(value) }));

/** Any write of any value, with what reading it back must give. */
export const writeStep: fc.Arbitrary<WriteStep> = fc.oneof(
  step(fc.boolean(), 'readBool', (p, v) => p.writeBool(v)),
  step(fc.integer({ min: -128, max: 127 }), 'readInt8', (p, v) => p.writeInt8(v)),
  step(fc.integer({ min: 0, max: 0xffff }), 'readUint16', (p, v) => p.writeUint16(v)),
  step(fc.integer({ min: -0x80000000, max: 0x7fffffff }), 'readInt32', (p, v) => p.writeInt32(v)),
  step(fc.bigInt({ min: 0n, max: 2n ** 64n - 1n }), 'readUint64', (p, v) => p.writeUint64(v)),
  step(fc.float({ noNaN: true }), 'readFloat', (p, v) => p.writeFloat(v)),
  step(fc.double({ noNaN: true }), 'readDoubleBE', (p, v) => p.writeDoubleBE(v)),
  step(fc.string({ unit: 'grapheme', maxLength: 40 }), 'readString', (p, v) => p.writeString(v)),
  step(fc.string({ unit: 'grapheme', maxLength: 20 }), 'readWideString', (p, v) => p.writeWideString(v)),
  step(fc.string({ unit: 'binary', maxLength: 40 }), 'readUTF', (p, v) => p.writeUTF(v)),
);

/** A small count as a uint32 or uint16, so that string lengths often land near the bytes left. */
const smallCount: fc.Arbitrary<Uint8Array> = fc
  .tuple(fc.integer({ min: 0, max: 40 }), fc.boolean())
  .map(([count, wide]) => (wide ? Uint8Array.of(0, 0, 0, count) : Uint8Array.of(0, count)));

/** Random bytes: pure noise, or noise interleaved with small counts. */
const hostileBytes: fc.Arbitrary<Uint8Array> = fc.oneof(
  fc.uint8Array({ maxLength: 96 }),
  fc.array(fc.oneof(fc.uint8Array({ maxLength: 8 }), smallCount), { maxLength: 12 }).map((parts) => Uint8Array.from(Buffer.concat(parts))),
);

/** Property: any bytes, read with any sequence of readers, behave as the model says and never throw. */
export function randomBytesProperty(): fc.IPropertyWithHooks<[Uint8Array, ReaderModel[]]> {
  return fc.property(hostileBytes, fc.array(fc.constantFrom(...READERS), { minLength: 1, maxLength: 12 }), (bytes, readers) => {
    const mismatch = checkReads(bytes, readers);
    if (mismatch !== null) throw new Error(mismatch);
  });
}

/** Property: a valid packet cut anywhere reads back its values up to the cut, then invalid defaults. */
export function truncationProperty(): fc.IPropertyWithHooks<[WriteStep[], number]> {
  return fc.property(fc.array(writeStep, { minLength: 1, maxLength: 8 }), fc.nat(), (steps, cutSeed) => {
    const whole = new Packet();
    for (const s of steps) s.write(whole);
    const bytes = whole.getData().slice(0, cutSeed % (whole.getDataSize() + 1));
    const readers = steps.map((s) => READERS.find((r) => r.name === s.reader) as ReaderModel);
    const mismatch = checkReads(bytes, readers);
    if (mismatch !== null) throw new Error(mismatch);
    const packet = new Packet().append(bytes);
    for (const s of steps) {
      const value = callReader(packet, s.reader);
      if (packet.isValid() && !Object.is(value, s.value) && value !== s.value) throw new Error(`${s.reader}: ${String(value)} != ${String(s.value)}`);
    }
  });
}

/** Property: a string whose declared length overruns by `excess` bytes is '' and invalidates; nothing is allocated by the claim. */
export function declaredLengthProperty(): fc.IPropertyWithHooks<[ReaderName, number, Uint8Array]> {
  const names: ReaderName[] = ['readString', 'readWideString', 'readSfString', 'readUTF'];
  return fc.property(fc.constantFrom(...names), fc.integer({ min: 1, max: 0xffffffff }), fc.uint8Array({ maxLength: 32 }), (name, excess, body) => {
    const width = name === 'readUTF' ? 2 : 4;
    const unit = name === 'readString' || name === 'readUTF' ? 1 : 4;
    const claim = Math.min(width === 2 ? 0xffff : 0xffffffff, Math.ceil((body.length + excess) / unit));
    if (claim * unit <= body.length) return;
    const head = Buffer.alloc(width);
    if (width === 2) head.writeUInt16BE(claim);
    else head.writeUInt32BE(claim);
    const packet = new Packet().append(Buffer.concat([head, body]));
    if (callReader(packet, name) !== '' || packet.isValid()) throw new Error(`${name} claim ${claim} over ${body.length} bytes did not invalidate`);
  });
}

/** Property: a `ZipPacket` (or plain packet) receiving any bytes never throws, and a bad zlib stream leaves it invalid. */
export function zipReceiveProperty(): fc.IPropertyWithHooks<[Uint8Array]> {
  return fc.property(fc.uint8Array({ maxLength: 128 }), (bytes) => {
    const zip = new ZipPacket();
    acceptReceived(zip, bytes);
    for (const reader of READERS) callReader(zip, reader.name);
    const plain = new Packet();
    acceptReceived(plain, bytes);
    if (!plain.isValid() || plain.getDataSize() !== bytes.length) throw new Error('a plain packet must take any bytes as they are');
  });
}

/** Checks `property` with `numRuns` cases; the report is typed loosely so properties can share a table. */
const runner =
  <Ts extends unknown[]>(property: () => fc.IProperty<Ts>) =>
  (numRuns: number, seed?: number): fc.RunDetails<unknown> =>
    fc.check(property(), seed === undefined ? { numRuns } : { numRuns, seed }) as fc.RunDetails<unknown>;

/** The properties run by the test and by `bench/fuzz.ts`, by name: each checks `numRuns` cases (from `seed` when given). */
export const PROPERTIES: Readonly<Record<string, (numRuns: number, seed?: number) => fc.RunDetails<unknown>>> = {
  'random bytes, every reader': runner(randomBytesProperty),
  'valid packets cut anywhere': runner(truncationProperty),
  'declared string length beyond the packet': runner(declaredLengthProperty),
  'ZipPacket receiving arbitrary bytes': runner(zipReceiveProperty),
};
