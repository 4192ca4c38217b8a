import { copyBytes } from '../core/copyBytes.js';

/**
 * Takes the empty SFML frames (a size prefix of 0, nothing after it) out of a received byte
 * stream: the heartbeats of a connection with a heartbeat on.
 *
 * @remarks
 * It follows the frames across chunks: the payload of a frame passes untouched (as views of the
 * chunk, without copying), a size prefix of 0 is dropped, and a size prefix cut by a chunk
 * boundary (1 to 3 bytes) is held back until the next chunk tells whether it is a heartbeat.
 * Whatever a peer sends, it holds at most those 4 bytes.
 *
 * @internal
 */
export class EmptyFrameFilter {
  /** Payload bytes of the current frame still to pass. */
  #remaining = 0;
  /** A size prefix cut by the end of a chunk: its first `#held` bytes. */
  readonly #prefix = new Uint8Array(4);
  #held = 0;

  /** Hands the parts of `chunk` that are not empty frames to `keep`, in order. */
  filter(chunk: Uint8Array, keep: (part: Uint8Array) => void): void {
    let at = 0;
    let start = 0;
    const length = chunk.length;
    while (at < length) {
      if (this.#remaining > 0) {
        const step = Math.min(this.#remaining, length - at);
        this.#remaining -= step;
        at += step;
        continue;
      }
      if (this.#held > 0) {
        // Completing a prefix held back from the previous chunk.
        const step = Math.min(4 - this.#held, length - at);
        this.#prefix.set(chunk.subarray(at, at + step), this.#held);
        this.#held += step;
        at += step;
        start = at;
        if (this.#held < 4) return;
        this.#held = 0;
        const size = readUint32(this.#prefix, 0);
        if (size !== 0) {
          keep(copyBytes(this.#prefix));
          this.#remaining = size;
        }
        continue;
      }
      if (length - at < 4) {
        if (at > start) keep(chunk.subarray(start, at));
        this.#prefix.set(chunk.subarray(at), 0);
        this.#held = length - at;
        return;
      }
      const size = readUint32(chunk, at);
      if (size === 0) {
        if (at > start) keep(chunk.subarray(start, at));
        at += 4;
        start = at;
        continue;
      }
      this.#remaining = size;
      at += 4;
    }
    if (at > start) keep(start === 0 ? chunk : chunk.subarray(start, at));
  }
}

/** The big-endian 32-bit value at `at`. */
function readUint32(bytes: Uint8Array, at: number): number {
  return (((bytes[at] as number) << 24) | ((bytes[at + 1] as number) << 16) | ((bytes[at + 2] as number) << 8) | (bytes[at + 3] as number)) >>> 0;
}
