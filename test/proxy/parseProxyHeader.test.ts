import test from 'ava';
import fc from 'fast-check';
import { encodeProxyHeader } from '../../src/proxy/encodeProxyHeader.js';
import { parseProxyHeader } from '../../src/proxy/parseProxyHeader.js';
import { crc32c } from '../../src/proxy/crc32c.js';
import type { ProxyHeader } from '../../src/transport/ProxyInfo.js';

const text = (s: string): Uint8Array => new TextEncoder().encode(s);
const SIG = [0x0d, 0x0a, 0x0d, 0x0a, 0x00, 0x0d, 0x0a, 0x51, 0x55, 0x49, 0x54, 0x0a];

/** A v2 header by hand: ver/cmd, family, then the body (length computed). */
function v2(verCmd: number, family: number, body: readonly number[]): Uint8Array {
  return Uint8Array.from([...SIG, verCmd, family, body.length >> 8, body.length & 0xff, ...body]);
}
function tlv(type: number, value: readonly number[]): number[] {
  return [type, value.length >> 8, value.length & 0xff, ...value];
}
function header(bytes: Uint8Array, maxSize?: number): ProxyHeader & { length: number } {
  const found = parseProxyHeader(bytes, maxSize);
  if (found.kind !== 'header') throw new Error(`expected a header, got ${JSON.stringify(found)}`);
  return { ...found.header, length: found.length };
}
function reason(bytes: Uint8Array, maxSize?: number): string {
  const found = parseProxyHeader(bytes, maxSize);
  if (found.kind !== 'invalid') throw new Error(`expected invalid, got ${found.kind}`);
  return found.reason;
}

test('CRC32C matches the RFC 3720 / 4960 check value of "123456789"', (t) => {
  t.is(crc32c(text('123456789')), 0xe3069283);
});

test('v1 TCP4 and TCP6 lines give the client, the front end and the header length', (t) => {
  const four = header(text('PROXY TCP4 192.168.0.1 192.168.0.11 56324 443\r\nGET /'));
  t.like(four, { version: 1, command: 'proxy', family: 'tcp4', sourceAddress: '192.168.0.1', sourcePort: 56324, destinationAddress: '192.168.0.11', destinationPort: 443 });
  t.is(four.length, 'PROXY TCP4 192.168.0.1 192.168.0.11 56324 443\r\n'.length);
  const six = header(text('PROXY TCP6 2001:DB8::1 ::1 65535 0\r\n'));
  t.like(six, { family: 'tcp6', sourceAddress: '2001:db8::1', sourcePort: 65535, destinationAddress: '::1', destinationPort: 0 });
  const longest = `PROXY TCP6 ${'ffff:'.repeat(7)}ffff ${'ffff:'.repeat(7)}ffff 65535 65535\r\n`;
  t.is(longest.length, 104);
  t.is(header(text(longest)).length, 104);
});

test('v1 UNKNOWN keeps the real ends: command local, anything up to CRLF ignored, 107 bytes at most', (t) => {
  t.like(header(text('PROXY UNKNOWN\r\n')), { command: 'local', family: 'unknown', sourceAddress: null, length: 15 });
  const worst = `PROXY UNKNOWN ${'ffff:'.repeat(7)}ffff ${'ffff:'.repeat(7)}ffff 65535 65535\r\n`;
  t.is(worst.length, 107);
  t.is(header(text(worst)).length, 107);
  t.regex(reason(text(`PROXY UNKNOWN ${'x'.repeat(93)}\r\n`)), /no CRLF within 107/);
});

test('v1: every malformed line is invalid, with a reason', (t) => {
  const bad = [
    'PROXY TCP4 192.168.0.01 10.0.0.1 1 2\r\n', // leading zero
    'PROXY TCP4 256.0.0.1 10.0.0.1 1 2\r\n',
    'PROXY TCP4 10.0.0.1 10.0.0.1 01 2\r\n',
    'PROXY TCP4 10.0.0.1 10.0.0.1 65536 2\r\n',
    'PROXY TCP4 10.0.0.1  10.0.0.1 1 2\r\n', // two spaces
    'PROXY TCP4 10.0.0.1 10.0.0.1 1 2 3\r\n',
    'PROXY TCP4 ::1 ::1 1 2\r\n', // family mismatch
    'PROXY TCP6 10.0.0.1 10.0.0.1 1 2\r\n',
    'PROXY TCP6 fe80::1%eth0 ::1 1 2\r\n',
    'PROXY UDP4 10.0.0.1 10.0.0.1 1 2\r\n',
    'PROXY TCP4 10.0.0.1 10.0.0.1 1 2\n', // LF alone
    'PROXY TCP4 10.0.0.1 10.0.0.1 1 2\rX',
    'PROXY TCP4 10.0.0.1 10.0.0.1 1\t2\r\n',
    'PROXYTCP4 10.0.0.1 10.0.0.1 1 2\r\n',
    'proxy TCP4 10.0.0.1 10.0.0.1 1 2\r\n',
    'GET / HTTP/1.1\r\n',
    '\x16\x03\x01\x02\x00',
  ];
  for (const line of bad) t.notThrows(() => reason(text(line)), JSON.stringify(line));
});

