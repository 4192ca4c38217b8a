import { bigintError, integerError, wrongType } from './argumentErrors.js';
import { decodeModifiedUtf8, encodeModifiedUtf8, MAX_MODIFIED_UTF8_BYTES, modifiedUtf8Length } from './modifiedUtf8.js';
import { decodeUtf32, decodeUtf8, encodeAscii, encodeUtf32, encodeUtf8 } from './text.js';

const INITIAL_CAPACITY = 64;
/** The storage of a packet never written to: shared, zero bytes, replaced on the first write. */
const NO_STORAGE = new ArrayBuffer(0);
const NO_VIEW = new DataView(NO_STORAGE);
const NO_BYTES = new Uint8Array(NO_STORAGE);
const INT64_MIN = -(2n ** 63n);
const INT64_MAX = 2n ** 63n - 1n;
const UINT64_MAX = 2n ** 64n - 1n;
/** The canonical quiet NaN as float bits (Java's `Float.floatToIntBits(Float.NaN)`). */
const FLOAT_NAN = 0x7fc00000;
/** ASCII strings up to this length are copied by a char loop; longer ones go to `TextEncoder`. */
const SHORT_STRING = 64;

/**
 * A block of typed values to send over the network, byte-compatible with SFML 2.5's `sf::Packet`
 * and, through its Java methods, with `java.io.DataOutputStream` / `DataInputStream`.
 *
 * @remarks
 * Writers append and return `this`, so they chain; readers consume from the read position.
 * The wire layout is SFML's (checked against SFML 2.5.1 byte for byte; SFML 3 did not change it):
 *
 * | method | layout |
 * |---|---|
 * | `writeBool` | 1 byte, 0 or 1 (any non-zero byte reads as `true`) |
 * | `writeInt8` … `writeUint32` | 1, 2 or 4 bytes, big-endian |
 * | `writeInt64`, `writeUint64` | 8 bytes, big-endian |
 * | `writeFloat`, `writeDouble` | 4 or 8 bytes IEEE 754, **little-endian** (SFML copies native x86/ARM order, SFML issue 2290) |
 * | `writeString` | uint32 byte count, then the UTF-8 bytes (`std::string`, `const char*`) |
 * | `writeWideString`, `writeSfString` | uint32 code point count, then each code point as a uint32 (`std::wstring` with 32-bit `wchar_t`, `sf::String`) |
 * | `writeUTF` | uint16 byte count, then Java's modified UTF-8 |
 * | `writeFloatBE`, `writeDoubleBE` | 4 or 8 bytes IEEE 754, big-endian (Java's `writeFloat` / `writeDouble`) |
 *
 * Reading follows SFML's rule: a read that needs more bytes than remain (or a string whose declared
 * length is more than remains) makes the packet invalid until {@link Packet.clear}, and it and every
 * later read return a default (`0`, `0n`, `false`, `''`). Reads never throw and never allocate by a
 * declared length before checking it against the bytes present. Check {@link Packet.isValid} after a
 * group of reads, as SFML code tests `if (packet >> x >> y)`.
 *
 * Subclasses transform the bytes on the wire by overriding {@link Packet.onSend} and
 * {@link Packet.onReceive}; see `ZipPacket`.
 *
 * @example
 * ```ts
 * const packet = new Packet().writeUint32(42).writeFloat(1.5).writeString('player-1');
 * // … send it; on the other side, with the received packet:
 * const id = packet.readUint32();
 * const speed = packet.readFloat();
 * const name = packet.readString();
 * if (packet.isValid()) console.log(id, speed, name);
 * ```
 */
export class Packet {
  // Storage is made on the first write (an idle packet costs no buffer), as one ArrayBuffer made
  // explicitly: asking a small Uint8Array for its .buffer costs more.
  // The fields are TypeScript-private rather than #private on purpose: V8's bytecode for a #field
  // access and a #method call is larger, and every read and write method must stay small enough
  // for V8 to inline a whole message's worth of them into the caller (measured: 0.68x -> 0.75x of
  // hand-written DataView code on the bench's game message).
  private _view = NO_VIEW;
  private _bytes = NO_BYTES;
  private _capacity = 0;
  private _size = 0;
  private _readPos = 0;
  // How far reads may go: the size while the packet is valid, -1 once it is not (SFML's m_isValid).
  // One comparison then checks both validity and bounds, which keeps each read small enough for V8
  // to inline a whole message's worth of them into the caller.
  private _readEnd = 0;
  /** The last view `getData` made, reused while the size and storage are unchanged. */
  private _data: Uint8Array | null = null;

  /**
   * Appends raw bytes, as `sf::Packet::append` does.
   *
   * @param bytes - the bytes to copy in (a `Buffer` works too).
   * @returns this packet.
   * @throws TypeError when `bytes` is not a `Uint8Array`.
   * @example
   * ```ts
   * new Packet().append(Uint8Array.of(0, 0, 0, 7)).readUint32(); // 7
   * ```
   */
  append(bytes: Uint8Array): this {
    if (!(bytes instanceof Uint8Array)) throw wrongType('append', 'a Uint8Array', bytes);
    const at = this._grow(bytes.length);
    this._bytes.set(bytes, at);
    return this;
  }

