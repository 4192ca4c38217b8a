/**
 * CRC32C (Castagnoli), as RFC 4960 appendix B computes it: the checksum a PROXY v2 header may
 * carry in its `PP2_TYPE_CRC32C` entry.
 *
 * @internal
 * @module
 */

/** The byte-at-a-time table of the reflected polynomial 0x82F63B78. */
const TABLE = (() => {
  const table = new Uint32Array(256);
  for (let n = 0; n < 256; n++) {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0x82f63b78 ^ (c >>> 1) : c >>> 1;
    table[n] = c >>> 0;
  }
  return table;
})();

/**
 * The CRC32C of `bytes`, with the four bytes at `zeroAt` (when given) read as zeros.
 *
 * @internal
 */
export function crc32c(bytes: Uint8Array, zeroAt = -1): number {
  let crc = 0xffffffff;
  for (let i = 0; i < bytes.length; i++) {
    const byte = zeroAt >= 0 && i >= zeroAt && i < zeroAt + 4 ? 0 : (bytes[i] as number);
    crc = (TABLE[(crc ^ byte) & 0xff] as number) ^ (crc >>> 8);
  }
  return (crc ^ 0xffffffff) >>> 0;
}
