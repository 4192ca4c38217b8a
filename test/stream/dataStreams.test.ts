// DataInputStream / DataOutputStream over loopback against raw node:net peers: non-blocking reads
// that keep a partial field, receive time-outs, the end of the stream, hostile length claims, the
// limits, misuse, and a non-blocking writer whose socket takes part of a field.
import test from 'ava';
import { SocketStatus } from '../../src/core/SocketStatus.js';
import { DataInputStream } from '../../src/stream/DataInputStream.js';
import { DataOutputStream } from '../../src/stream/DataOutputStream.js';
import { TcpSocket } from '../../src/tcp/TcpSocket.js';
import { acceptRaw, collect, listening, rawServer, settle, sleep } from '../helpers/loopback.js';
import { IpAddress } from '../../src/address/IpAddress.js';

test('a non-blocking read that finds half a field answers NotReady, keeps the half, and completes later', async (t) => {
  const { raw, server } = await acceptRaw(t, await listening(t));
  server.setBlocking(false);
  const input = new DataInputStream(server);
  t.is((await input.readInt()).status, SocketStatus.NotReady, 'nothing yet');
  raw.write(Uint8Array.of(0x12, 0x34));
  let read = await input.readInt();
  for (let i = 0; i < 200 && input.available() < 2; i++) {
    await sleep(5);
    read = await input.readInt();
  }
  t.is(read.status, SocketStatus.NotReady);
  t.is(input.available(), 2, 'the half field is held, not consumed');
  raw.write(Uint8Array.of(0x56, 0x78, 0xff));
  for (let i = 0; i < 200 && read.status === SocketStatus.NotReady; i++) {
    await sleep(5);
    read = await input.readInt();
  }
  t.deepEqual(read, { status: SocketStatus.Done, value: 0x12345678 });
  t.deepEqual(await input.readUnsignedByte(), { status: SocketStatus.Done, value: 255 });
});

test("a blocking read past the socket's receive time-out answers NotReady with a Timeout error, then continues", async (t) => {
  const { raw, server } = await acceptRaw(t, await listening(t));
  server.setSoTimeout(50);
  const input = new DataInputStream(server);
  raw.write(Uint8Array.of(0, 5)); // a writeUTF length of 5, then only 2 of its bytes
  raw.write(new TextEncoder().encode('he'));
  const timedOut = await input.readUTF();
  t.is(timedOut.status, SocketStatus.NotReady);
  t.is(timedOut.error?.kind, 'Timeout');
  raw.write(new TextEncoder().encode('llo'));
  t.deepEqual(await input.readUTF(), { status: SocketStatus.Done, value: 'hello' });
});

test("the end of the stream inside a field is Disconnected (Java's EOFException), and stays so", async (t) => {
  const { raw, server } = await acceptRaw(t, await listening(t));
  const input = new DataInputStream(server);
  raw.end(Uint8Array.of(0xff, 0xff, 1, 2, 3)); // a claimed 65535-byte string, 3 bytes of it, the end
  const read = await input.readUTF();
  t.is(read.status, SocketStatus.Disconnected);
  t.is(read.value, undefined);
  t.is((await input.readByte()).status, SocketStatus.Disconnected);
  t.deepEqual(await input.skipBytes(10), { status: SocketStatus.Done, value: 0 }, 'skipBytes never reports the end, as Java');
  t.is((await input.read(new Uint8Array(4))).status, SocketStatus.Disconnected, "read's -1");
});

test('a reset inside a field is an Error (or the end), never a value', async (t) => {
  const { raw, server } = await acceptRaw(t, await listening(t));
  const input = new DataInputStream(server);
  raw.write(Uint8Array.of(1, 2));
  await sleep(20);
  raw.resetAndDestroy();
  const read = await input.readLong();
  t.true(read.status === SocketStatus.Error || read.status === SocketStatus.Disconnected, read.status);
  if (read.status === SocketStatus.Error) t.is(read.error?.kind, 'Reset');
});

test('skipBytes skips without holding what it skips; read takes at least one byte', async (t) => {
  const { raw, server } = await acceptRaw(t, await listening(t));
  const input = new DataInputStream(server);
  raw.write(new Uint8Array(1_000_000));
  raw.write(Uint8Array.of(9, 8, 7));
  t.deepEqual(await input.skipBytes(1_000_000), { status: SocketStatus.Done, value: 1_000_000 });
  t.true(input.available() <= 8192, `held ${input.available()} bytes`);
  const target = new Uint8Array(10);
  const read = await input.read(target, 5, 5);
  t.is(read.status, SocketStatus.Done);
  t.deepEqual([...target.subarray(5, 5 + (read.value ?? 0))], [9, 8, 7].slice(0, read.value ?? 0));
  t.deepEqual(await input.read(target, 0, 0), { status: SocketStatus.Done, value: 0 });
});