  /**
   * The packet's bytes, as a view: no copy is made.
   *
   * @remarks Like SFML's pointer, the view shows the storage as it is now: after a later write it
   * may be stale (if the storage grew) or see new bytes overwrite old ones after {@link Packet.clear}.
   * Copy it (`slice()`) to keep it.
   * @returns a `Uint8Array` of {@link Packet.getDataSize} bytes (empty for an empty packet).
   * @example
   * ```ts
   * new Packet().writeUint16(258).getData(); // Uint8Array [1, 2]
   * ```
   */
  getData(): Uint8Array {
    const data = this._data;
    if (data !== null && data.length === this._size) return data;
    return (this._data = this._bytes.subarray(0, this._size));
  }

  /**
   * The number of bytes in the packet.
   *
   * @returns the size in bytes.
   * @example
   * ```ts
   * new Packet().writeInt32(1).writeString('ab').getDataSize(); // 10
   * ```
   */
  getDataSize(): number {
    return this._size;
  }

  /**
   * The offset of the next byte to read (SFML 2.6+ `getReadPosition`).
   *
   * @returns the read position in bytes from the start; 0 for a new or cleared packet.
   * @example
   * ```ts
   * const packet = new Packet().writeUint16(1).writeUint8(2);
   * packet.readUint16();
   * packet.getReadPosition(); // 2
   * ```
   */
  getReadPosition(): number {
    return this._readPos;
  }

  /**
   * Empties the packet, rewinds reading and makes it valid again; the storage is kept for reuse.
   *
   * @remarks Sockets call it before they fill a packet and when a receive ends with
   * `Disconnected` or `Error`. An override that throws there is treated as a throwing
   * {@link Packet.onReceive} is: the receive still takes what it took, and the packet is invalid.
   * @example
   * ```ts
   * const packet = new Packet().writeUint8(1);
   * packet.clear();
   * packet.getDataSize(); // 0
   * ```
   */
  clear(): void {
    this._size = 0;
    this._readPos = 0;
    this._readEnd = 0;
  }

  /**
   * Tells whether every byte has been read.
   *
   * @returns `true` when the read position is at (or past) the end.
   * @example
   * ```ts
   * const packet = new Packet().writeUint8(1);
   * packet.readUint8();
   * packet.endOfPacket(); // true
   * ```
   */
  endOfPacket(): boolean {
    return this._readPos >= this._size;
  }

  /**
   * Tells whether every read so far succeeded (SFML's `operator bool`).
   *
   * @returns `false` once a read ran past the end or met malformed data, until {@link Packet.clear}.
   * @example
   * ```ts
   * const packet = new Packet().writeUint8(1);
   * packet.readUint32(); // 0: only 1 byte
   * packet.isValid();    // false
   * ```
   */
  isValid(): boolean {
    return this._readEnd >= 0;
  }

  /**
   * Writes a boolean as one byte, 1 or 0.
   *
   * @param value - the boolean.
   * @returns this packet.
   * @throws TypeError when `value` is not a boolean.
   * @example
   * ```ts
   * new Packet().writeBool(true).getData(); // Uint8Array [1]
   * ```
   */
  writeBool(value: boolean): this {
    if (typeof value !== 'boolean') throw wrongType('writeBool', 'a boolean', value);
    const at = this._grow(1);
    this._bytes[at] = value ? 1 : 0;
    return this;
  }

  /**
   * Writes a signed 8-bit integer.
   *
   * @param value - an integer from -128 to 127.
   * @returns this packet.
   * @throws TypeError when `value` is not a number; RangeError when it is not such an integer.
   * @example
   * ```ts
   * new Packet().writeInt8(-1).getData(); // Uint8Array [255]
   * ```
   */
  writeInt8(value: number): this {
    if (typeof value !== 'number' || (value << 24) >> 24 !== value) throw integerError('writeInt8', value, '-128 to 127');
    const at = this._grow(1);
    this._bytes[at] = value;
    return this;
  }

  /**
   * Writes an unsigned 8-bit integer.
   *
   * @param value - an integer from 0 to 255.
   * @returns this packet.
   * @throws TypeError when `value` is not a number; RangeError when it is not such an integer.
   * @example
   * ```ts
   * new Packet().writeUint8(255).getData(); // Uint8Array [255]
   * ```
   */
  writeUint8(value: number): this {
    if (typeof value !== 'number' || (value & 0xff) !== value) throw integerError('writeUint8', value, '0 to 255');
    const at = this._grow(1);
    this._bytes[at] = value;
    return this;
  }

  /**
   * Writes a signed 16-bit integer, big-endian.
   *
   * @param value - an integer from -32768 to 32767.
   * @returns this packet.
   * @throws TypeError when `value` is not a number; RangeError when it is not such an integer.
   * @example
   * ```ts
   * new Packet().writeInt16(-2).getData(); // Uint8Array [255, 254]
   * ```
   */
  writeInt16(value: number): this {
    if (typeof value !== 'number' || (value << 16) >> 16 !== value) throw integerError('writeInt16', value, '-32768 to 32767');
    const at = this._grow(2);
    this._view.setInt16(at, value);
    return this;
  }

