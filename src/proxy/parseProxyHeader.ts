import type { ProxyHeaderResult } from './ProxyHeaderResult.js';
import { parseV1 } from './proxyHeaderV1.js';
import { parseV2 } from './proxyHeaderV2.js';

/** The default bound on a header's size: the v1 maximum is 107 bytes; a v2 header with the TLVs HAProxy sends fits easily. */
export const DEFAULT_MAX_PROXY_HEADER = 4096;

/**
 * Reads a PROXY protocol header (v1 text or v2 binary) at the start of `bytes`, as HAProxy's
 * `doc/proxy-protocol.txt` defines it.
 *
 * @remarks
 * Pure and bounded: it never allocates from a length the peer claims before checking it against
 * `maxSize`, and decides as early as the bytes allow — a wrong first byte, a wrong signature
 * byte, a v2 length over `maxSize` or a v1 line without CRLF in its 107 bytes is `invalid` at
 * once, so a caller can feed it every chunk as it arrives and only ever holds `maxSize` bytes.
 * A v2 CRC32C entry, when present, is verified.
 *
 * @param bytes - the connection's first bytes (as many as have arrived).
 * @param maxSize - the largest header accepted, in bytes (at least 107, so that every v1 line fits).
 * @returns `incomplete`, `invalid` with the reason, or the header and its length.
 * @throws RangeError when `maxSize` is not an integer from 107 to 65551.
 * @example
 * ```ts
 * const line = new TextEncoder().encode('PROXY TCP4 203.0.113.7 192.0.2.1 51000 443\r\nhello');
 * const found = parseProxyHeader(line);
 * if (found.kind === 'header') console.log(found.header.sourceAddress, found.length); // '203.0.113.7' 44
 * ```
 */
export function parseProxyHeader(bytes: Uint8Array, maxSize: number = DEFAULT_MAX_PROXY_HEADER): ProxyHeaderResult {
  if (!(bytes instanceof Uint8Array)) throw new TypeError('parseProxyHeader: expected a Uint8Array');
  if (!Number.isInteger(maxSize) || maxSize < 107 || maxSize > 16 + 0xffff) {
    throw new RangeError(`parseProxyHeader: maxSize must be an integer from 107 to 65551, not ${String(maxSize)}`);
  }
  if (bytes.length === 0) return { kind: 'incomplete' };
  if (bytes[0] === 0x0d) return parseV2(bytes, maxSize);
  if (bytes[0] === 0x50) return parseV1(bytes);
  return { kind: 'invalid', reason: 'not a PROXY protocol header' };
}
