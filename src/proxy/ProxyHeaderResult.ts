import type { ProxyHeader } from '../transport/ProxyInfo.js';

/**
 * What {@link parseProxyHeader} found at the start of a connection's bytes.
 *
 * @example
 * ```ts
 * const found: ProxyHeaderResult = parseProxyHeader(bytes);
 * if (found.kind === 'header') console.log(found.header.sourceAddress, 'then', bytes.length - found.length, 'bytes of data');
 * ```
 */
export type ProxyHeaderResult =
  | {
      /** More bytes are needed to decide. */
      readonly kind: 'incomplete';
    }
  | {
      /** The bytes are not a valid header (or one over the size limit): drop the connection. */
      readonly kind: 'invalid';
      /** Why, for a log. */
      readonly reason: string;
    }
  | {
      /** A whole header; what follows its `length` bytes is the connection's data. */
      readonly kind: 'header';
      /** The header's size in bytes. */
      readonly length: number;
      /** What it says. */
      readonly header: ProxyHeader;
    };