  /**
   * Writes an unsigned 16-bit integer, big-endian.
   *
   * @param value - an integer from 0 to 65535.
   * @returns this packet.
   * @throws TypeError when `value` is not a number; RangeError when it is not such an integer.
   * @example
   * ```ts
   * new Packet().writeUint16(0x1234).getData(); // Uint8Array [0x12, 0x34]
   * ```
   */
  writeUint16(value: number): this {
    if (typeof value !== 'number' || (value & 0xffff) !== value) throw integerError('writeUint16', value, '0 to 65535');
    const at = this._grow(2);
    this._view.setUint16(at, value);
    return this;
  }

  /**
   * Writes a signed 32-bit integer, big-endian.
   *
   * @param value - an integer from -2147483648 to 2147483647.
   * @returns this packet.
   * @throws TypeError when `value` is not a number; RangeError when it is not such an integer.
   * @example
   * ```ts
   * new Packet().writeInt32(-2).getData(); // Uint8Array [255, 255, 255, 254]
   * ```
   */
  writeInt32(value: number): this {
    if (typeof value !== 'number' || (value | 0) !== value) throw integerError('writeInt32', value, '-2147483648 to 2147483647');
    const at = this._grow(4);
    this._view.setInt32(at, value);
    return this;
  }

  /**
   * Writes an unsigned 32-bit integer, big-endian.
   *
   * @param value - an integer from 0 to 4294967295.
   * @returns this packet.
   * @throws TypeError when `value` is not a number; RangeError when it is not such an integer.
   * @example
   * ```ts
   * new Packet().writeUint32(42).getData(); // Uint8Array [0, 0, 0, 42]
   * ```
   */
  writeUint32(value: number): this {
    if (typeof value !== 'number' || value >>> 0 !== value) throw integerError('writeUint32', value, '0 to 4294967295');
    const at = this._grow(4);
    this._view.setUint32(at, value);
    return this;
  }

  /**
   * Writes a signed 64-bit integer, big-endian.
   *
   * @param value - a bigint from -(2^63) to 2^63 - 1.
   * @returns this packet.
   * @throws TypeError when `value` is not a bigint; RangeError when it is out of range.
   * @example
   * ```ts
   * new Packet().writeInt64(-1n).getDataSize(); // 8
   * ```
   */
  writeInt64(value: bigint): this {
    if (typeof value !== 'bigint' || value < INT64_MIN || value > INT64_MAX) {
      throw bigintError('writeInt64', value, '-(2^63) to 2^63 - 1');
    }
    const at = this._grow(8);
    this._view.setBigInt64(at, value);
    return this;
  }

  /**
   * Writes an unsigned 64-bit integer, big-endian.
   *
   * @param value - a bigint from 0 to 2^64 - 1.
   * @returns this packet.
   * @throws TypeError when `value` is not a bigint; RangeError when it is out of range.
   * @example
   * ```ts
   * new Packet().writeUint64(2n ** 64n - 1n).getDataSize(); // 8
   * ```
   */
  writeUint64(value: bigint): this {
    if (typeof value !== 'bigint' || value < 0n || value > UINT64_MAX) {
      throw bigintError('writeUint64', value, '0 to 2^64 - 1');
    }
    const at = this._grow(8);
    this._view.setBigUint64(at, value);
    return this;
  }

  /**
   * Writes a 32-bit float in SFML's layout: IEEE 754, little-endian.
   *
   * @remarks The value is rounded to the nearest float (`Math.fround`). Like SFML, which copies the
   * float's memory, NaN keeps the bits JavaScript holds (normally the quiet NaN `0x7fc00000`). For
   * Java's big-endian layout use {@link Packet.writeFloatBE}.
   * @param value - any number.
   * @returns this packet.
   * @throws TypeError when `value` is not a number.
   * @example
   * ```ts
   * new Packet().writeFloat(1.5).getData(); // Uint8Array [0, 0, 0xc0, 0x3f]
   * ```
   */
  writeFloat(value: number): this {
    if (typeof value !== 'number') throw wrongType('writeFloat', 'a number', value);
    const at = this._grow(4);
    this._view.setFloat32(at, value, true);
    return this;
  }

  /**
   * Writes a 64-bit float in SFML's layout: IEEE 754, little-endian.
   *
   * @remarks Like SFML, which copies the double's memory, NaN keeps the bits JavaScript holds
   * (normally `0x7ff8000000000000`). For Java's layout use {@link Packet.writeDoubleBE}, or, for a
   * Java peer that reads fields straight from its socket with no framing, `DataOutputStream`.
   * @param value - any number.
   * @returns this packet.
   * @throws TypeError when `value` is not a number.
   * @example
   * ```ts
   * new Packet().writeDouble(1.5).getData(); // Uint8Array [0, 0, 0, 0, 0, 0, 0xf8, 0x3f]
   * ```
   */
  writeDouble(value: number): this {
    if (typeof value !== 'number') throw wrongType('writeDouble', 'a number', value);
    const at = this._grow(8);
    this._view.setFloat64(at, value, true);
    return this;
  }

