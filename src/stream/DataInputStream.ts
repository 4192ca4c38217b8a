import { SocketError } from '../core/SocketError.js';
import type { ReceiveResult } from '../core/SocketResult.js';
import { SocketStatus } from '../core/SocketStatus.js';
import { decodeModifiedUtf8 } from '../packet/modifiedUtf8.js';
import { TcpSocket } from '../tcp/TcpSocket.js';
import type { DataNoValue, DataResult } from './DataResult.js';
import { ReadBuffer } from './ReadBuffer.js';
import { checkRange, checkSocket, rejecting, Serial } from './streamArguments.js';

/**
 * Bytes asked of the socket beyond the field being read, so a run of small fields costs one
 * receive rather than one each (as a `BufferedInputStream` under Java's stream would).
 */
const READ_AHEAD = 8192;

const END: DataNoValue = Object.freeze({ status: SocketStatus.Disconnected });

/** A `Done` result. */
function done<T>(value: T): DataResult<T> {
  return { status: SocketStatus.Done, value };
}

/**
 * Java's `java.io.DataInputStream` over a connected {@link TcpSocket}: big-endian numbers, Java's
 * modified UTF-8 strings and raw bytes read straight from the byte stream, with no framing.
 *
 * @remarks
 * For Java peers that write with `DataOutputStream` to a socket's stream. (SFML-framed messages,
 * which Java sends as `writeInt(length)` then the bytes, are `TcpSocket.receive(packet)`'s job.)
 * Each method has the name and byte layout of Java's; the differences are those of an event loop
 * and of the SDK's rule that network outcomes are returned, not thrown:
 * - Every read is a Promise of a {@link DataResult}: `Done` with the `value`; `Disconnected`
 *   where Java throws `EOFException` (the stream ended before the whole field; the bytes of that
 *   field are dropped, as Java's are read); `Error` where Java throws another `IOException`
 *   (a reset, or a string that is not modified UTF-8 — `UTFDataFormatException` — with kind
 *   `'Protocol'`).
 * - On a non-blocking socket, or when the socket's `setSoTimeout` elapses, a read that cannot be
 *   completed answers `NotReady` and consumes nothing of its field: the bytes that did arrive are
 *   kept, and the same read called again continues.
 * - Reads run in the order they are called, even when not awaited one by one.
 * - `readLong` gives a `bigint`, `readChar` a one-unit string; `readLine` (deprecated in Java) is
 *   left out.
 *
 * Memory is bounded: the stream holds at most the field being read plus 8 KiB read ahead;
 * `readFully` of more than the socket's `getMaxPacketSize()` is refused with a `RangeError`, and
 * `readUTF` holds at most the 65535 bytes its uint16 length can claim.
 *
 * Once a socket is wrapped, read it only through the stream: bytes read ahead are in the stream,
 * not the socket.
 *
 * @example
 * ```ts
 * const input = new DataInputStream(socket);
 * const id = await input.readInt();
 * const name = await input.readUTF();
 * if (id.status === SocketStatus.Done && name.status === SocketStatus.Done) console.log(id.value, name.value);
 * ```
 */
export class DataInputStream {
  readonly #socket: TcpSocket;
  readonly #serial = new Serial();
  readonly #held = new ReadBuffer(READ_AHEAD);

  /**
   * Reads from `socket`, which must be (or become) connected before the first read.
   *
   * @param socket - the socket; its blocking mode and receive time-out apply to every read.
   * @throws TypeError when `socket` is not a `TcpSocket`.
   * @example
   * ```ts
   * const input = new DataInputStream(socket);
   * ```
   */
  constructor(socket: TcpSocket) {
    this.#socket = checkSocket('DataInputStream', socket, TcpSocket);
  }

  /**
   * The bytes that can be read without waiting: those the stream has already taken from the
   * socket (Java's estimate may also count what the system holds; this one never over-counts).
   *
   * @returns a byte count.
   * @example
   * ```ts
   * if (input.available() >= 4) console.log((await input.readInt()).value); // no waiting
   * ```
   */
  available(): number {
    return this.#held.end - this.#held.start;
  }

