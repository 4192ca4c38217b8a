import { Packet } from './Packet.js';

/**
 * `node:zlib`, loaded on the first packet compressed or inflated rather than when sfnet is
 * imported (see platform/node/lazyBuiltins.ts: every program would pay for it otherwise).
 */
function zlib(): typeof import('node:zlib') {
  return process.getBuiltinModule('node:zlib');
}

/**
 * The largest `Buffer`, from `node:buffer` taken rather than imported: an ES module import of it
 * builds a namespace of every export, which loads its `File` (~0.6 ms for every program).
 */
const MAX_BUFFER_LENGTH = process.getBuiltinModule('node:buffer').constants.MAX_LENGTH;

const DEFAULT_MAX_OUTPUT = 4 * 1024 * 1024;
/**
 * The largest packet deflated at its level by default. Deflating at zlib's default level costs
 * ~30-40 ms of CPU per MiB (measured on text and on random bytes, x86-64, Node 20-24), so
 * 256 KiB blocks the event loop ~10 ms; storing costs ~1-3 ms per MiB.
 */
const DEFAULT_MAX_COMPRESS = 256 * 1024;

/**
 * Options for {@link ZipPacket}.
 *
 * @example
 * ```ts
 * const packet = new ZipPacket({ maxOutputLength: 64 * 1024, level: 9 });
 * ```
 */
export interface ZipPacketOptions {
  /**
   * The most bytes a received packet may inflate to; more makes the packet invalid, and inflating
   * stops there, so a small "decompression bomb" cannot make it allocate more. An integer from 1 to
   * `buffer.constants.MAX_LENGTH`. Default 4 MiB, like `SocketLimits.maxPacketSize` (~10-20 ms of
   * CPU to inflate).
   *
   * @example
   * ```ts
   * const packet = new ZipPacket({ maxOutputLength: 1024 * 1024 }); // refuse what inflates past 1 MiB
   * ```
   */
  readonly maxOutputLength?: number;
  /**
   * The largest packet, in bytes, that `onSend` deflates at `level`; a larger one is sent in
   * stored blocks (zlib level 0: still a zlib stream any peer inflates, but not smaller), so one
   * send never compresses more than this on the event loop. An integer from 0 to
   * `buffer.constants.MAX_LENGTH`. Default 256 KiB (~10 ms of CPU at the default level).
   *
   * @example
   * ```ts
   * const packet = new ZipPacket({ maxCompressLength: 64 * 1024, level: 9 }); // level 9 costs ~4x more a byte
   * ```
   */
  readonly maxCompressLength?: number;
  /**
   * The zlib compression level for sending: an integer from -1 (zlib's default, 6) to 9. Default -1.
   *
   * @example
   * ```ts
   * const packet = new ZipPacket({ level: 9 }); // smallest output, most CPU
   * ```
   */
  readonly level?: number;
}

/**
 * A {@link Packet} that is compressed on the wire: the worked example of `onSend` / `onReceive`,
 * after the `ZipPacket` in SFML's `sf::Packet` documentation.
 *
 * @remarks
 * What is sent is the packet's bytes in the zlib format (RFC 1950), which is what zlib's
 * `compress()` / `uncompress()` produce and read, so a C++ `sf::Packet` subclass built on them talks
 * to this one. Reading and writing are those of {@link Packet}. A received payload that is not a
 * valid zlib stream, or that inflates to more than `maxOutputLength` bytes, leaves the packet invalid
 * ({@link Packet.isValid} is `false`); nothing is thrown.
 *
 * Both directions run zlib synchronously, on the event loop, inside a socket's `send` and
 * `receive`, so each call's work is bounded. Sending deflates at most `maxCompressLength` bytes
 * (default 256 KiB, ~10 ms of CPU at the default level, ~4x that at level 9); a larger packet is
 * sent in stored blocks, which costs a copy and a checksum (~1-3 ms per MiB) and makes the wire
 * 5 bytes per 64 KiB longer than the packet, so a peer's `maxPacketSize` must allow for that.
 * Receiving inflates at most `maxOutputLength` bytes (a few ms of CPU per MiB; default 4 MiB): a
 * decompression bomb stops there, and its memory with it (about three times that while the
 * packet is filled, then once). To compress larger packets without blocking, compress them with
 * node:zlib's asynchronous API and send the bytes.
 *
 * @example
 * ```ts
 * const packet = new ZipPacket().writeString('hello '.repeat(1000)); // 6004 bytes
 * // a socket sending it puts 45 bytes on the wire; the receiving ZipPacket reads the 6004 back
 * ```
 */
export class ZipPacket extends Packet {
  readonly #maxOutputLength: number;
  readonly #maxCompressLength: number;
  readonly #level: number;

