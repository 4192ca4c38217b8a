import { IpAddress } from '../address/IpAddress.js';
import type { ProxyFamily, ProxyHeader, ProxySslInfo, ProxyTlv } from '../transport/ProxyInfo.js';
import { crc32c } from './crc32c.js';
import type { ProxyHeaderResult } from './ProxyHeaderResult.js';
import { emptyHeader, invalid } from './emptyHeader.js';
import { copyBytes } from '../core/copyBytes.js';

/**
 * The PROXY protocol's binary header (version 2), per HAProxy's `doc/proxy-protocol.txt` 2.2:
 * the 12-byte signature, version and command, family and transport, a 16-bit length, the
 * address block, then TLVs (2.2.1–2.2.7).
 *
 * @internal
 * @module
 */

/** The 12-byte signature that starts every v2 header. */
export const V2_SIGNATURE = Uint8Array.of(0x0d, 0x0a, 0x0d, 0x0a, 0x00, 0x0d, 0x0a, 0x51, 0x55, 0x49, 0x54, 0x0a);
/** Signature, version/command, family, length. */
const FIXED = 16;
/** TLV types of section 2.2. */
const ALPN = 0x01;
const AUTHORITY = 0x02;
const CRC32C = 0x03;
const UNIQUE_ID = 0x05;
const SSL = 0x20;
const SSL_VERSION = 0x21;
const SSL_CN = 0x22;
const SSL_CIPHER = 0x23;
const SSL_SIG_ALG = 0x24;
const SSL_KEY_ALG = 0x25;
const NETNS = 0x30;
/** The longest unique id the spec allows. */
const MAX_UNIQUE_ID = 128;
/** Bytes of each address block: v4 4+4+2+2, v6 16+16+2+2, Unix 108+108. */
const BLOCK = { 1: 12, 2: 36, 3: 216 } as const;

const utf8 = new TextDecoder('utf-8', { fatal: true });

/**
 * Reads a v2 header at the start of `bytes` (which start with CR): `incomplete` until the whole
 * header is there, `invalid` as soon as a byte rules it out or the announced length is over `maxSize`.
 */
export function parseV2(bytes: Uint8Array, maxSize: number): ProxyHeaderResult {
  const seen = Math.min(bytes.length, V2_SIGNATURE.length);
  for (let i = 0; i < seen; i++) {
    if (bytes[i] !== V2_SIGNATURE[i]) return invalid('not a PROXY protocol header');
  }
  if (bytes.length > 12 && ((bytes[12] as number) & 0xf0) !== 0x20) return invalid('v2: the version is not 2');
  if (bytes.length > 12 && ((bytes[12] as number) & 0x0f) > 1) return invalid('v2: a command other than LOCAL or PROXY');
  if (bytes.length < FIXED) return { kind: 'incomplete' };
  const length = FIXED + (((bytes[14] as number) << 8) | (bytes[15] as number));
  if (length > maxSize) return invalid(`v2: a header of ${length} bytes, over the ${maxSize}-byte limit`);
  if (bytes.length < length) return { kind: 'incomplete' };
  const header = decode(bytes.subarray(0, length));
  return typeof header === 'string' ? invalid(header) : { kind: 'header', length, header };
}

/** Decodes a whole header; a string says why it is invalid. */
function decode(bytes: Uint8Array): ProxyHeader | string {
  const local = ((bytes[12] as number) & 0x0f) === 0;
  const familyByte = bytes[13] as number;
  const addressFamily = familyByte >> 4;
  const transport = familyByte & 0x0f;
  // LOCAL: "discard the protocol block including the family which is ignored".
  if (local) return { ...empty(), command: 'local' };
  if (addressFamily > 3 || transport > 2) return `v2: an unknown family or transport byte 0x${familyByte.toString(16)}`;
  const unspecified = addressFamily === 0 || transport === 0;
  const blockLength = unspecified ? 0 : BLOCK[addressFamily as 1 | 2 | 3];
  if (FIXED + blockLength > bytes.length) return `v2: ${bytes.length - FIXED} address bytes, fewer than the family's ${blockLength}`;
  const tlvs = readTlvs(bytes, FIXED + blockLength, bytes.length);
  if (typeof tlvs === 'string') return tlvs;
  const header: ProxyHeader = { ...empty(), ...addresses(bytes, unspecified ? 0 : addressFamily, transport) };
  return withTlvs(header, tlvs, bytes);
}

/** The family and addresses of the block after the fixed part. */
function addresses(bytes: Uint8Array, addressFamily: number, transport: number): Partial<ProxyHeader> {
  const stream = transport === 1;
  if (addressFamily === 1 || addressFamily === 2) {
    const size = addressFamily === 1 ? 4 : 16;
    const at = FIXED + 2 * size;
    const family: ProxyFamily = `${stream ? 'tcp' : 'udp'}${addressFamily === 1 ? '4' : '6'}`;
    return {
      family,
      sourceAddress: IpAddress.fromBytes(bytes.slice(FIXED, FIXED + size)).toString(),
      destinationAddress: IpAddress.fromBytes(bytes.slice(FIXED + size, at)).toString(),
      sourcePort: ((bytes[at] as number) << 8) | (bytes[at + 1] as number),
      destinationPort: ((bytes[at + 2] as number) << 8) | (bytes[at + 3] as number),
    };
  }
  if (addressFamily === 3) {
    return { family: stream ? 'unix-stream' : 'unix-dgram', sourcePath: pathOf(bytes.subarray(FIXED, FIXED + 108)), destinationPath: pathOf(bytes.subarray(FIXED + 108, FIXED + 216)) };
  }
  return {};
}