test('readFully is bounded by the socket\'s max packet size; bad arguments reject', async (t) => {
  const { server } = await acceptRaw(t, await listening(t));
  server.setMaxPacketSize(1024);
  const input = new DataInputStream(server);
  await t.throwsAsync(input.readFully(1025), { instanceOf: RangeError });
  await t.throwsAsync(input.readFully(new Uint8Array(2048)), { instanceOf: RangeError });
  await t.throwsAsync(input.readFully(-1), { instanceOf: RangeError });
  await t.throwsAsync(input.readFully(new Uint8Array(4), 3, 2), { instanceOf: RangeError });
  await t.throwsAsync(input.readFully('4' as unknown as number), { instanceOf: TypeError });
  await t.throwsAsync(input.skipBytes(-1), { instanceOf: RangeError });
  t.throws(() => new DataInputStream({} as TcpSocket), { instanceOf: TypeError });
  t.throws(() => new DataOutputStream(null as unknown as TcpSocket), { instanceOf: TypeError });
});

test('DataOutputStream refuses values outside the Java type and strings over 65535 bytes, sending nothing', async (t) => {
  const relay = await rawServer(t);
  const socket = new TcpSocket();
  t.teardown(() => socket.close());
  await socket.connect(IpAddress.LocalHost, relay.port, 5000);
  const received = collect(await relay.next());
  const output = new DataOutputStream(socket);
  await t.throwsAsync(output.writeUTF('\u0800'.repeat(21846)), { instanceOf: RangeError, message: /too long: 65538 bytes/ });
  await t.throwsAsync(output.writeInt(2 ** 31), { instanceOf: RangeError });
  await t.throwsAsync(output.writeInt(1.5), { instanceOf: RangeError });
  await t.throwsAsync(output.writeShort(65536), { instanceOf: RangeError });
  await t.throwsAsync(output.writeByte(-129), { instanceOf: RangeError });
  await t.throwsAsync(output.writeLong(1 as unknown as bigint), { instanceOf: TypeError });
  await t.throwsAsync(output.writeLong(2n ** 63n), { instanceOf: RangeError });
  await t.throwsAsync(output.writeChar('ab'), { instanceOf: RangeError });
  await t.throwsAsync(output.write(new Uint8Array(4), 2, 3), { instanceOf: RangeError });
  await t.throwsAsync(output.writeBoolean(1 as unknown as boolean), { instanceOf: TypeError });
  t.is(output.size(), 0);
  t.is((await output.writeUTF('\u0800'.repeat(21845))).status, SocketStatus.Done, 'exactly 65535 bytes is allowed');
  await output.writeShort(65535);
  await output.writeByte(255);
  t.is(output.size(), 2 + 65535 + 3);
  socket.shutdownOutput();
  const bytes = await received;
  t.is(bytes.length, 2 + 65535 + 3, 'nothing of the refused writes went out');
  t.deepEqual([...bytes.subarray(0, 2)], [0xff, 0xff]);
  t.deepEqual([...bytes.subarray(-3)], [0xff, 0xff, 0xff]);
});

test('a non-blocking writer: Partial keeps the rest of the field, later writes wait for it, flush finishes it, order is kept', async (t) => {
  const relay = await rawServer(t);
  const socket = new TcpSocket({ limits: { sendBufferSize: 16 * 1024 } });
  t.teardown(() => socket.close());
  await socket.connect(IpAddress.LocalHost, relay.port, 5000);
  const peer = await relay.next();
  peer.pause(); // the peer reads nothing yet, so the system's buffers fill
  socket.setBlocking(false);
  const output = new DataOutputStream(socket);
  const big = Uint8Array.from({ length: 8 * 1024 * 1024 }, (_, i) => i % 251);
  const first = await output.write(big);
  t.is(first.status, SocketStatus.Partial, 'the socket took part of the 8 MiB field');
  t.true(first.sent > 0 && first.sent < big.length);
  t.is(output.size(), big.length, 'the field counts as written');
  const refused = await output.writeInt(7);
  t.is(refused.status, SocketStatus.NotReady, 'nothing of a later field is taken while a rest waits');
  const received = collect(peer);
  peer.resume();
  let flushed = await output.flush();
  for (let i = 0; i < 20_000 && flushed.status !== SocketStatus.Done; i++) {
    await settle();
    flushed = await output.flush();
  }
  t.is(flushed.status, SocketStatus.Done);
  let seven = await output.writeInt(7);
  for (let i = 0; i < 20_000 && seven.status === SocketStatus.NotReady; i++) {
    await settle();
    seven = await output.writeInt(7);
  }
  t.is(seven.status, SocketStatus.Done);
  t.is(output.size(), big.length + 4);
  socket.setBlocking(true);
  socket.shutdownOutput();
  const bytes = await received;
  t.is(bytes.length, big.length + 4);
  t.true(Buffer.from(big).equals(bytes.subarray(0, big.length)), 'the field arrived whole and first');
  t.deepEqual([...bytes.subarray(big.length)], [0, 0, 0, 7]);
});

test('reads not awaited one by one take their fields in call order; close closes the socket', async (t) => {
  const { raw, server } = await acceptRaw(t, await listening(t));
  const input = new DataInputStream(server);
  const reads = Promise.all([input.readInt(), input.readShort(), input.readUTF(), input.readBoolean()]);
  raw.write(Uint8Array.of(0, 0, 0, 1));
  await sleep(10);
  raw.write(Uint8Array.of(0xff, 0xfe, 0, 2, 0x68));
  await sleep(10);
  raw.write(Uint8Array.of(0x69, 1));
  t.deepEqual(
    (await reads).map((read) => read.value),
    [1, -2, 'hi', true],
  );
  input.close();
  t.true(server.isClosed());
});