  /**
   * Writes a 32-bit float as Java's `DataOutputStream.writeFloat` does: IEEE 754, big-endian.
   *
   * @remarks NaN is written as `0x7fc00000`, as `Float.floatToIntBits` gives.
   * @param value - any number; rounded to the nearest float.
   * @returns this packet.
   * @throws TypeError when `value` is not a number.
   * @example
   * ```ts
   * new Packet().writeFloatBE(1.5).getData(); // Uint8Array [0x3f, 0xc0, 0, 0]
   * ```
   */
  writeFloatBE(value: number): this {
    if (typeof value !== 'number') throw wrongType('writeFloatBE', 'a number', value);
    const at = this._grow(4);
    if (value === value) this._view.setFloat32(at, value);
    else this._view.setUint32(at, FLOAT_NAN);
    return this;
  }

  /**
   * Writes a 64-bit float as Java's `DataOutputStream.writeDouble` does: IEEE 754, big-endian.
   *
   * @remarks NaN is written as `0x7ff8000000000000`, as `Double.doubleToLongBits` gives.
   * @param value - any number.
   * @returns this packet.
   * @throws TypeError when `value` is not a number.
   * @example
   * ```ts
   * new Packet().writeDoubleBE(1.5).getData(); // Uint8Array [0x3f, 0xf8, 0, 0, 0, 0, 0, 0]
   * ```
   */
  writeDoubleBE(value: number): this {
    if (typeof value !== 'number') throw wrongType('writeDoubleBE', 'a number', value);
    const at = this._grow(8);
    if (value === value) this._view.setFloat64(at, value);
    else this._view.setFloat64(at, NaN);
    return this;
  }

  /**
   * Writes a string as SFML writes a `std::string` or `const char*`: a uint32 byte count, then the
   * bytes, here the string's UTF-8 encoding.
   *
   * @remarks A lone surrogate (half of a broken pair) is encoded as U+FFFD, as `TextEncoder` does.
   * @param value - the string; NUL characters are kept.
   * @returns this packet.
   * @throws TypeError when `value` is not a string.
   * @example
   * ```ts
   * new Packet().writeString('hé').getData(); // Uint8Array [0, 0, 0, 3, 0x68, 0xc3, 0xa9]
   * ```
   */
  writeString(value: string): this {
    if (typeof value !== 'string') throw wrongType('writeString', 'a string', value);
    const length = value.length;
    const at = this._grow(4 + length);
    if (length <= SHORT_STRING && encodeAscii(value, this._bytes, at + 4)) this._view.setUint32(at, length);
    else this._writeUtf8(value, at);
    return this;
  }

  /**
   * Writes a string as SFML writes a `std::wstring` on Linux and macOS (32-bit `wchar_t`): a uint32
   * count of code points, then each code point as a big-endian uint32.
   *
   * @remarks This is also exactly `sf::String`'s layout (see {@link Packet.writeSfString}). On
   * Windows `wchar_t` is 16 bits, so SFML there writes UTF-16 units, not code points. A lone
   * surrogate is written as its own value.
   * @param value - the string.
   * @returns this packet.
   * @throws TypeError when `value` is not a string.
   * @example
   * ```ts
   * new Packet().writeWideString('😀').getData(); // Uint8Array [0, 0, 0, 1, 0, 1, 0xf6, 0]
   * ```
   */
  writeWideString(value: string): this {
    if (typeof value !== 'string') throw wrongType('writeWideString', 'a string', value);
    const at = this._grow(4 + 4 * value.length);
    const count = encodeUtf32(value, this._view, at + 4);
    this._view.setUint32(at, count);
    this._resize(at + 4 + 4 * count);
    return this;
  }

  /**
   * Writes a string as SFML writes an `sf::String`: the same bytes as {@link Packet.writeWideString}.
   *
   * @remarks An alias kept for readers of SFML code: `sf::String` holds UTF-32, and SFML writes it as
   * a uint32 count of code points, then each as a big-endian uint32, on every platform.
   * @param value - the string.
   * @returns this packet.
   * @throws TypeError when `value` is not a string.
   * @example
   * ```ts
   * new Packet().writeSfString('hi').getDataSize(); // 12
   * ```
   */
  writeSfString(value: string): this {
    if (typeof value !== 'string') throw wrongType('writeSfString', 'a string', value);
    return this.writeWideString(value);
  }

  /**
   * Writes a string as Java's `DataOutputStream.writeUTF` does: a uint16 byte count, then modified
   * UTF-8 (NUL as `C0 80`, a character above U+FFFF as two 3-byte surrogate halves).
   *
   * @param value - the string; its encoding must fit in 65535 bytes.
   * @returns this packet.
   * @throws TypeError when `value` is not a string; RangeError when its encoding is longer than
   * 65535 bytes (where Java throws `UTFDataFormatException`); nothing is written then.
   * @example
   * ```ts
   * new Packet().writeUTF('\0').getData(); // Uint8Array [0, 2, 0xc0, 0x80]
   * ```
   */
  writeUTF(value: string): this {
    if (typeof value !== 'string') throw wrongType('writeUTF', 'a string', value);
    const length = value.length > MAX_MODIFIED_UTF8_BYTES ? value.length : modifiedUtf8Length(value);
    if (length > MAX_MODIFIED_UTF8_BYTES) {
      throw new RangeError(`Packet.writeUTF: the string encodes to at least ${length} bytes, more than 65535`);
    }
    const at = this._grow(2 + length);
    this._view.setUint16(at, length);
    encodeModifiedUtf8(value, this._bytes, at + 2);
    return this;
  }

