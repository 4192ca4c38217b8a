// docs/wire-format.md cannot drift: every documented byte string is re-derived from our Packet,
// checked against the golden vectors real SFML 2.5.1 and Java 17 produced, and (for the framing
// table) against the bytes our TcpSocket and UdpSocket actually put on the wire.
import dgram from 'node:dgram';
import test, { type ExecutionContext } from 'ava';
import { SocketStatus } from '../../src/core/SocketStatus.js';
import { Packet } from '../../src/packet/Packet.js';
import { TcpSocket } from '../../src/tcp/TcpSocket.js';
import { UdpSocket } from '../../src/udp/UdpSocket.js';
import { collect, rawServer } from '../helpers/loopback.js';
import { javaNumberVectors, javaUtfVectors } from '../packet/javaVectors.js';
import { sfmlVectors } from '../packet/sfmlVectors.js';
import { type DocRow, docRows } from './wireDoc.js';

const rows = docRows();
const hexOf = (bytes: Uint8Array): string => Buffer.from(bytes).toString('hex');

/** The Packet method's bytes for `value`. */
function written(row: DocRow): Uint8Array {
  const method = (Packet.prototype as unknown as Record<string, unknown>)[row.method];
  if (typeof method !== 'function' || !row.method.startsWith('write')) throw new Error(`Packet has no ${row.method}`);
  const packet = new Packet();
  (method as (value: unknown) => Packet).call(packet, row.value);
  return packet.getData();
}

/** The golden vector types each writer's bytes were recorded for (SFML's and Java's). */
const GOLDEN: Record<string, readonly string[]> = {
  writeBool: ['bool'], writeInt8: ['int8'], writeUint8: ['uint8'], writeInt16: ['int16'], writeUint16: ['uint16'],
  writeInt32: ['int32'], writeUint32: ['uint32'], writeInt64: ['int64'], writeUint64: ['uint64'],
  writeFloat: ['float'], writeDouble: ['double'], writeString: ['string', 'cstring'], writeWideString: ['wstring'],
  writeSfString: ['sfstring'], writeFloatBE: ['java float'], writeDoubleBE: ['java double'], writeUTF: ['java utf'],
};

/** Every byte string a real SFML 2.5.1 or Java 17 produced for this writer and value. */
function goldenHex(row: DocRow): string[] {
  const types = GOLDEN[row.method] ?? [];
  const found: string[] = [];
  for (const vector of sfmlVectors) if (types.includes(vector.type) && Object.is(vector.value, row.value)) found.push(vector.hex);
  for (const vector of javaNumberVectors) {
    const type = vector.type === 'float' || vector.type === 'double' ? `java ${vector.type}` : vector.type;
    if (types.includes(type) && Object.is(vector.value, row.value)) found.push(vector.hex);
  }
  for (const vector of javaUtfVectors) {
    if (types.includes('java utf') && 'hex' in vector && vector.value === row.value) found.push(vector.hex);
  }
  return found;
}

const typeRows = rows.filter((row) => row.transport === undefined);
const frameRows = rows.filter((row) => row.transport !== undefined);

test('the doc has its type and framing tables', (t) => {
  t.true(typeRows.length >= 40, `${typeRows.length} type examples`);
  t.deepEqual([...new Set(frameRows.map((row) => row.transport))].sort(), ['TCP', 'UDP']);
});

test('every Packet writer is documented with an example', (t) => {
  const writers = Object.getOwnPropertyNames(Packet.prototype).filter((name) => name.startsWith('write'));
  const documented = new Set(typeRows.map((row) => row.method));
  t.deepEqual(writers.filter((name) => !documented.has(name)), []);
});

const documentedBytes = test.macro({
  exec(t, row: DocRow) {
    t.is(hexOf(written(row)), row.hex, 'our Packet writes the documented bytes');
    const golden = goldenHex(row);
    t.true(golden.length > 0, `a golden vector from the real library backs ${row.call}`);
    for (const hex of golden) t.is(hex, row.hex, 'the real library wrote the documented bytes');
  },
  title: (_, row: DocRow) => `${row.section.replace(/`/g, '')}: ${row.call} is ${row.hex} (Packet and real-library bytes)`,
});

for (const row of typeRows) test(documentedBytes, row);

/** What our TcpSocket puts on the wire for one packet, seen by a raw node:net server. */
async function tcpWire(t: ExecutionContext, packet: Packet): Promise<Buffer> {
  const server = await rawServer(t);
  const socket = new TcpSocket();
  t.teardown(() => socket.disconnect());
  t.is((await socket.connect('127.0.0.1', server.port)).status, SocketStatus.Done);
  const raw = await server.next();
  const bytes = collect(raw);
  t.is((await socket.send(packet)).status, SocketStatus.Done);
  socket.disconnect();
  return bytes;
}

/** The one datagram our UdpSocket sends for one packet, seen by a raw node:dgram socket. */
async function udpWire(t: ExecutionContext, packet: Packet): Promise<Buffer> {
  const raw = dgram.createSocket('udp4');
  t.teardown(() => raw.close());
  await new Promise<void>((resolve) => raw.bind(0, '127.0.0.1', resolve));
  const datagram = new Promise<Buffer>((resolve) => raw.once('message', resolve));
  const socket = new UdpSocket();
  t.teardown(() => socket.unbind());
  t.is((await socket.send(packet, '127.0.0.1', raw.address().port)).status, SocketStatus.Done);
  return datagram;
}

const documentedFrame = test.macro({
  async exec(t, row: DocRow) {
    const packet = new Packet().append(written(row));
    const wire = row.transport === 'TCP' ? await tcpWire(t, packet) : await udpWire(t, packet);
    t.is(wire.toString('hex'), row.hex);
  },
  title: (_, row: DocRow) => `Framing: ${row.transport} sends ${row.call} as ${row.hex}`,
});

for (const row of frameRows) test(documentedFrame, row);

test('the float trap example holds: SFML 1.5f read big-endian is a tiny subnormal', (t) => {
  const fromSfml = new Packet().append(new Packet().writeFloat(1.5).getData());
  const fromJava = new Packet().append(new Packet().writeFloatBE(1.5).getData());
  t.is(fromSfml.readFloatBE(), 6.896490392174587e-41);
  t.is(fromJava.readFloat(), 6.896490392174587e-41);
});