  /**
   * Creates an empty packet.
   *
   * @param options - the inflate and deflate limits and the compression level; see {@link ZipPacketOptions}.
   * @throws RangeError when an option is not an integer in its range.
   * @example
   * ```ts
   * const packet = new ZipPacket({ maxOutputLength: 1024 * 1024 });
   * ```
   */
  constructor(options: ZipPacketOptions = {}) {
    super();
    const { maxOutputLength = DEFAULT_MAX_OUTPUT, maxCompressLength = DEFAULT_MAX_COMPRESS, level = -1 } = options;
    if (!Number.isInteger(maxOutputLength) || maxOutputLength < 1 || maxOutputLength > MAX_BUFFER_LENGTH) {
      throw new RangeError(`ZipPacket: maxOutputLength ${maxOutputLength} is not an integer from 1 to ${MAX_BUFFER_LENGTH}`);
    }
    if (!Number.isInteger(maxCompressLength) || maxCompressLength < 0 || maxCompressLength > MAX_BUFFER_LENGTH) {
      throw new RangeError(`ZipPacket: maxCompressLength ${maxCompressLength} is not an integer from 0 to ${MAX_BUFFER_LENGTH}`);
    }
    if (!Number.isInteger(level) || level < -1 || level > 9) {
      throw new RangeError(`ZipPacket: level ${level} is not an integer from -1 to 9`);
    }
    this.#maxOutputLength = maxOutputLength;
    this.#maxCompressLength = maxCompressLength;
    this.#level = level;
  }

  /**
   * The most bytes a received packet may inflate to.
   *
   * @returns the limit in bytes, as given to the constructor (default 4 MiB).
   * @example
   * ```ts
   * new ZipPacket().maxOutputLength; // 4194304
   * ```
   */
  get maxOutputLength(): number {
    return this.#maxOutputLength;
  }

  /**
   * The largest packet deflated at the packet's level; larger ones are sent in stored blocks.
   *
   * @returns the limit in bytes, as given to the constructor (default 256 KiB).
   * @example
   * ```ts
   * new ZipPacket().maxCompressLength; // 262144
   * ```
   */
  get maxCompressLength(): number {
    return this.#maxCompressLength;
  }

  /**
   * Compresses the packet's bytes with zlib's deflate, or stores them (level 0) when there are more
   * than `maxCompressLength`.
   *
   * @param data - the packet's bytes.
   * @returns the zlib stream to send.
   * @example
   * ```ts
   * // Called by the sockets; see Packet.onSend.
   * ```
   */
  protected override onSend(data: Uint8Array): Uint8Array {
    if (data.length <= this.#maxCompressLength) return zlib().deflateSync(data, { level: this.#level });
    // Stored blocks add 5 bytes per 64 KiB and 6 in all: one output chunk holds them, no concat.
    return zlib().deflateSync(data, { level: 0, chunkSize: data.length + (data.length >>> 10) + 64 });
  }

  /**
   * Inflates the received zlib stream into the packet, or invalidates the packet when the stream is
   * corrupt or inflates to more than `maxOutputLength` bytes.
   *
   * @param data - the zlib stream received.
   * @example
   * ```ts
   * // Called by the sockets; see Packet.onReceive.
   * ```
   */
  protected override onReceive(data: Uint8Array): void {
    if (!hasZlibHeader(data)) {
      this.invalidate();
      return;
    }
    let inflated: Uint8Array;
    try {
      // Output room in proportion to the payload, from 64 bytes (zlib's least): zlib keeps a failed
      // engine's buffers until the next process.nextTick, and every chunk is garbage after it, so
      // a burst of small corrupt frames must not cost a fixed 1 or 16 KiB each (20,000 five-byte
      // frames left ~20 MiB for the GC with 1 KiB, which Node 24 collected late: a 7 MiB peak).
      const chunkSize = Math.min(DEFAULT_CHUNK, Math.max(MIN_CHUNK, data.length * 4));
      inflated = zlib().inflateSync(data, { maxOutputLength: this.#maxOutputLength, chunkSize });
    } catch {
      this.invalidate();
      return;
    }
    this.append(inflated);
  }
}

const MIN_CHUNK = 64;
const DEFAULT_CHUNK = 16 * 1024;

/** Whether `data` starts with a valid RFC 1950 header: deflate, a window up to 32 KiB, no preset dictionary, FCHECK right. */
function hasZlibHeader(data: Uint8Array): boolean {
  const cmf = data[0];
  const flg = data[1];
  if (cmf === undefined || flg === undefined) return false;
  return (cmf & 0x0f) === 8 && cmf >> 4 <= 7 && (flg & 0x20) === 0 && (cmf * 256 + flg) % 31 === 0;
}
