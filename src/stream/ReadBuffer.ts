/**
 * The bytes a `DataInputStream` took from its socket and has not handed out yet: `bytes[start..end)`,
 * grown for a large field and let go once it is read.
 *
 * @internal
 */
export class ReadBuffer {
  /** The storage; the held bytes are `bytes[start..end)`. */
  bytes = new Uint8Array(64);
  /** A view of `bytes`, for the numbers. */
  view = new DataView(this.bytes.buffer);
  start = 0;
  end = 0;
  readonly #readAhead: number;

  /** @param readAhead - the bytes asked beyond a field: room kept when growing, and the size above which a buffer shrinks back. */
  constructor(readAhead: number) {
    this.#readAhead = readAhead;
  }

  /** Drops every held byte. */
  clear(): void {
    this.start = this.end = 0;
  }

  /** Lets a buffer grown for a large field go once it is read, so an idle stream holds little. */
  shrink(): void {
    if (this.bytes.length <= 4 * this.#readAhead) return;
    const held = this.bytes.slice(this.start, this.end);
    this.bytes = new Uint8Array(Math.max(64, 2 * held.length));
    this.bytes.set(held);
    this.view = new DataView(this.bytes.buffer);
    this.start = 0;
    this.end = held.length;
  }

  /** Keeps `data` after the bytes held, moving them to the front or growing the buffer first. */
  append(data: Uint8Array): void {
    const held = this.end - this.start;
    if (this.bytes.length - this.end < data.length) {
      const size = held + data.length;
      if (size <= this.bytes.length) {
        this.bytes.copyWithin(0, this.start, this.end);
      } else {
        const grown = new Uint8Array(Math.max(size, Math.min(2 * this.bytes.length, size + this.#readAhead)));
        grown.set(this.bytes.subarray(this.start, this.end));
        this.bytes = grown;
        this.view = new DataView(grown.buffer);
      }
      this.start = 0;
      this.end = held;
    }
    this.bytes.set(data, this.end);
    this.end += data.length;
  }
}