  /**
   * Reads a boolean: one byte, where any non-zero value is `true`.
   *
   * @returns the boolean, or `false` when the packet is (or becomes) invalid.
   * @example
   * ```ts
   * new Packet().writeBool(true).readBool(); // true
   * ```
   */
  readBool(): boolean {
    const at = this._readPos;
    if (at + 1 > this._readEnd) return this._fail() !== 0;
    this._readPos = at + 1;
    return this._bytes[at] !== 0;
  }

  /**
   * Reads a signed 8-bit integer.
   *
   * @returns the integer, or 0 when the packet is (or becomes) invalid.
   * @example
   * ```ts
   * new Packet().writeInt8(-5).readInt8(); // -5
   * ```
   */
  readInt8(): number {
    const at = this._readPos;
    if (at + 1 > this._readEnd) return this._fail();
    this._readPos = at + 1;
    return this._view.getInt8(at);
  }

  /**
   * Reads an unsigned 8-bit integer.
   *
   * @returns the integer, or 0 when the packet is (or becomes) invalid.
   * @example
   * ```ts
   * new Packet().writeUint8(200).readUint8(); // 200
   * ```
   */
  readUint8(): number {
    const at = this._readPos;
    if (at + 1 > this._readEnd) return this._fail();
    this._readPos = at + 1;
    return this._bytes[at] as number;
  }

  /**
   * Reads a signed 16-bit big-endian integer.
   *
   * @returns the integer, or 0 when the packet is (or becomes) invalid.
   * @example
   * ```ts
   * new Packet().writeInt16(-300).readInt16(); // -300
   * ```
   */
  readInt16(): number {
    const at = this._readPos;
    if (at + 2 > this._readEnd) return this._fail();
    this._readPos = at + 2;
    return this._view.getInt16(at);
  }

  /**
   * Reads an unsigned 16-bit big-endian integer.
   *
   * @returns the integer, or 0 when the packet is (or becomes) invalid.
   * @example
   * ```ts
   * new Packet().writeUint16(65535).readUint16(); // 65535
   * ```
   */
  readUint16(): number {
    const at = this._readPos;
    if (at + 2 > this._readEnd) return this._fail();
    this._readPos = at + 2;
    return this._view.getUint16(at);
  }

  /**
   * Reads a signed 32-bit big-endian integer.
   *
   * @returns the integer, or 0 when the packet is (or becomes) invalid.
   * @example
   * ```ts
   * new Packet().writeInt32(-7).readInt32(); // -7
   * ```
   */
  readInt32(): number {
    const at = this._readPos;
    if (at + 4 > this._readEnd) return this._fail();
    this._readPos = at + 4;
    return this._view.getInt32(at);
  }

  /**
   * Reads an unsigned 32-bit big-endian integer.
   *
   * @returns the integer, or 0 when the packet is (or becomes) invalid.
   * @example
   * ```ts
   * new Packet().writeUint32(4294967295).readUint32(); // 4294967295
   * ```
   */
  readUint32(): number {
    const at = this._readPos;
    if (at + 4 > this._readEnd) return this._fail();
    this._readPos = at + 4;
    return this._view.getUint32(at);
  }

  /**
   * Reads a signed 64-bit big-endian integer.
   *
   * @returns the integer, or `0n` when the packet is (or becomes) invalid.
   * @example
   * ```ts
   * new Packet().writeInt64(-(2n ** 63n)).readInt64(); // -9223372036854775808n
   * ```
   */
  readInt64(): bigint {
    const at = this._readPos;
    if (at + 8 > this._readEnd) {
      this._fail();
      return 0n;
    }
    this._readPos = at + 8;
    return this._view.getBigInt64(at);
  }

  /**
   * Reads an unsigned 64-bit big-endian integer.
   *
   * @returns the integer, or `0n` when the packet is (or becomes) invalid.
   * @example
   * ```ts
   * new Packet().writeUint64(2n ** 64n - 1n).readUint64(); // 18446744073709551615n
   * ```
   */
  readUint64(): bigint {
    const at = this._readPos;
    if (at + 8 > this._readEnd) {
      this._fail();
      return 0n;
    }
    this._readPos = at + 8;
    return this._view.getBigUint64(at);
  }

  /**
   * Reads a 32-bit float in SFML's layout (little-endian).
   *
   * @returns the float as a number, or 0 when the packet is (or becomes) invalid.
   * @example
   * ```ts
   * new Packet().writeFloat(0.1).readFloat(); // 0.10000000149011612
   * ```
   */
  readFloat(): number {
    const at = this._readPos;
    if (at + 4 > this._readEnd) return this._fail();
    this._readPos = at + 4;
    return this._view.getFloat32(at, true);
  }

  /**
   * Reads a 64-bit float in SFML's layout (little-endian).
   *
   * @returns the number, or 0 when the packet is (or becomes) invalid.
   * @example
   * ```ts
   * new Packet().writeDouble(0.1).readDouble(); // 0.1
   * ```
   */
  readDouble(): number {
    const at = this._readPos;
    if (at + 8 > this._readEnd) return this._fail();
    this._readPos = at + 8;
    return this._view.getFloat64(at, true);
  }