  /**
   * Reads one byte as a boolean: `false` for 0, `true` for any other value.
   *
   * @returns the boolean, or why there is none.
   * @example
   * ```ts
   * const ready = await input.readBoolean();
   * ```
   */
  readBoolean(): Promise<DataResult<boolean>> {
    return this.#field(1, (view, at) => view.getUint8(at) !== 0);
  }

  /**
   * Reads one signed byte, -128 to 127.
   *
   * @returns the byte, or why there is none.
   * @example
   * ```ts
   * const delta = await input.readByte();
   * ```
   */
  readByte(): Promise<DataResult<number>> {
    return this.#field(1, (view, at) => view.getInt8(at));
  }

  /**
   * Reads one unsigned byte, 0 to 255.
   *
   * @returns the byte, or why there is none.
   * @example
   * ```ts
   * const kind = await input.readUnsignedByte();
   * ```
   */
  readUnsignedByte(): Promise<DataResult<number>> {
    return this.#field(1, (view, at) => view.getUint8(at));
  }

  /**
   * Reads a big-endian signed 16-bit integer.
   *
   * @returns the value, or why there is none.
   * @example
   * ```ts
   * const x = await input.readShort();
   * ```
   */
  readShort(): Promise<DataResult<number>> {
    return this.#field(2, (view, at) => view.getInt16(at));
  }

  /**
   * Reads a big-endian unsigned 16-bit integer, 0 to 65535.
   *
   * @returns the value, or why there is none.
   * @example
   * ```ts
   * const port = await input.readUnsignedShort();
   * ```
   */
  readUnsignedShort(): Promise<DataResult<number>> {
    return this.#field(2, (view, at) => view.getUint16(at));
  }

  /**
   * Reads a Java `char`: a big-endian UTF-16 code unit.
   *
   * @returns the unit as a one-character string, or why there is none.
   * @example
   * ```ts
   * const letter = await input.readChar();
   * ```
   */
  readChar(): Promise<DataResult<string>> {
    return this.#field(2, (view, at) => String.fromCharCode(view.getUint16(at)));
  }

  /**
   * Reads a big-endian signed 32-bit integer.
   *
   * @returns the value, or why there is none.
   * @example
   * ```ts
   * const read = await input.readInt();
   * if (read.status === SocketStatus.Done) console.log(read.value);
   * ```
   */
  readInt(): Promise<DataResult<number>> {
    return this.#field(4, (view, at) => view.getInt32(at));
  }

  /**
   * Reads a big-endian signed 64-bit integer.
   *
   * @returns the value as a `bigint`, or why there is none.
   * @example
   * ```ts
   * const stamp = await input.readLong();
   * ```
   */
  readLong(): Promise<DataResult<bigint>> {
    return this.#field(8, (view, at) => view.getBigInt64(at));
  }

  /**
   * Reads a big-endian IEEE 754 32-bit float, as Java's `Float.intBitsToFloat(readInt())`.
   *
   * @returns the value, or why there is none.
   * @example
   * ```ts
   * const speed = await input.readFloat();
   * ```
   */
  readFloat(): Promise<DataResult<number>> {
    return this.#field(4, (view, at) => view.getFloat32(at));
  }

  /**
   * Reads a big-endian IEEE 754 64-bit float, as Java's `Double.longBitsToDouble(readLong())`.
   *
   * @returns the value, or why there is none.
   * @example
   * ```ts
   * const balance = await input.readDouble();
   * ```
   */
  readDouble(): Promise<DataResult<number>> {
    return this.#field(8, (view, at) => view.getFloat64(at));
  }

