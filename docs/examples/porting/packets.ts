/**
 * Packets as SFML's tutorial uses them: typed values in and out, a custom type written with a
 * pair of functions (the `operator <<` / `operator >>` of C++), the same as a `Packet`
 * subclass, and packets that transform their bytes with `onSend` / `onReceive`.
 *
 * @module
 */
import { Packet, PacketLayout, ZipPacket } from '../../../src/index.js';

// #region primitives
/** Writes three values and reads them back, as `packet << x << s << d` then `packet >> x >> s >> d`. */
export function roundTrip(): { x: number; s: string; d: number; valid: boolean } {
  const packet = new Packet().writeUint16(10).writeString('hello').writeDouble(0.6);
  const x = packet.readUint16();
  const s = packet.readString();
  const d = packet.readDouble();
  return { x, s, d, valid: packet.isValid() }; // isValid(): SFML's `if (packet >> ...)`
}
// #endregion primitives

// #region custom-type
/** The tutorial's custom type. */
export interface Character {
  age: number; // sf::Uint8
  name: string; // std::string
  weight: number; // float
}

/** `packet << character`: write the fields in order, and return the packet to chain. */
export function writeCharacter(packet: Packet, character: Character): Packet {
  return packet.writeUint8(character.age).writeString(character.name).writeFloat(character.weight);
}

/** `packet >> character`: read the fields in the same order; check `packet.isValid()` after. */
export function readCharacter(packet: Packet): Character {
  return { age: packet.readUint8(), name: packet.readString(), weight: packet.readFloat() };
}
// #endregion custom-type

// #region packet-layout
/** The same Character, declared once: the same bytes as writeCharacter, compiled into one writer and one reader. */
export const CharacterLayout = new PacketLayout({ age: 'uint8', name: 'string', weight: 'float' });

/** Writes with the layout, reads it back into an object kept across messages. */
export function layoutRoundTrip(character: Character, reused: Character): { bytes: Uint8Array; valid: boolean } {
  const packet = CharacterLayout.write(new Packet(), character);
  CharacterLayout.read(packet, reused); // fills `reused`; without it, read returns a new object
  return { bytes: packet.getData(), valid: packet.isValid() };
}
// #endregion packet-layout

// #region custom-packet
/** The same as a subclass, when a protocol has many message types. */
export class GamePacket extends Packet {
  /** Writes a character; returns this packet. */
  writeCharacter(character: Character): this {
    this.writeUint8(character.age).writeString(character.name).writeFloat(character.weight);
    return this;
  }

  /** Reads a character. */
  readCharacter(): Character {
    return { age: this.readUint8(), name: this.readString(), weight: this.readFloat() };
  }
}
// #endregion custom-packet

// #region transform-packet
/** SFML's `onSend` / `onReceive` override: here every byte is XOR-ed with a key on the wire. */
export class XorPacket extends Packet {
  /** The bytes to put on the wire (SFML: `const void* onSend(std::size_t& size)`). */
  protected override onSend(data: Uint8Array): Uint8Array {
    return data.map((byte) => byte ^ 0x5a);
  }

  /** Fills the packet from the wire (SFML: `void onReceive(const void* data, std::size_t size)`). */
  protected override onReceive(data: Uint8Array): void {
    this.append(data.map((byte) => byte ^ 0x5a));
  }
}
// #endregion transform-packet

// #region zip-packet
/** A compressed packet: `ZipPacket` ships with the SDK, both ends must use it. */
export function makeZipPacket(text: string): ZipPacket {
  return new ZipPacket({ level: 9 }).writeString(text);
}
// #endregion zip-packet