  /**
   * Reads a 32-bit float in Java's layout (big-endian), as `DataInputStream.readFloat` does.
   *
   * @returns the float as a number, or 0 when the packet is (or becomes) invalid.
   * @example
   * ```ts
   * new Packet().writeFloatBE(-2.25).readFloatBE(); // -2.25
   * ```
   */
  readFloatBE(): number {
    const at = this._readPos;
    if (at + 4 > this._readEnd) return this._fail();
    this._readPos = at + 4;
    return this._view.getFloat32(at);
  }

  /**
   * Reads a 64-bit float in Java's layout (big-endian), as `DataInputStream.readDouble` does.
   *
   * @returns the number, or 0 when the packet is (or becomes) invalid.
   * @example
   * ```ts
   * new Packet().writeDoubleBE(0.1).readDoubleBE(); // 0.1
   * ```
   */
  readDoubleBE(): number {
    const at = this._readPos;
    if (at + 8 > this._readEnd) return this._fail();
    this._readPos = at + 8;
    return this._view.getFloat64(at);
  }

  /**
   * Reads a string written as SFML's `std::string`: a uint32 byte count, then the bytes as UTF-8.
   *
   * @remarks Bytes that are not valid UTF-8 are decoded leniently, each bad sequence as U+FFFD
   * (`TextDecoder` without `fatal`); the packet stays valid. A byte-order mark is kept.
   * @returns the string, or `''` when the packet is (or becomes) invalid, e.g. when the count is
   * more than the bytes left.
   * @example
   * ```ts
   * new Packet().writeString('hé').readString(); // 'hé'
   * ```
   */
  readString(): string {
    const length = this._readCount(1);
    const at = this._readPos;
    this._readPos = at + length;
    return length === 0 ? '' : decodeUtf8(this._bytes, at, at + length);
  }

  /**
   * Reads a string written as SFML's `std::wstring` (32-bit `wchar_t`): a uint32 count, then each
   * code point as a big-endian uint32.
   *
   * @remarks A value above U+10FFFF, which no string can hold, is read as U+FFFD.
   * @returns the string, or `''` when the packet is (or becomes) invalid, e.g. when `4 * count` is
   * more than the bytes left.
   * @example
   * ```ts
   * new Packet().writeWideString('h😀').readWideString(); // 'h😀'
   * ```
   */
  readWideString(): string {
    const count = this._readCount(4);
    if (count === 0) return '';
    this._readPos += 4 * count;
    return decodeUtf32(this._view, this._readPos - 4 * count, count);
  }

  /**
   * Reads a string written as SFML's `sf::String`: the same layout as {@link Packet.readWideString}.
   *
   * @returns the string, or `''` when the packet is (or becomes) invalid.
   * @example
   * ```ts
   * new Packet().writeSfString('hi').readSfString(); // 'hi'
   * ```
   */
  readSfString(): string {
    return this.readWideString();
  }

  /**
   * Reads a string written by Java's `DataOutputStream.writeUTF`: a uint16 byte count, then
   * modified UTF-8.
   *
   * @remarks It accepts what `DataInputStream.readUTF` accepts; where Java throws
   * `UTFDataFormatException` the packet becomes invalid instead (the bytes are consumed).
   * @returns the string, or `''` when the packet is (or becomes) invalid.
   * @example
   * ```ts
   * new Packet().writeUTF('a\0😀').readUTF(); // 'a\0😀'
   * ```
   */
  readUTF(): string {
    const at = this._claim(2);
    const length = at < 0 ? 0 : this._view.getUint16(at);
    const start = length === 0 ? -1 : this._claim(length);
    if (start < 0) return '';
    const text = decodeModifiedUtf8(this._bytes, start, start + length);
    if (text === null) this._fail();
    return text ?? '';
  }

  /**
   * Transforms the bytes before they are sent; called by the sockets with {@link Packet.getData}.
   *
   * @remarks Override it to compress or encrypt (see `ZipPacket`); the default sends the bytes as
   * they are. The packet's own content must not change.
   * @param data - the packet's bytes (a view, see {@link Packet.getData}).
   * @returns the bytes to put on the wire.
   * @example
   * ```ts
   * class XorPacket extends Packet {
   *   protected override onSend(data: Uint8Array): Uint8Array {
   *     return data.map((byte) => byte ^ 0x5a);
   *   }
   * }
   * ```
   */
  protected onSend(data: Uint8Array): Uint8Array {
    return data;
  }

  /**
   * Fills the packet from the bytes received; called by the sockets on a cleared packet.
   *
   * @remarks Override it to decompress or decrypt; the default appends the bytes as they are.
   * On bad input call {@link Packet.invalidate} rather than throw (a throw is treated the same way).
   * @param data - the bytes from the wire; only valid during the call.
   * @example
   * ```ts
   * class XorPacket extends Packet {
   *   protected override onReceive(data: Uint8Array): void {
   *     this.append(data.map((byte) => byte ^ 0x5a));
   *   }
   * }
   * ```
   */
  protected onReceive(data: Uint8Array): void {
    this.append(data);
  }

  /**
   * Marks the packet invalid, as a failed read does, until {@link Packet.clear}.
   *
   * @remarks For {@link Packet.onReceive} overrides that meet data they cannot decode.
   * @example
   * ```ts
   * class CheckedPacket extends Packet {
   *   protected override onReceive(data: Uint8Array): void {
   *     if (data.length === 0) this.invalidate();
   *     else this.append(data);
   *   }
   * }
   * ```
   */
  protected invalidate(): void {
    this._readEnd = -1;
  }

