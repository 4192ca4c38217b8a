import { constants as bufferConstants } from 'node:buffer';
import { deflateSync, inflateSync } from 'node:zlib';
import { Packet } from './Packet.js';

const DEFAULT_MAX_OUTPUT = 4 * 1024 * 1024;

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
   * `buffer.constants.MAX_LENGTH`. Default 4 MiB, like `SocketLimits.maxPacketSize`.
    *
    * @example
    * ```ts
    * const packet = new ZipPacket({ maxOutputLength: 1024 * 1024 }); // refuse what inflates past 1 MiB
    * ```
    */
  readonly maxOutputLength?: number;
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
 * @example
 * ```ts
 * const packet = new ZipPacket().writeString('hello '.repeat(1000)); // 6004 bytes
 * // a socket sending it puts 45 bytes on the wire; the receiving ZipPacket reads the 6004 back
 * ```
 */
export class ZipPacket extends Packet {
  readonly #maxOutputLength: number;
  readonly #level: number;

  /**
   * Creates an empty packet.
   *
   * @param options - the inflate limit and the compression level; see {@link ZipPacketOptions}.
   * @throws RangeError when an option is not an integer in its range.
   * @example
   * ```ts
   * const packet = new ZipPacket({ maxOutputLength: 1024 * 1024 });
   * ```
   */
  constructor(options: ZipPacketOptions = {}) {
    super();
    const { maxOutputLength = DEFAULT_MAX_OUTPUT, level = -1 } = options;
    if (!Number.isInteger(maxOutputLength) || maxOutputLength < 1 || maxOutputLength > bufferConstants.MAX_LENGTH) {
      throw new RangeError(`ZipPacket: maxOutputLength ${maxOutputLength} is not an integer from 1 to ${bufferConstants.MAX_LENGTH}`);
    }
    if (!Number.isInteger(level) || level < -1 || level > 9) {
      throw new RangeError(`ZipPacket: level ${level} is not an integer from -1 to 9`);
    }
    this.#maxOutputLength = maxOutputLength;
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
   * Compresses the packet's bytes with zlib's deflate.
   *
   * @param data - the packet's bytes.
   * @returns the zlib stream to send.
   * @example
   * ```ts
   * // Called by the sockets; see Packet.onSend.
   * ```
   */
  protected override onSend(data: Uint8Array): Uint8Array {
    return deflateSync(data, { level: this.#level });
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
      // A small first chunk for small payloads: zlib keeps a failed engine's buffers until the
      // next process.nextTick, so garbage must not cost a full 16 KiB chunk each.
      const chunkSize = Math.min(DEFAULT_CHUNK, Math.max(MIN_CHUNK, data.length * 4));
      inflated = inflateSync(data, { maxOutputLength: this.#maxOutputLength, chunkSize });
    } catch {
      this.invalidate();
      return;
    }
    this.append(inflated);
  }
}

const MIN_CHUNK = 1024;
const DEFAULT_CHUNK = 16 * 1024;

/** Whether `data` starts with a valid RFC 1950 header: deflate, a window up to 32 KiB, no preset dictionary, FCHECK right. */
function hasZlibHeader(data: Uint8Array): boolean {
  const cmf = data[0];
  const flg = data[1];
  if (cmf === undefined || flg === undefined) return false;
  return (cmf & 0x0f) === 8 && cmf >> 4 <= 7 && (flg & 0x20) === 0 && (cmf * 256 + flg) % 31 === 0;
}
