import type { SendResult } from '../core/SocketResult.js';
import { SocketStatus } from '../core/SocketStatus.js';
import { encodeModifiedUtf8, MAX_MODIFIED_UTF8_BYTES, modifiedUtf8Length } from '../packet/modifiedUtf8.js';
import { TcpSocket } from '../tcp/TcpSocket.js';
import { checkRange, checkSocket, rejecting, Serial } from './streamArguments.js';
import { copyBytes } from '../core/copyBytes.js';

/** Java's `size()` stops here: "if the counter overflows, it will be wrapped to Integer.MAX_VALUE". */
const INT_MAX = 0x7fffffff;
const INT64_MIN = -(2n ** 63n);
const INT64_MAX = 2n ** 63n - 1n;
/** `Float.floatToIntBits(Float.NaN)`. */
const FLOAT_NAN = 0x7fc00000;

const NOTHING_TAKEN: SendResult = Object.freeze({ status: SocketStatus.NotReady, sent: 0 });
const NOTHING_TO_FLUSH: SendResult = Object.freeze({ status: SocketStatus.Done, sent: 0 });

/** A field of `size` bytes, written by `fill` into a fresh array (the socket may keep it uncopied). */
function field(size: number, fill: (view: DataView) => void): Uint8Array {
  const bytes = new Uint8Array(size);
  fill(new DataView(bytes.buffer));
  return bytes;
}

/** `value` when it is a number; else a TypeError. */
function checkNumber(method: string, value: unknown): number {
  if (typeof value !== 'number') throw new TypeError(`DataOutputStream.${method}: expected a number, got ${value === null ? 'null' : typeof value}`);
  return value;
}

/** `value` when it is a string; else a TypeError. */
function checkString(method: string, value: unknown): string {
  if (typeof value !== 'string') throw new TypeError(`DataOutputStream.${method}: expected a string, got ${value === null ? 'null' : typeof value}`);
  return value;
}

/**
 * Java's `java.io.DataOutputStream` over a connected {@link TcpSocket}: big-endian numbers, Java's
 * modified UTF-8 strings and raw bytes written straight to the byte stream, with no framing.
 *
 * @remarks
 * What a Java peer reads with `DataInputStream`. Each method has the name and byte layout of
 * Java's; every write is a Promise of the socket's {@link SendResult} for that field, since
 * network outcomes are returned, not thrown:
 * - Blocking socket: `Done` once the field is handed to the socket (the socket waits while its
 *   output is over `sendBufferSize`, so a fast writer cannot outrun the network); `Disconnected`
 *   or `Error` where Java throws an `IOException`.
 * - Non-blocking socket: `Done`; `Partial` when the socket took part of the field and the stream
 *   holds the rest (the field counts as written: do not write it again; the rest goes out before
 *   anything else, on the next write or {@link DataOutputStream.flush}); `NotReady` when nothing of
 *   the field was taken (the socket's output is full, or an earlier rest still waits): write the
 *   same value again later. The stream holds at most one field's rest.
 * - Writes go out in the order they are called, even when not awaited one by one; small fields
 *   written in the same turn of the event loop leave in one TCP segment, as the socket coalesces.
 * - Misuse rejects: a value outside the Java type's range is a `RangeError` (Java would silently
 *   keep the low bits), and `writeUTF` of more than 65535 encoded bytes is a `RangeError` where
 *   Java throws `UTFDataFormatException`; nothing is sent then.
 *
 * `Packet.writeDouble` writes SFML's little-endian double; these methods write Java's big-endian
 * layout, as `Packet.writeDoubleBE` does.
 *
 * @example
 * ```ts
 * const output = new DataOutputStream(socket);
 * await output.writeInt(42);
 * await output.writeUTF('player-1');
 * const last = await output.writeDouble(1.5);
 * if (last.status !== SocketStatus.Done) console.log('not sent:', last.status);
 * ```
 */
export class DataOutputStream {
  readonly #socket: TcpSocket;
  readonly #serial = new Serial();
  #written = 0;
  /** The part of a field a non-blocking socket did not take yet. */
  #rest: Uint8Array | null = null;

  /**
   * Writes to `socket`, which must be connected before the first write.
   *
   * @param socket - the socket; its blocking mode applies to every write.
   * @throws TypeError when `socket` is not a `TcpSocket`.
   * @example
   * ```ts
   * const output = new DataOutputStream(socket);
   * ```
   */
  constructor(socket: TcpSocket) {
    this.#socket = checkSocket('DataOutputStream', socket, TcpSocket);
  }

