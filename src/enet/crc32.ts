/**
 * ENet's optional checksum, `enet_crc32` (callbacks in `packet.c`): the reflected CRC-32 with
 * polynomial 0x04C11DB7 (the zlib one), sent big-endian.
 *
 * @internal
 * @module
 */

const TABLE = ((): Uint32Array => {
  const table = new Uint32Array(256);
  for (let byte = 0; byte < 256; byte++) {
    let crc = byte;
    for (let bit = 0; bit < 8; bit++) crc = crc & 1 ? (crc >>> 1) ^ 0xedb88320 : crc >>> 1;
    table[byte] = crc >>> 0;
  }
  return table;
})();

/** The CRC-32 of `data[start, end)` as an unsigned number (the value ENet puts on the wire, big-endian). */
export function enetCrc32(data: Uint8Array, start = 0, end = data.length): number {
  let crc = 0xffffffff;
  for (let i = start; i < end; i++) crc = (crc >>> 8) ^ (TABLE[(crc ^ (data[i] as number)) & 0xff] as number);
  return ~crc >>> 0;
}