test('v2 PROXY over IPv4 and IPv6 with ALPN, authority, unique id, SSL sub-TLVs, NOOP and a custom TLV', (t) => {
  const ssl = [0x07, 0, 0, 0, 0, ...tlv(0x21, [...text('TLSv1.3')]), ...tlv(0x22, [...text('player-7')]), ...tlv(0x23, [...text('TLS_AES_128_GCM_SHA256')]), ...tlv(0x24, [...text('RSA-SHA256')]), ...tlv(0x25, [...text('RSA2048')])];
  const tlvs = [...tlv(0x01, [...text('game/1')]), ...tlv(0x02, [...text('play.example')]), ...tlv(0x04, [0, 0]), ...tlv(0x05, [1, 2, 3]), ...tlv(0x20, ssl), ...tlv(0xe0, [9]), ...tlv(0x30, [...text('ns1')])];
  const four = header(v2(0x21, 0x11, [203, 0, 113, 7, 192, 0, 2, 1, 0xc7, 0x38, 0x01, 0xbb, ...tlvs]));
  t.like(four, { version: 2, command: 'proxy', family: 'tcp4', sourceAddress: '203.0.113.7', sourcePort: 51000, destinationAddress: '192.0.2.1', destinationPort: 443 });
  t.is(four.alpn, 'game/1');
  t.is(four.authority, 'play.example');
  t.deepEqual([...(four.uniqueId ?? [])], [1, 2, 3]);
  t.is(four.netns, 'ns1');
  t.deepEqual(four.ssl, {
    client: 7, clientTls: true, certificateInConnection: true, certificateInSession: true, verified: true,
    version: 'TLSv1.3', commonName: 'player-7', cipher: 'TLS_AES_128_GCM_SHA256', signatureAlgorithm: 'RSA-SHA256', keyAlgorithm: 'RSA2048',
  });
  t.deepEqual(four.tlvs.map((entry) => entry.type), [0x01, 0x02, 0x04, 0x05, 0x20, 0xe0, 0x30]);
  const six = header(v2(0x21, 0x21, [0x20, 0x01, 0x0d, 0xb8, ...Array(11).fill(0), 1, ...Array(15).fill(0), 1, 0, 80, 0, 81]));
  t.like(six, { family: 'tcp6', sourceAddress: '2001:db8::1', destinationAddress: '::1', sourcePort: 80, destinationPort: 81 });
  const mapped = header(v2(0x21, 0x21, [...Array(10).fill(0), 0xff, 0xff, 10, 0, 0, 9, ...Array(15).fill(0), 1, 0, 1, 0, 2]));
  t.is(mapped.sourceAddress, '10.0.0.9', 'an IPv4-mapped address reads as IPv4, as the gate sees it');
});

test('v2 LOCAL ignores its family and address block; UNSPEC keeps the real ends; UNIX gives paths', (t) => {
  const local = header(v2(0x20, 0x11, [1, 2, 3, 4, 5, 6, 7, 8, 0, 1, 0, 2]));
  t.like(local, { command: 'local', family: 'unknown', sourceAddress: null, length: 28 });
  t.like(header(v2(0x20, 0xff, [])), { command: 'local' });
  t.like(header(v2(0x21, 0x00, tlv(0x02, [...text('x')]))), { command: 'proxy', family: 'unknown', sourceAddress: null, authority: 'x' });
  const path = (p: string): number[] => [...text(p), ...Array(108 - p.length).fill(0)];
  const unix = header(v2(0x21, 0x31, [...path('/run/client.sock'), ...path('/run/haproxy.sock')]));
  t.like(unix, { family: 'unix-stream', sourcePath: '/run/client.sock', destinationPath: '/run/haproxy.sock', sourceAddress: null });
  t.like(header(v2(0x21, 0x12, [1, 2, 3, 4, 5, 6, 7, 8, 0, 1, 0, 2])), { family: 'udp4', sourceAddress: '1.2.3.4' });
});

