import test from 'ava';
import { SocketStatus } from '../../src/core/SocketStatus.js';
import { Packet } from '../../src/packet/Packet.js';
import { TcpSocket } from '../../src/tcp/TcpSocket.js';
import { frameHeader, rawUpgrade, wsListener, wsPair } from './wsFixtures.js';

/** Waits for `promise`, failing after `ms`. */
function within<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  return Promise.race([promise, new Promise<T>((_, reject) => setTimeout(() => reject(new Error(`${what}: not within ${ms} ms`)), ms))]);
}

test('a 100 MiB message claim drops that connection at once (1009, TooLarge) and allocates nothing for it; a neighbour goes on', async (t) => {
  const listener = await wsListener(t, { limits: { maxPacketSize: 64 * 1024 } });
  const { client: neighbour, server: neighbourServer } = await wsPair(t, listener);
  const raw = await rawUpgrade(t, listener.getLocalPort());
  t.regex(raw.status, / 101 /);
  const server = new TcpSocket();
  t.teardown(() => server.disconnect());
  t.is((await listener.accept(server)).status, SocketStatus.Done);
  const before = process.memoryUsage().arrayBuffers;
  raw.socket.write(frameHeader(0x2, true, 100 * 1024 * 1024));
  raw.socket.write(Buffer.alloc(32 * 1024, 7)); // the start of the claimed payload
  const result = await within(server.receive(new Packet()), 5000, 'receive');
  t.is(result.status, SocketStatus.Error);
  t.is(result.error?.kind, 'TooLarge');
  await within(raw.closed, 5000, 'the server closes the hostile connection');
  // The 1009 close frame went out before the close: 0x88, length, code 1009 (0x03f1).
  t.deepEqual([...raw.received().subarray(0, 4)], [0x88, raw.received()[1] as number, 0x03, 0xf1]);
  t.true(process.memoryUsage().arrayBuffers - before < 8 * 1024 * 1024, 'nothing near the claimed size was allocated');
  // The neighbour's connection is untouched.
  t.is((await neighbour.send(new Packet().writeString('still here'))).status, SocketStatus.Done);
  const packet = new Packet();
  t.is((await within(neighbourServer.receive(packet), 5000, 'neighbour')).status, SocketStatus.Done);
  t.is(packet.readString(), 'still here');
});

test('a flood of tiny fragments is cut at maxMessageFragments (1008), and only that connection is dropped', async (t) => {
  const listener = await wsListener(t, { limits: { maxMessageFragments: 64 } });
  const { client: neighbour, server: neighbourServer } = await wsPair(t, listener);
  const raw = await rawUpgrade(t, listener.getLocalPort());
  const server = new TcpSocket();
  t.teardown(() => server.disconnect());
  t.is((await listener.accept(server)).status, SocketStatus.Done);
  // 10 000 one-byte fragments of one message (only 64 are allowed); written in one go.
  const frames = [Buffer.concat([frameHeader(0x2, false, 1), Buffer.of(1)])];
  for (let i = 0; i < 10_000; i++) frames.push(Buffer.concat([frameHeader(0x0, false, 1), Buffer.of(1)]));
  raw.socket.write(Buffer.concat(frames));
  const result = await within(server.receive(new Packet()), 5000, 'receive');
  t.is(result.status, SocketStatus.Error);
  t.is(result.error?.kind, 'Protocol');
  t.regex(String(result.error?.message), /fragments/);
  await within(raw.closed, 5000, 'the server closes the flooding connection');
  t.deepEqual([...raw.received().subarray(2, 4)], [0x03, 0xf0], 'close code 1008');
  t.is((await neighbour.send(new Packet().writeUint32(42))).status, SocketStatus.Done);
  const packet = new Packet();
  t.is((await within(neighbourServer.receive(packet), 5000, 'neighbour')).status, SocketStatus.Done);
  t.is(packet.readUint32(), 42);
});

test('a message trickled in more than maxMessageChunks chunks drops the connection (1008)', async (t) => {
  const listener = await wsListener(t, { limits: { maxMessageChunks: 16 } });
  const raw = await rawUpgrade(t, listener.getLocalPort());
  const server = new TcpSocket();
  t.teardown(() => server.disconnect());
  t.is((await listener.accept(server)).status, SocketStatus.Done);
  raw.socket.setNoDelay(true);
  raw.socket.write(frameHeader(0x2, true, 1000));
  // One byte a write, spaced out so each arrives as its own chunk.
  for (let i = 0; i < 40 && !raw.socket.destroyed; i++) {
    raw.socket.write(Buffer.of(i));
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
  const result = await within(server.receive(new Packet()), 5000, 'receive');
  t.is(result.status, SocketStatus.Error);
  await within(raw.closed, 5000, 'the server closes the trickling connection');
});

test('the output queue is bounded by sendBufferSize: a client that never reads holds a non-blocking sender at NotReady, not growing memory', async (t) => {
  const listener = await wsListener(t);
  const { client, server } = await wsPair(t, listener, {}, {});
  client.setBlocking(false);
  server.setBlocking(false);
  const piece = new Packet().append(new Uint8Array(64 * 1024));
  let sent = 0;
  let status: SocketStatus = SocketStatus.Done;
  // The client never receives; its transport pauses once its queue is full, so the server's output fills.
  for (let i = 0; i < 2000 && status === SocketStatus.Done; i++) {
    status = (await server.send(piece)).status;
    if (status === SocketStatus.Done) sent++;
    if (i % 16 === 15) await new Promise((resolve) => setTimeout(resolve, 5));
  }
  t.is(status, SocketStatus.NotReady, 'the sender is held back, a message is never split (no Partial)');
  t.true(sent * 64 * 1024 < 64 * 1024 * 1024, `bounded: ${sent} messages went out before NotReady`);
});