  /**
   * The bytes written so far (fields taken whole or in part), at most 2^31-1 as Java's `size()`.
   *
   * @returns a byte count.
   * @example
   * ```ts
   * await output.writeLong(1n);
   * output.size(); // 8
   * ```
   */
  size(): number {
    return this.#written;
  }

  /**
   * Writes one byte (`write(int)`: -128 to 255, the low 8 bits) or the bytes of `source` from
   * `offset` (`write(byte[], int, int)`).
   *
   * @param source - a byte value, or the bytes.
   * @param offset - where in `source` to start (default 0).
   * @param length - how many bytes (default: the rest of `source`).
   * @returns the socket's answer for these bytes.
   * @throws (as a rejection) TypeError / RangeError for a bad argument.
   * @example
   * ```ts
   * await output.write(new TextEncoder().encode('GET / HTTP/1.0\r\n\r\n'));
   * ```
   */
  write(source: number | Uint8Array, offset = 0, length?: number): Promise<SendResult> {
    return rejecting(() => {
      if (typeof source === 'number') return this.writeByte(source);
      if (!(source instanceof Uint8Array)) throw new TypeError('DataOutputStream.write: expected a byte value or a Uint8Array');
      checkRange('DataOutputStream.write', 'offset', offset, 0, source.length);
      const count = checkRange('DataOutputStream.write', 'length', length ?? source.length - offset, 0, source.length - offset);
      return this.#send(copyBytes(source, offset, offset + count));
    });
  }

  /**
   * Writes a boolean as one byte, 1 or 0.
   *
   * @param value - the boolean.
   * @returns the socket's answer for this field.
   * @throws (as a rejection) TypeError when `value` is not a boolean.
   * @example
   * ```ts
   * await output.writeBoolean(true); // 01
   * ```
   */
  writeBoolean(value: boolean): Promise<SendResult> {
    return rejecting(() => {
      if (typeof value !== 'boolean') throw new TypeError('DataOutputStream.writeBoolean: expected a boolean');
      return this.#send(Uint8Array.of(value ? 1 : 0));
    });
  }

