import { IpAddress } from '../address/IpAddress.js';
import type { ProxyTlv } from '../transport/ProxyInfo.js';
import { crc32c } from './crc32c.js';
import { V2_SIGNATURE } from './proxyHeaderV2.js';

/**
 * What a PROXY protocol header to send says: the version, the command and, for `'proxy'`, the
 * client's and the front end's address and port.
 *
 * @example
 * ```ts
 * const spec: ProxyHeaderSpec = { version: 2, source: { address: '203.0.113.7', port: 51000 }, destination: { address: '192.0.2.1', port: 443 } };
 * ```
 */
export interface ProxyHeaderSpec {
  /** 1 for the text line, 2 for the binary header. */
  readonly version: 1 | 2;
  /** `'proxy'` (default) relays `source` and `destination`; `'local'` sends v2 LOCAL or v1 `UNKNOWN`. */
  readonly command?: 'proxy' | 'local';
  /** The client's end (required for `'proxy'`). */
  readonly source?: {
    /** An IPv4 or IPv6 literal. */
    readonly address: string;
    /** The port, 0 to 65535. */
    readonly port: number;
  };
  /** The end the client connected to (required for `'proxy'`, same family as `source`). */
  readonly destination?: {
    /** An IPv4 or IPv6 literal. */
    readonly address: string;
    /** The port, 0 to 65535. */
    readonly port: number;
  };
  /** v2 only: TLVs to append, in order. */
  readonly tlvs?: readonly ProxyTlv[];
  /** v2 only: append a CRC32C entry over the whole header. */
  readonly checksum?: boolean;
}

/**
 * Encodes a PROXY protocol header, as a proxy in front of a server sends it: what
 * `ProxyProtocolTransport` sends on `connect` when told to, and what tests and tools use to
 * speak to a PROXY listener.
 *
 * @param spec - the header's content.
 * @returns the header's bytes, to send before any data.
 * @throws TypeError / RangeError when an address is not an IP literal, the families differ, a
 *   port is out of range, or a TLV is too long.
 * @example
 * ```ts
 * const header = encodeProxyHeader({ version: 1, source: { address: '203.0.113.7', port: 51000 }, destination: { address: '192.0.2.1', port: 443 } });
 * new TextDecoder().decode(header); // 'PROXY TCP4 203.0.113.7 192.0.2.1 51000 443\r\n'
 * ```
 */
export function encodeProxyHeader(spec: ProxyHeaderSpec): Uint8Array {
  const local = spec.command === 'local';
  const ends = local ? null : endsOf(spec);
  if (spec.version === 1) {
    if (ends === null) return new TextEncoder().encode('PROXY UNKNOWN\r\n');
    const [source, destination] = ends;
    const protocol = source.address.family === 4 ? 'TCP4' : 'TCP6';
    return new TextEncoder().encode(`PROXY ${protocol} ${String(source.address)} ${String(destination.address)} ${source.port} ${destination.port}\r\n`);
  }
  if (spec.version !== 2) throw new RangeError('encodeProxyHeader: version must be 1 or 2');
  const block = ends === null ? new Uint8Array(0) : addressBlock(ends);
  const tlvs = [...(spec.tlvs ?? [])];
  if (spec.checksum === true) tlvs.push({ type: 0x03, value: new Uint8Array(4) });
  const tlvLength = tlvs.reduce((sum, tlv) => sum + 3 + tlv.value.length, 0);
  const length = block.length + tlvLength;
  if (length > 0xffff) throw new RangeError('encodeProxyHeader: the header would be over 65535 bytes after its fixed part');
  const bytes = new Uint8Array(16 + length);
  bytes.set(V2_SIGNATURE);
  bytes[12] = local ? 0x20 : 0x21;
  bytes[13] = ends === null ? 0x00 : ends[0].address.family === 4 ? 0x11 : 0x21;
  bytes[14] = length >> 8;
  bytes[15] = length & 0xff;
  bytes.set(block, 16);
  let at = 16 + block.length;
  for (const tlv of tlvs) {
    bytes[at] = tlv.type;
    bytes[at + 1] = tlv.value.length >> 8;
    bytes[at + 2] = tlv.value.length & 0xff;
    bytes.set(tlv.value, at + 3);
    at += 3 + tlv.value.length;
  }
  if (spec.checksum === true) new DataView(bytes.buffer).setUint32(bytes.length - 4, crc32c(bytes));
  return bytes;
}

type End = { readonly address: IpAddress; readonly port: number };

/** The parsed source and destination of a `'proxy'` header. */
function endsOf(spec: ProxyHeaderSpec): [End, End] {
  const source = endOf('source', spec.source);
  const destination = endOf('destination', spec.destination);
  if (source.address.family !== destination.address.family) throw new TypeError('encodeProxyHeader: source and destination must be of one family');
  return [source, destination];
}

function endOf(name: string, end: { readonly address: string; readonly port: number } | undefined): End {
  if (end === undefined) throw new TypeError(`encodeProxyHeader: a 'proxy' header needs a ${name}`);
  const address = IpAddress.tryParse(end.address);
  if (address === null) throw new TypeError(`encodeProxyHeader: ${name} ${JSON.stringify(end.address)} is not an IP literal`);
  if (!Number.isInteger(end.port) || end.port < 0 || end.port > 0xffff) throw new RangeError(`encodeProxyHeader: ${name} port ${end.port} is out of range`);
  return { address, port: end.port };
}

/** The v2 address block of TCP over IPv4 or IPv6. */
function addressBlock([source, destination]: [End, End]): Uint8Array {
  const size = source.address.family === 4 ? 4 : 16;
  const block = new Uint8Array(2 * size + 4);
  block.set(source.address.toBytes(), 0);
  block.set(destination.address.toBytes(), size);
  new DataView(block.buffer).setUint16(2 * size, source.port);
  new DataView(block.buffer).setUint16(2 * size + 2, destination.port);
  return block;
}
