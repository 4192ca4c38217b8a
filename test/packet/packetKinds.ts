// Every Packet writer with its reader, by the name after write/read, and the values a round trip
// must preserve; shared by the round-trip and golden-vector tests.
import type { Packet } from '../../src/packet/Packet.js';

/** A writer and its reader, by name, with the values a round trip must preserve. */
export interface Kind {
  readonly write: (packet: Packet, value: never) => Packet;
  readonly read: (packet: Packet) => unknown;
  readonly values: readonly unknown[];
  readonly empty: unknown;
}

/** The names after `write` / `read`. */
export type KindName =
  | 'Bool' | 'Int8' | 'Uint8' | 'Int16' | 'Uint16' | 'Int32' | 'Uint32' | 'Int64' | 'Uint64'
  | 'Float' | 'Double' | 'FloatBE' | 'DoubleBE' | 'String' | 'WideString' | 'SfString' | 'UTF';

const specials = [0, -0, 1.5, -2.25, Number.NaN, Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY];
const texts = ['', 'hello', 'a\0b', 'hé', '😀', 'x'.repeat(1000), 'é'.repeat(5000), `${'a'.repeat(60)}é`, '\uFEFFbom'];

export const kinds: Record<KindName, Kind> = {
  Bool: { write: (p, v: boolean) => p.writeBool(v), read: (p) => p.readBool(), values: [true, false], empty: false },
  Int8: { write: (p, v: number) => p.writeInt8(v), read: (p) => p.readInt8(), values: [-128, -1, 0, 127], empty: 0 },
  Uint8: { write: (p, v: number) => p.writeUint8(v), read: (p) => p.readUint8(), values: [0, 1, 255], empty: 0 },
  Int16: { write: (p, v: number) => p.writeInt16(v), read: (p) => p.readInt16(), values: [-32768, -1, 32767], empty: 0 },
  Uint16: { write: (p, v: number) => p.writeUint16(v), read: (p) => p.readUint16(), values: [0, 65535], empty: 0 },
  Int32: { write: (p, v: number) => p.writeInt32(v), read: (p) => p.readInt32(), values: [-(2 ** 31), -1, 2 ** 31 - 1], empty: 0 },
  Uint32: { write: (p, v: number) => p.writeUint32(v), read: (p) => p.readUint32(), values: [0, 2 ** 32 - 1], empty: 0 },
  Int64: {
    write: (p, v: bigint) => p.writeInt64(v),
    read: (p) => p.readInt64(),
    values: [-(2n ** 63n), -1n, 0n, 2n ** 63n - 1n],
    empty: 0n,
  },
  Uint64: { write: (p, v: bigint) => p.writeUint64(v), read: (p) => p.readUint64(), values: [0n, 2n ** 64n - 1n], empty: 0n },
  Float: { write: (p, v: number) => p.writeFloat(v), read: (p) => p.readFloat(), values: [...specials, 3.4028234663852886e38], empty: 0 },
  Double: { write: (p, v: number) => p.writeDouble(v), read: (p) => p.readDouble(), values: [...specials, Number.MIN_VALUE], empty: 0 },
  FloatBE: { write: (p, v: number) => p.writeFloatBE(v), read: (p) => p.readFloatBE(), values: specials, empty: 0 },
  DoubleBE: { write: (p, v: number) => p.writeDoubleBE(v), read: (p) => p.readDoubleBE(), values: specials, empty: 0 },
  String: { write: (p, v: string) => p.writeString(v), read: (p) => p.readString(), values: texts, empty: '' },
  WideString: {
    write: (p, v: string) => p.writeWideString(v),
    read: (p) => p.readWideString(),
    values: [...texts, '\ud800', 'a\udc00b'],
    empty: '',
  },
  SfString: { write: (p, v: string) => p.writeSfString(v), read: (p) => p.readSfString(), values: texts, empty: '' },
  UTF: { write: (p, v: string) => p.writeUTF(v), read: (p) => p.readUTF(), values: [...texts, '\ud800'], empty: '' },
};

