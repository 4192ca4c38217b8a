import type { ProxyHeader } from '../transport/ProxyInfo.js';
import type { ProxyHeaderResult } from './ProxyHeaderResult.js';

/**
 * A header of `version` with `command` and nothing announced yet: no addresses, no TLVs.
 *
 * @internal
 */
export function emptyHeader(version: 1 | 2, command: ProxyHeader['command']): ProxyHeader {
  return {
    version,
    command,
    family: 'unknown',
    sourceAddress: null,
    sourcePort: 0,
    destinationAddress: null,
    destinationPort: 0,
    sourcePath: null,
    destinationPath: null,
    tlvs: [],
    alpn: null,
    authority: null,
    uniqueId: null,
    ssl: null,
    netns: null,
    checksummed: false,
  };
}

/**
 * The answer for a malformed header, with why.
 *
 * @internal
 */
export function invalid(reason: string): ProxyHeaderResult {
  return { kind: 'invalid', reason };
}