  /**
   * Reads a string Java's `writeUTF` wrote: a big-endian uint16 byte count, then that many bytes
   * of modified UTF-8.
   *
   * @returns the string; `Error` with kind `'Protocol'` when the bytes are not modified UTF-8
   *   (Java's `UTFDataFormatException`; they are consumed), or why there is none.
   * @example
   * ```ts
   * const name = await input.readUTF();
   * if (name.status === SocketStatus.Done) console.log(`hello ${name.value}`);
   * ```
   */
  readUTF(): Promise<DataResult<string>> {
    const held = this.#held;
    if (this.#serial.idle && held.end - held.start >= 2 && held.end - held.start >= 2 + held.view.getUint16(held.start)) {
      return Promise.resolve(this.#takeUtf());
    }
    return this.#serial.run(async () => {
      const noLength = await this.#fill(2);
      if (noLength !== null) return noLength;
      const noText = await this.#fill(2 + held.view.getUint16(held.start));
      return noText ?? this.#takeUtf();
    });
  }

  /** Decodes the whole `writeUTF` string at the front of the held bytes, consuming it either way. */
  #takeUtf(): DataResult<string> {
    const held = this.#held;
    const length = held.view.getUint16(held.start);
    const from = held.start + 2;
    held.start = from + length;
    const text = decodeModifiedUtf8(held.bytes, from, from + length);
    if (text !== null) return done(text);
    return { status: SocketStatus.Error, error: new SocketError('Protocol', `DataInputStream.readUTF: malformed modified UTF-8 in a ${length}-byte string`) };
  }

  /**
   * Reads exactly `length` bytes into a new array, or fills `target` (from `offset`, `length`
   * bytes), waiting for all of them: Java's `readFully`.
   *
   * @param target - the byte count to read, or the array to fill.
   * @param offset - where in `target` to start (default 0).
   * @param length - how many bytes to read into `target` (default: the rest of it).
   * @returns the bytes read (a view of `target` when one was given), or why there are none
   *   (`Disconnected` when the stream ends first; the bytes read are dropped).
   * @throws (as a rejection) TypeError / RangeError for a bad argument, or a length above the
   *   socket's `getMaxPacketSize()`.
   * @example
   * ```ts
   * const header = await input.readFully(16);
   * if (header.status === SocketStatus.Done) console.log(header.value.length); // 16
   * ```
   */
  readFully(target: Uint8Array | number, offset = 0, length?: number): Promise<DataResult<Uint8Array>> {
    return rejecting(() => {
      const limit = this.#socket.getMaxPacketSize();
      const into = typeof target === 'number' ? null : target;
      const count = into === null ? checkRange('DataInputStream.readFully', 'length', target, 0, limit) : this.#range('readFully', into, offset, length, limit);
      return this.#serial.run(async () => {
        const missing = await this.#fill(count);
        if (missing !== null) return missing;
        const bytes = into === null ? new Uint8Array(count) : into.subarray(offset, offset + count);
        bytes.set(this.#held.bytes.subarray(this.#held.start, this.#held.start + count));
        this.#held.start += count;
        this.#held.shrink();
        return done(bytes);
      });
    });
  }

  /**
   * Reads at least one byte and at most `length` into `target`: Java's `read(byte[], int, int)`.
   *
   * @param target - the array to fill.
   * @param offset - where to start (default 0).
   * @param length - the most bytes to read (default: the rest of `target`).
   * @returns the count read (0 only when `length` is 0); `Disconnected` at the end of the stream
   *   (where Java returns -1), or why there is none.
   * @throws (as a rejection) TypeError / RangeError for a bad argument.
   * @example
   * ```ts
   * const chunk = new Uint8Array(4096);
   * const read = await input.read(chunk);
   * if (read.status === SocketStatus.Done) console.log(chunk.subarray(0, read.value));
   * ```
   */
  read(target: Uint8Array, offset = 0, length?: number): Promise<DataResult<number>> {
    return rejecting(() => {
      const count = this.#range('read', target, offset, length, 0x7fffffff);
      return this.#serial.run(async () => {
        if (count === 0) return done(0);
        const missing = await this.#fill(1);
        if (missing !== null) return missing;
        const taken = Math.min(count, this.#held.end - this.#held.start);
        target.set(this.#held.bytes.subarray(this.#held.start, this.#held.start + taken), offset);
        this.#held.start += taken;
        return done(taken);
      });
    });
  }

  /**
   * Skips up to `count` bytes: Java's `skipBytes`, which never reports the end of the stream.
   *
   * @remarks
   * Waits (blocking mode) until `count` bytes are skipped or the stream ends; on a non-blocking
   * socket, skips what has arrived. Nothing is allocated for the skipped bytes beyond the 8 KiB
   * read-ahead.
   *
   * @param count - the most bytes to skip.
   * @returns the count skipped (fewer at the end of the stream, or on a non-blocking socket); `Error`
   *   when the connection failed first; `NotReady` when a non-blocking socket had nothing.
   * @throws (as a rejection) TypeError / RangeError when `count` is not an integer from 0 to 2^31-1.
   * @example
   * ```ts
   * const skipped = await input.skipBytes(128); // a reserved block the protocol does not use
   * ```
   */
  skipBytes(count: number): Promise<DataResult<number>> {
    return rejecting(() => {
      checkRange('DataInputStream.skipBytes', 'count', count, 0, 0x7fffffff);
      return this.#serial.run(async () => {
        let skipped = Math.min(count, this.#held.end - this.#held.start);
        this.#held.start += skipped;
        while (skipped < count) {
          const got = await this.#socket.receive(Math.min(count - skipped, READ_AHEAD));
          if (got.status === SocketStatus.Done) skipped += got.data.length;
          else if (got.status === SocketStatus.Disconnected || (got.status === SocketStatus.NotReady && skipped > 0)) break;
          else return this.#noValue(got);
        }
        return done(skipped);
      });
    });
  }

  /**
   * Closes the socket, as Java's `close` closes the stream under it; bytes not read are dropped.
   *
   * @example
   * ```ts
   * input.close();
   * socket.isClosed(); // true
   * ```
   */
  close(): void {
    this.#held.clear();
    this.#socket.close();
  }

  /** A fixed-size field: decoded at once when it is there, else after the socket delivered it. */
  #field<T>(size: number, decode: (view: DataView, at: number) => T): Promise<DataResult<T>> {
    if (this.#serial.idle && this.#held.end - this.#held.start >= size) {
      const value = decode(this.#held.view, this.#held.start);
      this.#held.start += size;
      return Promise.resolve(done(value));
    }
    return this.#serial.run(async () => {
      const missing = await this.#fill(size);
      if (missing !== null) return missing;
      const value = decode(this.#held.view, this.#held.start);
      this.#held.start += size;
      return done(value);
    });
  }

  /** Receives until `need` bytes are held; `null` then, else why not (the end drops a partial field). */
  async #fill(need: number): Promise<DataNoValue | null> {
    while (this.#held.end - this.#held.start < need) {
      const got = await this.#socket.receive(Math.max(need - (this.#held.end - this.#held.start), READ_AHEAD));
      if (got.status !== SocketStatus.Done) {
        if (got.status === SocketStatus.Disconnected) this.#held.start = this.#held.end;
        return this.#noValue(got);
      }
      this.#held.append(got.data);
    }
    return null;
  }

  /** A receive's answer without data, as a read's. */
  #noValue(got: ReceiveResult): DataNoValue {
    if (got.status === SocketStatus.Disconnected) return END;
    if (got.status === SocketStatus.Error) return { status: SocketStatus.Error, error: got.error };
    return { status: SocketStatus.NotReady, error: got.error }; // a receive never answers Partial
  }

  /** The checked byte count of a `target`/`offset`/`length` triple. */
  #range(method: string, target: unknown, offset: unknown, length: unknown, limit: number): number {
    if (!(target instanceof Uint8Array)) throw new TypeError(`DataInputStream.${method}: expected a Uint8Array or a byte count`);
    checkRange(`DataInputStream.${method}`, 'offset', offset, 0, target.length);
    const count = length ?? target.length - (offset as number);
    checkRange(`DataInputStream.${method}`, 'length', count, 0, Math.min(limit, target.length - (offset as number)));
    return count as number;
  }
}
