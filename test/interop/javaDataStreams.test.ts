// DataInputStream / DataOutputStream against a real Java 17 program (peers/JavaDataPeer.java) that
// uses java.io's DataInputStream / DataOutputStream over a plain java.net.Socket, with no framing:
// every method both ways, Java's EOFException case, and a malformed writeUTF.
import test, { type ExecutionContext } from 'ava';
import { IpAddress } from '../../src/address/IpAddress.js';
import { SocketStatus } from '../../src/core/SocketStatus.js';
import type { SendResult } from '../../src/core/SocketResult.js';
import { DataInputStream } from '../../src/stream/DataInputStream.js';
import { DataOutputStream } from '../../src/stream/DataOutputStream.js';
import type { DataResult } from '../../src/stream/DataResult.js';
import { TcpListener } from '../../src/tcp/TcpListener.js';
import { TcpSocket } from '../../src/tcp/TcpSocket.js';
import { hasJava, startJavaSource } from './javaSource.js';

const it = hasJava || process.env['CI'] !== undefined ? test : test.skip;
if (!hasJava) console.warn('\n!!! sfnet DataInputStream/DataOutputStream interop tests are SKIPPED: no JDK (java) on PATH\n');

const UNICODE = 'na\u00efve \u2603 \u0000 \ud83d\ude00';
const LONG_TEXT = 'a'.repeat(65535);
const ALL_BYTES = Uint8Array.from({ length: 256 }, (_, i) => i);
const TEN = Uint8Array.of(1, 2, 3, 4, 5, 6, 7, 8, 9, 10);
/** What JavaDataPeer.write() writes, in bytes (Java's size() before the extra fields). */
const SEQUENCE_BYTES = 2 + 3 + 6 + 4 + 12 + 24 + 16 + 32 + 2 + (2 + 20) + (2 + 65535) + 5 + 4 + 256 + 1000 + 4 + 10;

/** The sequence JavaDataPeer.check() reads, written field for field as JavaDataPeer.write() does. */
async function writeAll(output: DataOutputStream): Promise<SendResult[]> {
  return Promise.all([
    output.writeBoolean(true),
    output.writeBoolean(false),
    output.writeByte(-128),
    output.writeByte(127),
    output.write(255),
    output.writeShort(-32768),
    output.writeShort(32767),
    output.writeShort(65535),
    output.writeChar('\u00e9'),
    output.writeChar(0xffff),
    output.writeInt(-0x80000000),
    output.writeInt(0x7fffffff),
    output.writeInt(-1),
    output.writeLong(-(2n ** 63n)),
    output.writeLong(2n ** 63n - 1n),
    output.writeLong(1234567890123456789n),
    output.writeFloat(1.5),
    output.writeFloat(Number.NaN),
    output.writeFloat(Number.NEGATIVE_INFINITY),
    output.writeFloat(1.401298464324817e-45),
    output.writeDouble(Math.PI),
    output.writeDouble(-0),
    output.writeDouble(Number.NaN),
    output.writeDouble(Number.MAX_VALUE),
    output.writeUTF(''),
    output.writeUTF(UNICODE),
    output.writeUTF(LONG_TEXT),
    output.writeBytes('HELLO'),
    output.writeChars('h\u00e9'),
    output.write(ALL_BYTES),
    output.write(new Uint8Array(1000), 0, 1000),
    output.writeInt(7),
    output.write(new Uint8Array([0, ...TEN, 0]), 1, 10),
  ]);
}

/** The value of a read, failing the test when it is not `Done`. */
function value<T>(t: ExecutionContext, read: DataResult<T>, what: string): T | undefined {
  if (read.status === SocketStatus.Done) return read.value;
  t.fail(`${what}: ${read.status} ${read.error?.message ?? ''}`);
  return undefined;
}