  /** `Packet`'s own `onReceive`: a packet that keeps it is filled straight from the socket's bytes. */
  private static readonly _baseOnReceive = Packet.prototype.onReceive;

  // The socket side of a packet, for the SDK's sockets and generated layouts, not for applications:
  // public (so other modules reach the storage without copying) but @internal (left out of the
  // reference). Each is reached through the function of the same purpose below the class.

  /**
   * The bytes to put on the wire: `onSend` applied to the data (possibly a view of the storage).
   *
   * @internal
   */
  _sendPayload(): Uint8Array {
    return this.onSend(this.getData());
  }

  /**
   * Clears the packet as a socket fills or ends a receive; a throwing `clear` override leaves it
   * invalid instead (as a throwing `onReceive` does), so what the socket took is still taken.
   * Returns whether it cleared.
   *
   * @internal
   */
  _clearForSocket(): boolean {
    try {
      this.clear();
      return true;
    } catch {
      this._readEnd = -1;
      return false;
    }
  }

  /**
   * Clears, then fills through `onReceive`; a throwing `clear` or `onReceive` leaves the packet invalid.
   *
   * @internal
   */
  _receive(data: Uint8Array): void {
    if (!this._clearForSocket()) return;
    try {
      this.onReceive(data);
    } catch {
      this._readEnd = -1;
    }
  }

  /**
   * {@link Packet._receive} of `source[start, end)`, with no view made when `onReceive` is not overridden.
   *
   * @internal
   */
  _receiveRange(source: Uint8Array, start: number, end: number): void {
    if (this.onReceive !== Packet._baseOnReceive) {
      this._receive(source.subarray(start, end));
      return;
    }
    if (!this._clearForSocket()) return;
    const count = end - start;
    const at = this._grow(count);
    const bytes = this._bytes;
    // Beyond 4 bytes a view and `set`: under callgrind the byte loop costs ~35 instructions a byte
    // (2.3k for 64 B), the view and `set` ~300 whatever the size (the view, ~90 B, is garbage).
    if (count > 4) bytes.set(new Uint8Array(source.buffer, source.byteOffset + start, count), at);
    else for (let i = 0; i < count; i++) bytes[at + i] = source[start + i] as number;
  }

  /**
   * Refills with `count` bytes `fill` copies into the storage; `false` (nothing copied) when
   * `onReceive` is overridden or `clear` threw (the caller then takes the bytes and calls `_receive`).
   *
   * @internal
   */
  _receiveInto(count: number, fill: (bytes: Uint8Array, at: number) => void): boolean {
    if (this.onReceive !== Packet._baseOnReceive || !this._clearForSocket()) return false;
    const at = this._grow(count); // first: growing replaces the storage
    fill(this._bytes, at);
    return true;
  }

  /**
   * Appends `count` bytes the caller writes through {@link Packet._storageView}; returns the offset of the first.
   *
   * @internal
   */
  _reserveBytes(count: number): number {
    return this._grow(count);
  }

  /**
   * Consumes `count` bytes when the packet is valid and has them, returning their offset; else -1, changing nothing.
   *
   * @internal
   */
  _claimBytes(count: number): number {
    const at = this._readPos;
    if (at + count > this._readEnd) return -1;
    this._readPos = at + count;
    return at;
  }

  /**
   * The DataView over the whole storage; valid until the packet next grows.
   *
   * @internal
   */
  _storageView(): DataView {
    return this._view;
  }

  /** Reserves `count` bytes at the end and returns their offset. */
  private _grow(count: number): number {
    const at = this._size;
    const size = at + count;
    if (size > this._capacity) this._reallocate(size);
    this._size = size;
    if (this._readEnd >= 0) this._readEnd = size;
    return at;
  }

  /** Sets the size to `size` (at most the capacity), keeping an invalid packet invalid. */
  private _resize(size: number): void {
    this._size = size;
    if (this._readEnd >= 0) this._readEnd = size;
  }

  /** Writes `value` as a uint32 byte count at `at` and its UTF-8 bytes after it; the size follows. */
  private _writeUtf8(value: string, at: number): void {
    this._resize(at + 4);
    this._grow(3 * value.length);
    const written = encodeUtf8(value, this._bytes, at + 4);
    this._resize(at + 4 + written);
    this._view.setUint32(at, written);
  }

  /** Moves the bytes to storage of at least `capacity` bytes, doubling at least. */
  private _reallocate(capacity: number): void {
    const buffer = new ArrayBuffer(Math.max(capacity, 2 * this._capacity, INITIAL_CAPACITY));
    const bytes = new Uint8Array(buffer);
    bytes.set(this._bytes.subarray(0, this._size));
    this._bytes = bytes;
    this._data = null;
    this._capacity = buffer.byteLength;
    this._view = new DataView(buffer);
  }

  /**
   * SFML's checkSize: if the packet is valid and has `count` more bytes, consumes them and returns
   * their offset; otherwise invalidates the packet and returns -1.
   */
  private _claim(count: number): number {
    const at = this._readPos;
    if (at + count > this._readEnd) return this._fail() - 1;
    this._readPos = at + count;
    return at;
  }

