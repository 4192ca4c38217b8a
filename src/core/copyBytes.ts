/**
 * A copy of `bytes[start, end)` in memory of its own, whatever kind of view `bytes` is.
 *
 * @remarks
 * `Uint8Array.prototype.slice` copies, but a Node `Buffer` (a `Uint8Array` subclass, and what
 * `node:net`, `node:dgram` and many callers hand over) overrides `slice` to return a view that
 * shares the caller's memory. Bytes kept after the call returns (queued, delayed, sent again) or
 * written to must be this copy, never `slice()`: the caller may reuse its buffer at once.
 *
 * @param bytes - the bytes to copy (a `Uint8Array` or a `Buffer`).
 * @param start - the first byte copied; default 0.
 * @param end - one past the last byte copied; default the end.
 * @returns a new `Uint8Array` (never a `Buffer`) holding the copy.
 * @example
 * ```ts
 * const buffer = Buffer.from([1, 2, 3]);
 * const kept = copyBytes(buffer);
 * buffer[0] = 9;
 * kept[0]; // 1 (buffer.slice()[0] would be 9)
 * ```
 * @internal
 */
export function copyBytes(bytes: Uint8Array, start = 0, end = bytes.length): Uint8Array {
  return new Uint8Array(start === 0 && end === bytes.length ? bytes : bytes.subarray(start, end));
}