/** Reads what JavaDataPeer.write() wrote and checks every value. */
async function checkAll(t: ExecutionContext, input: DataInputStream): Promise<void> {
  const expect = async <T>(read: Promise<DataResult<T>>, expected: T, what: string): Promise<void> => {
    t.deepEqual(value(t, await read, what), expected, what);
  };
  await expect(input.readBoolean(), true, 'boolean true');
  await expect(input.readBoolean(), false, 'boolean false');
  await expect(input.readByte(), -128, 'byte -128');
  await expect(input.readByte(), 127, 'byte 127');
  await expect(input.readUnsignedByte(), 255, 'unsigned byte');
  await expect(input.readShort(), -32768, 'short min');
  await expect(input.readShort(), 32767, 'short max');
  await expect(input.readUnsignedShort(), 65535, 'unsigned short');
  await expect(input.readChar(), '\u00e9', 'char');
  await expect(input.readChar(), '\uffff', 'char ffff');
  await expect(input.readInt(), -0x80000000, 'int min');
  await expect(input.readInt(), 0x7fffffff, 'int max');
  await expect(input.readInt(), -1, 'int -1');
  await expect(input.readLong(), -(2n ** 63n), 'long min');
  await expect(input.readLong(), 2n ** 63n - 1n, 'long max');
  await expect(input.readLong(), 1234567890123456789n, 'long');
  await expect(input.readFloat(), 1.5, 'float');
  t.true(Number.isNaN(value(t, await input.readFloat(), 'float NaN')), 'float NaN');
  await expect(input.readFloat(), Number.NEGATIVE_INFINITY, 'float -inf');
  await expect(input.readFloat(), 1.401298464324817e-45, 'float denormal');
  await expect(input.readDouble(), Math.PI, 'double pi');
  t.true(Object.is(value(t, await input.readDouble(), 'double -0'), -0), 'double -0');
  t.true(Number.isNaN(value(t, await input.readDouble(), 'double NaN')), 'double NaN');
  await expect(input.readDouble(), Number.MAX_VALUE, 'double max');
  await expect(input.readUTF(), '', 'utf empty');
  await expect(input.readUTF(), UNICODE, 'utf unicode');
  t.true(value(t, await input.readUTF(), 'utf long') === LONG_TEXT, 'utf 65535 bytes');
  t.deepEqual(value(t, await input.readFully(5), 'HELLO'), new TextEncoder().encode('HELLO'));
  await expect(input.readChar(), 'h', 'writeChars h');
  await expect(input.readChar(), '\u00e9', 'writeChars e-acute');
  const all = new Uint8Array(300);
  t.deepEqual(value(t, await input.readFully(all, 20, 256), 'all bytes'), ALL_BYTES);
  await expect(input.skipBytes(1000), 1000, 'skipBytes');
  await expect(input.readInt(), 7, 'int after skip');
  const ten = new Uint8Array(10);
  let got = 0;
  while (got < 10) got += value(t, await input.read(ten, got), 'read') ?? 10;
  t.deepEqual(ten, TEN);
}

/** Runs both directions on a connected socket, then the malformed string and the two ends of the stream. */
async function exchange(t: ExecutionContext, socket: TcpSocket, peer: ReturnType<typeof startJavaSource>): Promise<void> {
  const input = new DataInputStream(socket);
  const output = new DataOutputStream(socket);
  const [sent] = await Promise.all([writeAll(output), checkAll(t, input)]);
  t.true(sent.every((result) => result.status === SocketStatus.Done), 'every write Done');
  t.is(output.size(), SEQUENCE_BYTES);
  const malformed = await input.readUTF();
  t.is(malformed.status, SocketStatus.Error, "Java's UTFDataFormatException case");
  t.is(malformed.error?.kind, 'Protocol');
  t.deepEqual(await input.readInt(), { status: SocketStatus.Done, value: 99 }, 'the malformed string was consumed, as Java consumes it');
  const half = await input.readInt();
  t.is(half.status, SocketStatus.Disconnected, "Java's EOFException case: two bytes, then the end");
  t.is(half.value, undefined);
  t.is((await input.readByte()).status, SocketStatus.Disconnected, 'the half int was dropped, as Java reads it');
  socket.shutdownOutput();
  t.is(await peer.done.then((out) => /^ok data (\d+) \d+$/m.exec(out)?.[1]), String(SEQUENCE_BYTES), 'Java read every field and then the end');
}

it('Java server: our DataInputStream reads what java.io.DataOutputStream wrote, and Java reads ours', async (t) => {
  t.timeout(60_000);
  const peer = startJavaSource(t, 'JavaDataPeer.java', ['server', '127.0.0.1']);
  const port = await Promise.race([peer.port, peer.done.then(() => 0)]);
  const socket = new TcpSocket();
  t.teardown(() => socket.close());
  t.is((await socket.connect(IpAddress.LocalHost, port, 10_000)).status, SocketStatus.Done);
  await exchange(t, socket, peer);
});

it('Java client over IPv6: the same exchange with our socket accepted by a TcpListener', async (t) => {
  t.timeout(60_000);
  const listener = new TcpListener();
  t.teardown(() => listener.close());
  t.is((await listener.listen(0, IpAddress.LocalHostV6)).status, SocketStatus.Done);
  const peer = startJavaSource(t, 'JavaDataPeer.java', ['client', '::1', String(listener.getLocalPort())]);
  const socket = new TcpSocket();
  t.teardown(() => socket.close());
  t.is((await listener.accept(socket)).status, SocketStatus.Done);
  await exchange(t, socket, peer);
});