  /**
   * Writes one byte.
   *
   * @param value - -128 to 255 (written as its low 8 bits).
   * @returns the socket's answer for this field.
   * @throws (as a rejection) TypeError / RangeError for another value.
   * @example
   * ```ts
   * await output.writeByte(-1); // 0xff
   * ```
   */
  writeByte(value: number): Promise<SendResult> {
    return rejecting(() => this.#send(Uint8Array.of(checkRange('DataOutputStream.writeByte', 'value', value, -128, 255) & 0xff)));
  }

  /**
   * Writes a big-endian 16-bit integer.
   *
   * @param value - -32768 to 65535 (written as its low 16 bits, so signed and unsigned both fit).
   * @returns the socket's answer for this field.
   * @throws (as a rejection) TypeError / RangeError for another value.
   * @example
   * ```ts
   * await output.writeShort(-2); // ff fe
   * ```
   */
  writeShort(value: number): Promise<SendResult> {
    return rejecting(() => {
      const checked = checkRange('DataOutputStream.writeShort', 'value', value, -32768, 65535);
      return this.#send(Uint8Array.of((checked >>> 8) & 0xff, checked & 0xff));
    });
  }

  /**
   * Writes a Java `char`: one UTF-16 code unit, big-endian.
   *
   * @param value - a one-unit string, or the unit's number (0 to 65535).
   * @returns the socket's answer for this field.
   * @throws (as a rejection) TypeError / RangeError for another value.
   * @example
   * ```ts
   * await output.writeChar('é'); // 00 e9
   * ```
   */
  writeChar(value: string | number): Promise<SendResult> {
    return rejecting(() => {
      if (typeof value === 'string' && value.length !== 1) throw new RangeError('DataOutputStream.writeChar: expected one UTF-16 unit');
      const unit = typeof value === 'string' ? value.charCodeAt(0) : checkRange('DataOutputStream.writeChar', 'value', value, 0, 65535);
      return this.#send(field(2, (view) => view.setUint16(0, unit)));
    });
  }

  /**
   * Writes a big-endian signed 32-bit integer.
   *
   * @param value - -2^31 to 2^31-1.
   * @returns the socket's answer for this field.
   * @throws (as a rejection) TypeError / RangeError for another value.
   * @example
   * ```ts
   * await output.writeInt(53000); // 00 00 cf 08
   * ```
   */
  writeInt(value: number): Promise<SendResult> {
    return rejecting(() => {
      const checked = checkRange('DataOutputStream.writeInt', 'value', value, -0x80000000, 0x7fffffff);
      return this.#send(Uint8Array.of(checked >>> 24, (checked >>> 16) & 0xff, (checked >>> 8) & 0xff, checked & 0xff));
    });
  }

  /**
   * Writes a big-endian signed 64-bit integer.
   *
   * @param value - a `bigint` from -2^63 to 2^63-1.
   * @returns the socket's answer for this field.
   * @throws (as a rejection) TypeError / RangeError for another value.
   * @example
   * ```ts
   * await output.writeLong(BigInt(Date.now()));
   * ```
   */
  writeLong(value: bigint): Promise<SendResult> {
    return rejecting(() => {
      if (typeof value !== 'bigint') throw new TypeError('DataOutputStream.writeLong: expected a bigint');
      if (value < INT64_MIN || value > INT64_MAX) throw new RangeError(`DataOutputStream.writeLong: ${value}n is not from -2^63 to 2^63-1`);
      return this.#send(field(8, (view) => view.setBigInt64(0, value)));
    });
  }

  /**
   * Writes a big-endian IEEE 754 32-bit float, as Java's `writeInt(Float.floatToIntBits(v))`
   * (NaN as `0x7fc00000`).
   *
   * @param value - any number; rounded to the nearest float.
   * @returns the socket's answer for this field.
   * @throws (as a rejection) TypeError when `value` is not a number.
   * @example
   * ```ts
   * await output.writeFloat(0.5); // 3f 00 00 00
   * ```
   */
  writeFloat(value: number): Promise<SendResult> {
    return rejecting(() => {
      const checked = checkNumber('writeFloat', value);
      return this.#send(field(4, (view) => (checked === checked ? view.setFloat32(0, checked) : view.setUint32(0, FLOAT_NAN))));
    });
  }

  /**
   * Writes a big-endian IEEE 754 64-bit float, as Java's `writeLong(Double.doubleToLongBits(v))`
   * (unlike `Packet.writeDouble`, which writes SFML's little-endian layout).
   *
   * @param value - any number.
   * @returns the socket's answer for this field.
   * @throws (as a rejection) TypeError when `value` is not a number.
   * @example
   * ```ts
   * await output.writeDouble(Math.PI); // 40 09 21 fb 54 44 2d 18, where Packet.writeDouble writes 18 2d 44 54 fb 21 09 40
   * ```
   */
  writeDouble(value: number): Promise<SendResult> {
    return rejecting(() => {
      const checked = checkNumber('writeDouble', value);
      return this.#send(field(8, (view) => view.setFloat64(0, checked === checked ? checked : NaN)));
    });
  }

  /**
   * Writes each UTF-16 unit of `text` as one byte, its low 8 bits (Java's `writeBytes(String)`,
   * which loses the high bits: for ASCII and Latin-1 text only).
   *
   * @param text - the text.
   * @returns the socket's answer for these bytes.
   * @throws (as a rejection) TypeError when `text` is not a string.
   * @example
   * ```ts
   * await output.writeBytes('HELLO\n');
   * ```
   */
  writeBytes(text: string): Promise<SendResult> {
    return rejecting(() => {
      const checked = checkString('writeBytes', text);
      const bytes = new Uint8Array(checked.length);
      for (let i = 0; i < checked.length; i++) bytes[i] = checked.charCodeAt(i) & 0xff;
      return this.#send(bytes);
    });
  }

  /**
   * Writes each UTF-16 unit of `text` as two bytes, big-endian, as `writeChar` does (Java's
   * `writeChars`); no length is written.
   *
   * @param text - the text.
   * @returns the socket's answer for these bytes.
   * @throws (as a rejection) TypeError when `text` is not a string.
   * @example
   * ```ts
   * await output.writeChars('héllo'); // 10 bytes
   * ```
   */
  writeChars(text: string): Promise<SendResult> {
    return rejecting(() => {
      const checked = checkString('writeChars', text);
      return this.#send(field(2 * checked.length, (view) => {
        for (let i = 0; i < checked.length; i++) view.setUint16(2 * i, checked.charCodeAt(i));
      }));
    });
  }

  /**
   * Writes a string as Java's `writeUTF`: a big-endian uint16 byte count, then the string in
   * modified UTF-8 (U+0000 as `C0 80`, supplementary characters as two 3-byte surrogates).
   *
   * @param text - the text; at most 65535 bytes once encoded.
   * @returns the socket's answer for this field.
   * @throws (as a rejection) TypeError when `text` is not a string; RangeError when it encodes to
   *   more than 65535 bytes (Java's `UTFDataFormatException`), and nothing is sent.
   * @example
   * ```ts
   * await output.writeUTF('naïve ☃');
   * ```
   */
  writeUTF(text: string): Promise<SendResult> {
    return rejecting(() => {
      const checked = checkString('writeUTF', text);
      const length = modifiedUtf8Length(checked);
      if (length > MAX_MODIFIED_UTF8_BYTES) {
        throw new RangeError(`DataOutputStream.writeUTF: encoded string too long: ${length} bytes (UTFDataFormatException in Java; at most 65535)`);
      }
      const bytes = new Uint8Array(2 + length);
      bytes[0] = length >> 8;
      bytes[1] = length & 0xff;
      encodeModifiedUtf8(checked, bytes, 2);
      return this.#send(bytes);
    });
  }

  /**
   * Sends what the stream still holds: the rest of a field a non-blocking socket took in part.
   *
   * @remarks
   * Java's `flush` on a socket's stream has nothing to do; here too on a blocking socket, where
   * every write is handed to the socket whole. It does not wait for the socket's own output to
   * reach the network.
   *
   * @returns `Done` (with the bytes it sent) when nothing is held any more; `Partial` or
   *   `NotReady` while some still is; `Disconnected` / `Error` when the connection is gone.
   * @example
   * ```ts
   * socket.setBlocking(false);
   * let flushed = await output.flush();
   * while (flushed.status === SocketStatus.Partial || flushed.status === SocketStatus.NotReady) flushed = await output.flush();
   * ```
   */
  flush(): Promise<SendResult> {
    return this.#serial.run(async () => (this.#rest === null ? NOTHING_TO_FLUSH : this.#sendRest()));
  }

  /**
   * Closes the socket, as Java's `close` flushes and closes the stream under it: bytes already
   * handed to the socket are still sent; a rest a non-blocking socket did not take is dropped.
   *
   * @example
   * ```ts
   * await output.writeUTF('bye');
   * output.close();
   * ```
   */
  close(): void {
    this.#rest = null;
    this.#socket.close();
  }

  /** Hands one field to the socket, in call order, after any rest. */
  #send(bytes: Uint8Array): Promise<SendResult> {
    // A blocking socket queues whole sends in call order, so an idle stream hands the field over at
    // once; a non-blocking one may take part of a field, so its writes wait their turn here.
    if (this.#serial.idle && this.#rest === null && this.#socket.isBlocking()) return this.#sendField(bytes);
    return this.#serial.run(async () => {
      if (this.#rest !== null) {
        const rest = await this.#sendRest();
        if (this.#rest !== null) return rest.status === SocketStatus.Partial ? NOTHING_TAKEN : { ...rest, sent: 0 };
      }
      return this.#sendField(bytes);
    });
  }

  /** Sends a whole field; keeps its rest when a non-blocking socket took part of it. */
  #sendField(bytes: Uint8Array): Promise<SendResult> {
    // One `then`, not an async function: a write costs a fraction of a microsecond more than the socket's send.
    return this.#socket.send(bytes).then((result) => {
      if (result.status === SocketStatus.Done) this.#count(bytes.length);
      else if (result.status === SocketStatus.Partial) {
        this.#count(bytes.length);
        this.#rest = bytes.subarray(result.sent);
      }
      return result;
    });
  }

  /** Sends the rest of a field; forgets it once it is out or the connection is gone. */
  async #sendRest(): Promise<SendResult> {
    const rest = this.#rest as Uint8Array;
    const result = await this.#socket.send(rest);
    if (result.status === SocketStatus.Partial) this.#rest = rest.subarray(result.sent);
    else if (result.status !== SocketStatus.NotReady) this.#rest = null;
    return result;
  }

  #count(bytes: number): void {
    this.#written = Math.min(INT_MAX, this.#written + bytes);
  }
}
