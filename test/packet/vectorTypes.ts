// Shapes of the generated golden vectors (sfmlVectors.ts, javaVectors.ts); see test/packet/vectors/.

/** A value written into a fresh sf::Packet, and the bytes SFML produced (lower-case hex). */
export type SfmlVector =
  | { readonly type: 'bool'; readonly value: boolean; readonly hex: string }
  | {
      readonly type: 'int8' | 'uint8' | 'int16' | 'uint16' | 'int32' | 'uint32' | 'float' | 'double';
      readonly value: number;
      readonly hex: string;
    }
  | { readonly type: 'int64' | 'uint64'; readonly value: bigint; readonly hex: string }
  | { readonly type: 'string' | 'cstring' | 'wstring' | 'sfstring'; readonly value: string; readonly hex: string };

/** Raw bytes given to sf::Packet, and what one read of `type` gave back. */
export interface SfmlReadCase {
  readonly type: 'uint32' | 'bool' | 'string' | 'wstring';
  readonly hex: string;
  readonly value: number | boolean | string;
  readonly valid: boolean;
  readonly end: boolean;
  readonly note: string;
}

/** DataOutputStream.writeUTF: the bytes (short), their size and SHA-256 (long), or the exception. */
export type JavaUtfVector =
  | { readonly description: string; readonly value: string; readonly hex: string }
  | { readonly description: string; readonly value: string; readonly size: number; readonly sha256: string }
  | { readonly description: string; readonly value: string; readonly error: string };

/** DataOutputStream.writeFloat / writeDouble / writeBoolean / writeByte / writeShort / writeInt / writeLong. */
export type JavaNumberVector =
  | { readonly type: 'float' | 'double' | 'int8' | 'int16' | 'int32'; readonly value: number; readonly hex: string }
  | { readonly type: 'bool'; readonly value: boolean; readonly hex: string }
  | { readonly type: 'int64'; readonly value: bigint; readonly hex: string };

/** DataInputStream.readUTF on raw bytes: the string, or the exception it threw. */
export type JavaReadUtfCase =
  | { readonly hex: string; readonly value: string; readonly note: string }
  | { readonly hex: string; readonly error: string; readonly note: string };
