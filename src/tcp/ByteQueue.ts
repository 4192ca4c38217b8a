/**
 * A FIFO of received chunks read without copying where a read stays inside one chunk.
 *
 * @remarks
 * Frames are parsed in place: the size prefix is peeked across chunk boundaries, and a frame
 * is copied into a new array only when it spans several chunks.
 *
 * @internal
 */
export class ByteQueue {
  // An empty queue shares one empty array (never written to): an idle connection holds none.
  #chunks: Uint8Array[] = NO_CHUNKS;
  #head = 0;
  #offset = 0;
  #length = 0;

  /** Bytes queued. */
  get length(): number {
    return this.#length;
  }

  /** The chunk holding the first queued byte (the caller checks `length > 0`). */
  get headChunk(): Uint8Array {
    return this.#chunks[this.#head] as Uint8Array;
  }

  /** The offset of the first queued byte in {@link ByteQueue.headChunk}. */
  get headOffset(): number {
    return this.#offset;
  }

  /** Appends a chunk (kept, not copied). */
  push(chunk: Uint8Array): void {
    if (chunk.length === 0) return;
    if (this.#chunks.length === 0) this.#chunks = [chunk];
    else this.#chunks.push(chunk);
    this.#length += chunk.length;
  }

  /** The big-endian 32-bit value of the first 4 bytes; the caller checks `length >= 4`. */
  peekUint32(): number {
    const first = this.#chunks[this.#head] as Uint8Array;
    const at = this.#offset;
    if (first.length - at >= 4) {
      return (((first[at] as number) << 24) | ((first[at + 1] as number) << 16) | ((first[at + 2] as number) << 8) | (first[at + 3] as number)) >>> 0;
    }
    let value = 0;
    let chunk = this.#head;
    let offset = at;
    for (let i = 0; i < 4; i++) {
      let current = this.#chunks[chunk] as Uint8Array;
      if (offset === current.length) {
        current = this.#chunks[++chunk] as Uint8Array;
        offset = 0;
      }
      value = value * 256 + (current[offset++] as number);
    }
    return value;
  }

  /** Removes and returns the first `count` bytes (`count <= length`): a view when they lie in one chunk. */
  take(count: number): Uint8Array {
    const first = this.#chunks[this.#head] as Uint8Array;
    if (first.length - this.#offset >= count) {
      const view = first.subarray(this.#offset, this.#offset + count);
      this.#advance(count);
      return view;
    }
    const out = new Uint8Array(count);
    this.takeInto(out, 0, count);
    return out;
  }

  /** Removes the first `count` bytes (`count <= length`), copying them into `target` at `at`. */
  takeInto(target: Uint8Array, at: number, count: number): void {
    let filled = 0;
    while (filled < count) {
      const chunk = this.#chunks[this.#head] as Uint8Array;
      const part = Math.min(chunk.length - this.#offset, count - filled);
      target.set(chunk.subarray(this.#offset, this.#offset + part), at + filled);
      filled += part;
      this.#advance(part);
    }
  }

  /** Drops the first `count` bytes (`count <= length`). */
  skip(count: number): void {
    while (count > 0) {
      const chunk = this.#chunks[this.#head] as Uint8Array;
      const part = Math.min(chunk.length - this.#offset, count);
      this.#advance(part);
      count -= part;
    }
  }

  /** Drops everything. */
  clear(): void {
    this.#chunks = NO_CHUNKS;
    this.#head = 0;
    this.#offset = 0;
    this.#length = 0;
  }

  #advance(count: number): void {
    this.#length -= count;
    this.#offset += count;
    if (this.#offset < (this.#chunks[this.#head] as Uint8Array).length) return;
    this.#chunks[this.#head++] = EMPTY;
    this.#offset = 0;
    if (this.#head === this.#chunks.length) {
      this.#chunks = NO_CHUNKS;
      this.#head = 0;
    } else if (this.#head >= 64) {
      this.#chunks.splice(0, this.#head);
      this.#head = 0;
    }
  }
}

const EMPTY = new Uint8Array(0);
const NO_CHUNKS: Uint8Array[] = [];