test('v2: a CRC32C entry is verified; a wrong one, a short address block, bad TLVs are invalid', (t) => {
  const sent = encodeProxyHeader({ version: 2, source: { address: '10.1.2.3', port: 4000 }, destination: { address: '10.0.0.1', port: 7000 }, checksum: true });
  t.like(header(sent), { checksummed: true, sourceAddress: '10.1.2.3' });
  const broken = sent.slice();
  broken[16] = 11;
  t.regex(reason(broken), /CRC32C/);
  t.regex(reason(v2(0x21, 0x11, [1, 2, 3, 4, 5, 6, 7, 8, 0, 1])), /fewer than/);
  t.regex(reason(v2(0x21, 0x11, [1, 2, 3, 4, 5, 6, 7, 8, 0, 1, 0, 2, 0x01, 0x00])), /cut short/);
  t.regex(reason(v2(0x21, 0x11, [1, 2, 3, 4, 5, 6, 7, 8, 0, 1, 0, 2, 0x01, 0x00, 0x09, 1])), /runs past/);
  t.regex(reason(v2(0x21, 0x11, [1, 2, 3, 4, 5, 6, 7, 8, 0, 1, 0, 2, ...tlv(0x03, [1, 2, 3])])), /CRC32C/);
  t.regex(reason(v2(0x21, 0x11, [1, 2, 3, 4, 5, 6, 7, 8, 0, 1, 0, 2, ...tlv(0x05, Array(129).fill(1))])), /unique id/);
  t.regex(reason(v2(0x21, 0x11, [1, 2, 3, 4, 5, 6, 7, 8, 0, 1, 0, 2, ...tlv(0x20, [1, 0, 0])])), /SSL/);
  t.regex(reason(v2(0x21, 0x11, [1, 2, 3, 4, 5, 6, 7, 8, 0, 1, 0, 2, ...tlv(0x20, [1, 0, 0, 0, 0, 0x21, 0, 5, 1])])), /SSL sub-TLV/);
  t.regex(reason(v2(0x21, 0x11, [1, 2, 3, 4, 5, 6, 7, 8, 0, 1, 0, 2, ...tlv(0x02, [0xff, 0xfe])])), /UTF-8/);
  t.regex(reason(v2(0x21, 0x41, [])), /unknown family/);
  t.regex(reason(v2(0x21, 0x13, [])), /unknown family/);
  t.regex(reason(v2(0x22, 0x11, [])), /command/);
  t.regex(reason(v2(0x11, 0x11, [])), /version/);
});

test('v2: a length over maxSize is refused from the 16 fixed bytes alone, before the body is awaited', (t) => {
  const fixed = Uint8Array.from([...SIG, 0x21, 0x11, 0xff, 0xff]);
  t.regex(reason(fixed), /65551 bytes, over the 4096-byte limit/);
  t.regex(reason(Uint8Array.from([...SIG, 0x21, 0x11, 0x00, 0x80]), 128), /over the 128-byte limit/);
  t.throws(() => parseProxyHeader(fixed, 100), { instanceOf: RangeError });
  t.throws(() => parseProxyHeader('PROXY' as unknown as Uint8Array), { instanceOf: TypeError });
});

test('a wrong byte anywhere in the signature is invalid as soon as it arrives', (t) => {
  const good = encodeProxyHeader({ version: 2, source: { address: '1.2.3.4', port: 1 }, destination: { address: '5.6.7.8', port: 2 } });
  for (let i = 0; i < 12; i++) {
    const wrong = good.slice(0, i + 1);
    wrong[i] = (wrong[i] as number) ^ 0x40;
    t.is(parseProxyHeader(wrong).kind, 'invalid', `byte ${i}`);
    t.is(parseProxyHeader(good.slice(0, i + 1)).kind, 'incomplete', `prefix of ${i + 1}`);
  }
});

const ipv4 = fc.tuple(fc.nat(255), fc.nat(255), fc.nat(255), fc.nat(255)).map((parts) => parts.join('.'));
const ipv6 = fc.array(fc.nat(0xffff), { minLength: 8, maxLength: 8 }).map((groups) => groups.map((g) => g.toString(16)).join(':'));
const port = fc.nat(0xffff);
const spec = fc.oneof(
  fc.record({ family: fc.constant(4), source: ipv4, destination: ipv4, sourcePort: port, destinationPort: port }),
  fc.record({ family: fc.constant(6), source: ipv6, destination: ipv6, sourcePort: port, destinationPort: port }),
);

test('property: encode then parse gives the ends back, for v1 and v2, whole and split at every position', (t) => {
  fc.assert(
    fc.property(spec, fc.constantFrom(1 as const, 2 as const), fc.boolean(), fc.uint8Array({ maxLength: 40 }), (s, version, checksum, after) => {
      const bytes = encodeProxyHeader({ version, checksum: version === 2 && checksum, source: { address: s.source, port: s.sourcePort }, destination: { address: s.destination, port: s.destinationPort } });
      const stream = Uint8Array.from([...bytes, ...after]);
      const found = header(stream);
      if (found.length !== bytes.length || found.sourcePort !== s.sourcePort || found.destinationPort !== s.destinationPort) return false;
      // Every proper prefix is incomplete, never invalid: a header split anywhere is read once whole.
      for (let cut = 0; cut < bytes.length; cut++) if (parseProxyHeader(stream.subarray(0, cut)).kind !== 'incomplete') return false;
      return true;
    }),
    { numRuns: 300 },
  );
  t.pass();
});

test('property: random bytes never throw, never claim more than they hold, and stay within maxSize', (t) => {
  const starts = fc.oneof(fc.constant([...SIG, 0x21]), fc.constant([...text('PROXY ')]), fc.constant([]));
  fc.assert(
    fc.property(starts, fc.uint8Array({ maxLength: 300 }), fc.integer({ min: 107, max: 400 }), (start, rest, maxSize) => {
      const bytes = Uint8Array.from([...start, ...rest]);
      const found = parseProxyHeader(bytes, maxSize);
      if (found.kind === 'header') return found.length <= bytes.length && found.length <= maxSize;
      return true;
    }),
    { numRuns: 2000 },
  );
  t.pass();
});