/** A Unix socket path up to its first NUL (an abstract name, which starts with NUL, keeps its bytes). */
function pathOf(bytes: Uint8Array): string {
  const abstract = bytes[0] === 0;
  const end = abstract ? lastNonZero(bytes) + 1 : bytes.indexOf(0) === -1 ? bytes.length : bytes.indexOf(0);
  return new TextDecoder('utf-8').decode(bytes.subarray(0, end));
}

function lastNonZero(bytes: Uint8Array): number {
  for (let i = bytes.length - 1; i > 0; i--) if (bytes[i] !== 0) return i;
  return 0;
}

/** A TLV with where its value starts in the header (for the checksum). */
interface Located extends ProxyTlv {
  readonly at: number;
}

/** The TLVs in `bytes[from, to)`; a string says why they are malformed. */
function readTlvs(bytes: Uint8Array, from: number, to: number): Located[] | string {
  const tlvs: Located[] = [];
  let at = from;
  while (at < to) {
    if (at + 3 > to) return 'v2: a TLV cut short in its type or length';
    const length = ((bytes[at + 1] as number) << 8) | (bytes[at + 2] as number);
    if (at + 3 + length > to) return `v2: a TLV of ${length} bytes runs past the header`;
    tlvs.push({ type: bytes[at] as number, value: copyBytes(bytes, at + 3, at + 3 + length), at: at + 3 });
    at += 3 + length;
  }
  return tlvs;
}

/** `header` completed with what the TLVs say; a string says why one of them is invalid. */
function withTlvs(header: ProxyHeader, tlvs: readonly Located[], bytes: Uint8Array): ProxyHeader | string {
  let { alpn, authority, uniqueId, ssl, netns, checksummed } = header;
  for (const tlv of tlvs) {
    const { type, value } = tlv;
    if (type === CRC32C) {
      if (value.length !== 4) return 'v2: a CRC32C entry that is not 4 bytes';
      const sent = ((value[0] as number) * 0x1000000 + (((value[1] as number) << 16) | ((value[2] as number) << 8) | (value[3] as number))) >>> 0;
      if (crc32c(bytes, tlv.at) !== sent) return 'v2: the CRC32C checksum does not match';
      checksummed = true;
    } else if (type === UNIQUE_ID) {
      if (value.length > MAX_UNIQUE_ID) return `v2: a unique id of ${value.length} bytes, over ${MAX_UNIQUE_ID}`;
      uniqueId = value;
    } else if (type === SSL) {
      const decoded = sslOf(value);
      if (typeof decoded === 'string') return decoded;
      ssl = decoded;
    } else if (type === ALPN || type === AUTHORITY || type === NETNS) {
      const text = textOf(value);
      if (text === null) return `v2: TLV 0x${type.toString(16)} is not UTF-8`;
      if (type === ALPN) alpn = text;
      else if (type === AUTHORITY) authority = text;
      else netns = text;
    }
  }
  const kept = tlvs.map(({ type, value }) => ({ type, value }));
  return { ...header, tlvs: kept, alpn, authority, uniqueId, ssl, netns, checksummed };
}

/** The `PP2_TYPE_SSL` value: client byte, 32-bit verify, then sub-TLVs. */
function sslOf(value: Uint8Array): ProxySslInfo | string {
  if (value.length < 5) return 'v2: an SSL entry shorter than its 5 fixed bytes';
  const subs = readTlvs(value, 5, value.length);
  if (typeof subs === 'string') return subs.replace('v2: a TLV', 'v2: an SSL sub-TLV');
  const client = value[0] as number;
  const verified = value[1] === 0 && value[2] === 0 && value[3] === 0 && value[4] === 0;
  const texts = new Map<number, string>();
  for (const sub of subs) {
    const text = textOf(sub.value);
    if (text === null) return `v2: SSL sub-TLV 0x${sub.type.toString(16)} is not UTF-8`;
    texts.set(sub.type, text);
  }
  return {
    client,
    clientTls: (client & 0x01) !== 0,
    certificateInConnection: (client & 0x02) !== 0,
    certificateInSession: (client & 0x04) !== 0,
    verified,
    version: texts.get(SSL_VERSION) ?? null,
    commonName: texts.get(SSL_CN) ?? null,
    cipher: texts.get(SSL_CIPHER) ?? null,
    signatureAlgorithm: texts.get(SSL_SIG_ALG) ?? null,
    keyAlgorithm: texts.get(SSL_KEY_ALG) ?? null,
  };
}

function textOf(value: Uint8Array): string | null {
  try {
    return utf8.decode(value);
  } catch {
    return null;
  }
}

/** A v2 header with nothing announced yet. */
function empty(): ProxyHeader {
  return emptyHeader(2, 'proxy');
}
