import { IpAddress } from '../address/IpAddress.js';
import type { ProxyHeader } from '../transport/ProxyInfo.js';
import type { ProxyHeaderResult } from './ProxyHeaderResult.js';
import { emptyHeader, invalid } from './emptyHeader.js';

/**
 * The PROXY protocol's text header (version 1), per HAProxy's `doc/proxy-protocol.txt` 2.1:
 * `PROXY TCP4|TCP6 <src> <dst> <srcport> <dstport>\r\n`, or `PROXY UNKNOWN …\r\n`, at most
 * 107 bytes with the CRLF.
 *
 * @internal
 * @module
 */

/** The longest v1 line, CRLF included (the spec's worst case: `UNKNOWN` with two IPv6 addresses). */
export const V1_MAX_LENGTH = 107;
/** `"PROXY "`: the first six bytes of every v1 line. */
const PREFIX = [0x50, 0x52, 0x4f, 0x58, 0x59, 0x20];
/** A dotted quad without leading zeroes. */
const V4 = /^(?:0|[1-9][0-9]{0,2})(?:\.(?:0|[1-9][0-9]{0,2})){3}$/;
/** Hex groups and colons only (no zone, no embedded dotted quad). */
const V6 = /^[0-9A-Fa-f:]{2,39}$/;
/** A port without leading zeroes. */
const PORT = /^(?:0|[1-9][0-9]{0,4})$/;

/** Reads a v1 header at the start of `bytes` (which start with `P`). */
export function parseV1(bytes: Uint8Array): ProxyHeaderResult {
  const seen = Math.min(bytes.length, PREFIX.length);
  for (let i = 0; i < seen; i++) {
    if (bytes[i] !== PREFIX[i]) return invalid('not a PROXY protocol header');
  }
  const limit = Math.min(bytes.length, V1_MAX_LENGTH);
  for (let i = PREFIX.length; i < limit; i++) {
    const byte = bytes[i] as number;
    if (byte === 0x0d) {
      if (i + 1 >= V1_MAX_LENGTH) break;
      if (i + 1 >= bytes.length) return { kind: 'incomplete' };
      if (bytes[i + 1] !== 0x0a) return invalid('v1: a CR not followed by LF');
      return line(bytes, i + 2);
    }
    if (byte === 0x0a) return invalid('v1: an LF without CR');
    if (byte < 0x20 || byte > 0x7e) return invalid('v1: a byte that is not printable US-ASCII');
  }
  return bytes.length >= V1_MAX_LENGTH ? invalid(`v1: no CRLF within ${V1_MAX_LENGTH} bytes`) : { kind: 'incomplete' };
}

/** Decodes a complete line of `length` bytes (CRLF included). */
function line(bytes: Uint8Array, length: number): ProxyHeaderResult {
  const text = String.fromCharCode(...bytes.subarray(0, length - 2));
  const fields = text.split(' ');
  const protocol = fields[1];
  if (protocol === 'UNKNOWN') return { kind: 'header', length, header: unknownHeader() };
  if (protocol !== 'TCP4' && protocol !== 'TCP6') return invalid(`v1: unknown protocol ${JSON.stringify(protocol ?? '')}`);
  if (fields.length !== 6) return invalid('v1: expected exactly four fields after the protocol, one space apart');
  const [, , sourceText = '', destinationText = '', sourcePortText = '', destinationPortText = ''] = fields;
  const source = address(sourceText, protocol);
  const destination = address(destinationText, protocol);
  if (source === null || destination === null) return invalid(`v1: an address that is not a canonical ${protocol === 'TCP4' ? 'IPv4' : 'IPv6'} address`);
  const sourcePort = port(sourcePortText);
  const destinationPort = port(destinationPortText);
  if (sourcePort < 0 || destinationPort < 0) return invalid('v1: a port that is not a decimal from 0 to 65535 without leading zeroes');
  const header: ProxyHeader = {
    ...unknownHeader(),
    command: 'proxy',
    family: protocol === 'TCP4' ? 'tcp4' : 'tcp6',
    sourceAddress: source.toString(),
    sourcePort,
    destinationAddress: destination.toString(),
    destinationPort,
  };
  return { kind: 'header', length, header };
}

/** The address of a v1 field for its protocol, or `null`. */
function address(text: string, protocol: 'TCP4' | 'TCP6'): IpAddress | null {
  if (protocol === 'TCP4') {
    if (!V4.test(text)) return null;
    const parsed = IpAddress.tryParse(text);
    return parsed?.family === 4 ? parsed : null;
  }
  if (!V6.test(text)) return null;
  const parsed = IpAddress.tryParse(text);
  // An IPv4-mapped address reads as IPv4: still the 128 bits the spec asks for.
  return parsed;
}

/** A port field's value, or -1. */
function port(text: string): number {
  if (!PORT.test(text)) return -1;
  const value = Number(text);
  return value <= 0xffff ? value : -1;
}

/** A v1 `UNKNOWN` line: the real ends stand (what a v2 LOCAL means). */
function unknownHeader(): ProxyHeader {
  return emptyHeader(1, 'local');
}