  /** Reads a uint32 count and checks `unit * count` bytes remain; 0 (maybe invalid) if not. */
  private _readCount(unit: number): number {
    const at = this._readPos;
    if (at + 4 > this._readEnd) return this._fail();
    const count = this._view.getUint32(at);
    this._readPos = at + 4;
    return unit * count > this._readEnd - at - 4 ? this._fail() : count;
  }

  /** Marks the packet invalid (SFML's failed checkSize); returns 0, what a failed read answers. */
  private _fail(): 0 {
    this._readEnd = -1;
    return 0;
  }
}

/**
 * The bytes a socket puts on the wire for `data`: a packet's `onSend` applied to its data, or raw
 * bytes as they are.
 *
 * @param data - the packet or the bytes to send.
 * @returns the bytes to send; possibly a view of the packet's storage (or the caller's bytes
 *   themselves), so copy before they change.
 * @example
 * ```ts
 * const wire = payloadForSend(new Packet().writeUint8(1)); // Uint8Array [1]
 * ```
 * @internal
 */
export function payloadForSend(data: Packet | Uint8Array): Uint8Array {
  return data instanceof Packet ? data._sendPayload() : data;
}

/**
 * Refills `packet` from bytes a socket received: clears it, then calls its `onReceive`.
 *
 * @remarks Never throws: if `onReceive` throws, the packet is left invalid.
 * @param packet - the packet to fill.
 * @param data - the received bytes.
 * @example
 * ```ts
 * const packet = new Packet();
 * acceptReceived(packet, Uint8Array.of(0, 7));
 * packet.readUint16(); // 7
 * ```
 * @internal
 */
export function acceptReceived(packet: Packet, data: Uint8Array): void {
  packet._receive(data);
}

/**
 * Clears `packet` as a receive answers `Disconnected` or `Error` (SFML clears it then); a
 * throwing `clear` override leaves it invalid rather than failing the receive.
 *
 * @param packet - the packet the receive was to fill.
 * @example
 * ```ts
 * const packet = new Packet().writeUint8(1);
 * clearReceived(packet);
 * packet.getDataSize(); // 0
 * ```
 * @internal
 */
export function clearReceived(packet: Packet): void {
  packet._clearForSocket();
}

/**
 * Refills `packet` from `source[start, end)`, as {@link acceptReceived} does, without making a
 * view of the range when the packet does not override `onReceive`.
 *
 * @param packet - the packet to fill.
 * @param source - the bytes holding the payload.
 * @param start - the payload's first byte in `source`.
 * @param end - one past its last byte.
 * @example
 * ```ts
 * const packet = new Packet();
 * acceptReceivedRange(packet, Uint8Array.of(9, 0, 7, 9), 1, 3);
 * packet.readUint16(); // 7
 * ```
 * @internal
 */
export function acceptReceivedRange(packet: Packet, source: Uint8Array, start: number, end: number): void {
  packet._receiveRange(source, start, end);
}

/**
 * Refills `packet` with `count` received bytes that `fill` copies straight into its storage, when
 * the packet does not override `onReceive` (so a payload spread over several chunks is copied once).
 *
 * @param packet - the packet to fill.
 * @param count - the payload's size.
 * @param fill - copies the payload into `bytes` at `at`.
 * @returns `false`, having done nothing, when the packet overrides `onReceive`: use {@link acceptReceived}.
 * @example
 * ```ts
 * const packet = new Packet();
 * acceptReceivedInto(packet, 2, (bytes, at) => bytes.set([0, 7], at));
 * packet.readUint16(); // 7
 * ```
 * @internal
 */
export function acceptReceivedInto(packet: Packet, count: number, fill: (bytes: Uint8Array, at: number) => void): boolean {
  return packet._receiveInto(count, fill);
}

/**
 * Appends `count` bytes to `packet` for a caller that writes them itself through
 * {@link storageView}, and returns the offset of the first.
 *
 * @param packet - the packet to grow.
 * @param count - how many bytes.
 * @returns their offset in the packet's storage.
 * @example
 * ```ts
 * const packet = new Packet();
 * storageView(packet).setUint16(reserveBytes(packet, 2), 7);
 * ```
 * @internal
 */
export function reserveBytes(packet: Packet, count: number): number {
  return packet._reserveBytes(count);
}

/**
 * Consumes `count` bytes from `packet`'s read position if it is valid and has them, and returns
 * their offset; otherwise returns -1 and changes nothing (the caller then reads field by field, so
 * a short packet fails exactly where {@link Packet} methods would).
 *
 * @param packet - the packet to read.
 * @param count - how many bytes.
 * @returns their offset in the packet's storage, or -1.
 * @example
 * ```ts
 * const packet = new Packet().writeUint16(7);
 * storageView(packet).getUint16(claimBytes(packet, 2)); // 7
 * ```
 * @internal
 */
export function claimBytes(packet: Packet, count: number): number {
  return packet._claimBytes(count);
}

/**
 * The DataView over `packet`'s whole storage; valid until the packet next grows.
 *
 * @param packet - the packet.
 * @returns the view.
 * @example
 * ```ts
 * storageView(new Packet().writeUint8(1)).getUint8(0); // 1
 * ```
 * @internal
 */
export function storageView(packet: Packet): DataView {
  return packet._storageView();
}
