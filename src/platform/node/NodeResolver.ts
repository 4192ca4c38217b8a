import { lookup } from 'node:dns/promises';
import type { Resolver } from '../../address/Resolver.js';
import { SocketError } from '../../core/SocketError.js';

/** Codes `getaddrinfo` gives for a name that simply has no address. */
const NO_ADDRESS = new Set(['ENOTFOUND', 'ENODATA', 'EAI_NONAME', 'EAI_NODATA']);

/**
 * The system resolver: `dns.lookup` with `all: true` (`getaddrinfo`, honouring `/etc/hosts`).
 *
 * @example
 * ```ts
 * const addresses = await new NodeResolver().lookup('localhost'); // ['::1', '127.0.0.1']
 * ```
 */
export class NodeResolver implements Resolver {
  /**
   * Looks a host name up with the system's resolver.
   *
   * @param hostname - the name.
   * @returns the addresses, empty when the name has none.
   */
  async lookup(hostname: string): Promise<readonly string[]> {
    try {
      const found = await lookup(hostname, { all: true, verbatim: true });
      return found.map((entry) => entry.address);
    } catch (cause) {
      const code = (cause as NodeJS.ErrnoException).code;
      if (code !== undefined && NO_ADDRESS.has(code)) return [];
      throw new SocketError('Resolve', `cannot resolve ${hostname}: ${code ?? String(cause)}`, { code, cause, syscall: 'getaddrinfo' });
    }
  }
}
