/** The smallest pooled size; the sizes double from it. */
const SMALLEST = 32 * 1024;
/** How many sizes are pooled: 32, 64, 128 and 256 KiB. A larger buffer is allocated each time. */
const SIZES = 4;
/** Free buffers kept per size: at most 4 × (32 + 64 + 128 + 256) KiB = 1.9 MiB for the process. */
const KEPT_PER_SIZE = 4;

/**
 * Output buffers for large frames and large batches of small ones (16 KiB or more), reused once
 * the transport has handed their bytes to the system. Shared by every connection of the process,
 * so an idle connection holds none.
 *
 * @remarks
 * A large frame is copied at `send` (the application may change its packet as soon as the
 * Promise settles, and in non-blocking mode that is at once). A fresh 64 KiB buffer per frame
 * costs more than the copy: glibc gives freed memory of that size back to the system and the next
 * one is faulted in page by page. Measured on loopback ping-pong of 64 KiB packets (one core):
 * ~30 page faults per round trip and ~115 µs of CPU per side with a fresh buffer per frame,
 * against under 0.1 page faults and ~38 µs with buffers reused.
 *
 * @internal
 */
export class OutputPool {
  readonly #free: ArrayBuffer[][] = Array.from({ length: SIZES }, () => []);
  /**
   * The memory this pool made. Only that is ever kept: the size of a buffer's memory says nothing
   * about who else uses it. Node slices small `Buffer.allocUnsafe` results from one shared slab
   * of `Buffer.poolSize` bytes, and since Node 24 that is 64 KiB, a pooled size (nodejs/node#63597);
   * keeping such a slab would build the next large frame over other live Buffers of the process.
   */
  readonly #made = new WeakSet<ArrayBuffer>();

  /** A buffer of `size` bytes: a view of a free pooled one when `size` is at most 256 KiB, else a new one. */
  take(size: number): Buffer {
    const index = OutputPool.#sizeIndex(size);
    if (index >= SIZES) return Buffer.allocUnsafe(size);
    const free = this.#free[index] as ArrayBuffer[];
    let buffer = free.pop();
    if (buffer === undefined) {
      buffer = new ArrayBuffer(SMALLEST << index);
      this.#made.add(buffer);
    }
    return Buffer.from(buffer, 0, size);
  }

  /**
   * Takes back a buffer {@link OutputPool.take} returned, once nothing will read its bytes again
   * (the transport has written them); one that is not pooled, or one too many, is left to the GC.
   * Any buffer may be given: memory this pool did not make (a slice of Node's shared pool, say)
   * is never kept, and memory already free is not kept twice.
   */
  give(buffer: Buffer): void {
    const whole = buffer.buffer as ArrayBuffer;
    if (!this.#made.has(whole)) return;
    const free = this.#free[OutputPool.#sizeIndex(whole.byteLength)] as ArrayBuffer[];
    if (free.length < KEPT_PER_SIZE && !free.includes(whole)) free.push(whole);
  }

  /** The index of the smallest pooled size holding `size` bytes (`SIZES` or more when none does). */
  static #sizeIndex(size: number): number {
    let index = 0;
    while (index < SIZES && SMALLEST << index < size) index++;
    return index;
  }
}
