/**
 * A packet holding one value of every type `Packet` writes, and its reading back as JSON values:
 * the same code runs in the browser (through `sfnet/browser`) and in the Node test.
 */
import type { Packet } from '../../../src/browser/index.js';

/** Writes one of each type (with awkward values: extremes, non-ASCII text, a lone surrogate). */
export function writeEveryType(packet: Packet, salt: number): Packet {
  return packet
    .writeBool(true)
    .writeBool(false)
    .writeInt8(-128 + salt)
    .writeUint8(255 - salt)
    .writeInt16(-32768)
    .writeUint16(65535 - salt)
    .writeInt32(-2147483648 + salt)
    .writeUint32(4294967295 - salt)
    .writeInt64(-9223372036854775808n + BigInt(salt))
    .writeUint64(18446744073709551615n - BigInt(salt))
    .writeFloat(3.5 + salt)
    .writeDouble(Math.PI * (salt + 1))
    .writeFloatBE(-0.25)
    .writeDoubleBE(Number.MAX_VALUE)
    .writeString(`héllo ✓ 😀 ${salt}`)
    .writeWideString('wide 😀 \u{10FFFF}')
    .writeSfString('sf ✓')
    .writeUTF('utf \u0000 😀')
    .append(Uint8Array.of(0, 1, 2, 253, 254, 255));
}

/** Reads back what {@link writeEveryType} wrote, as JSON values (64-bit integers as text). */
export function readEveryType(packet: Packet): unknown[] {
  return [
    packet.readBool(),
    packet.readBool(),
    packet.readInt8(),
    packet.readUint8(),
    packet.readInt16(),
    packet.readUint16(),
    packet.readInt32(),
    packet.readUint32(),
    String(packet.readInt64()),
    String(packet.readUint64()),
    packet.readFloat(),
    packet.readDouble(),
    packet.readFloatBE(),
    packet.readDoubleBE(),
    packet.readString(),
    packet.readWideString(),
    packet.readSfString(),
    packet.readUTF(),
    [packet.readUint8(), packet.readUint8(), packet.readUint8(), packet.readUint8(), packet.readUint8(), packet.readUint8()],
    packet.endOfPacket(),
  ];
}

/** Lower-case hex of bytes. */
export function hex(bytes: Uint8Array): string {
  let text = '';
  for (const byte of bytes) text += byte.toString(16).padStart(2, '0');
  return text;
}
