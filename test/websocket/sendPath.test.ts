/**
 * The WebSocket send path without a copy kept or a callback per message: the caller may change
 * its packet at once (both ends: the client masks into ws's own frame, the server sends a copy),
 * and a blocking send held back by a `sendBufferSize` below the socket's mark still wakes (the
 * room signal is `afterWrites`, not a callback per message).
 */
import test from 'ava';
import { SocketStatus } from '../../src/core/SocketStatus.js';
import { Packet } from '../../src/packet/Packet.js';
import { NodeWebSocketConnection } from '../../src/platform/node/NodeWebSocketConnection.js';
import { NodeWebSocketTransport } from '../../src/platform/node/NodeWebSocketTransport.js';
import { clientFrame, loadWs, serverFrame } from '../../src/platform/node/wsModule.js';
import type { StreamConnection } from '../../src/transport/StreamConnection.js';
import { wsListener, wsPair } from './wsFixtures.js';

/** `size` bytes of `fill`. */
function bytesOf(size: number, fill: number): Uint8Array {
  return new Uint8Array(size).fill(fill);
}

for (const from of ['client', 'server'] as const) {
  test(`${from} → peer: a packet changed right after send arrives as it was sent (0 B to 4 MiB, every length encoding, raw bytes too)`, async (t) => {
    const listener = await wsListener(t);
    const pair = await wsPair(t, listener);
    const [sender, receiver] = from === 'client' ? [pair.client, pair.server] : [pair.server, pair.client];
    // Every length encoding: 7 bits (0–125), 16 bits (126–65535), 64 bits (65536 and up).
    const sizes = [64, 0, 125, 126, 65_535, 65_536, 70_000, 4 * 1024 * 1024];
    for (const [i, size] of sizes.entries()) {
      const packet = new Packet().append(bytesOf(size, i + 1));
      const sent = sender.send(packet);
      // Overwrite the packet's memory before the send settles and before anything is written.
      packet.clear();
      packet.append(bytesOf(size, 0xee));
      t.is((await sent).status, SocketStatus.Done);
    }
    const raw = bytesOf(100_000, 9);
    const sentRaw = sender.send(raw);
    raw.fill(0xee);
    t.is((await sentRaw).status, SocketStatus.Done);
    const received = new Packet();
    for (const [i, size] of sizes.entries()) {
      t.is((await receiver.receive(received)).status, SocketStatus.Done);
      const data = received.getData();
      t.is(data.length, size);
      t.true(data.every((byte) => byte === i + 1), `message ${i} (${size} B) arrived unchanged`);
    }
    const bytes = await receiver.receive(200_000);
    t.is(bytes.status, SocketStatus.Done);
    t.is(bytes.data.length, 100_000);
    t.true(bytes.data.every((byte) => byte === 9));
  });
}

test('serverFrame is ws\'s own frame of the payload, byte for byte, for every short length (header cached per length) and every length encoding', async (t) => {
  const ws = (await loadWs()) as unknown as { Sender: { frame(data: Uint8Array, options: object): Uint8Array[] } };
  const lengths = [...Array.from({ length: 131 }, (_, i) => i), 65_535, 65_536, 70_000];
  // Twice over: the second pass reads the cached headers.
  for (const pass of [1, 2]) {
    for (const length of lengths) {
      const payload = Uint8Array.from({ length }, (_, i) => (i * 7 + length + pass) & 0xff);
      const expected = Buffer.concat(ws.Sender.frame(payload, { fin: true, opcode: 2, mask: false, readOnly: false, rsv1: false }));
      const frame = serverFrame(payload);
      if (!Buffer.from(frame).equals(expected)) t.fail(`length ${length}, pass ${pass}: frame differs from ws's`);
    }
  }
  t.pass();
});

test('clientFrame: a masked binary frame (ws\'s header, a mask never zero) whose unmasked payload is the payload, in a buffer of its own', async (t) => {
  await loadWs();
  for (const length of [0, 1, 64, 125, 126, 65_535, 65_536]) {
    const payload = Uint8Array.from({ length }, (_, i) => (i * 13 + 5) & 0xff);
    const frame = clientFrame(payload);
    t.is(frame[0], 0x82, `length ${length}: FIN + binary`);
    const code = (frame[1] as number) & 0x7f;
    t.is((frame[1] as number) & 0x80, 0x80, `length ${length}: masked`);
    const lengthBytes = code === 127 ? 8 : code === 126 ? 2 : 0;
    const declared = code === 127 ? Number(Buffer.from(frame).readBigUInt64BE(2)) : code === 126 ? Buffer.from(frame).readUInt16BE(2) : code;
    t.is(declared, length);
    const mask = frame.subarray(2 + lengthBytes, 6 + lengthBytes);
    if (length > 0) t.not(mask[0]! | mask[1]! | mask[2]! | mask[3]!, 0, 'the mask is never zero');
    const body = frame.subarray(6 + lengthBytes);
    t.is(body.length, length);
    t.not(body.buffer, payload.buffer, 'the frame does not share the payload\'s memory');
    const unmasked = body.map((byte, i) => byte ^ mask[i & 3]!);
    t.true(Buffer.from(unmasked).equals(payload), `length ${length}: unmasks to the payload`);
  }
});

test('blocking sends held back by a sendBufferSize below the socket mark wake as the output is written, in order', async (t) => {
  const listener = await wsListener(t);
  // The client reads nothing until every send is made (it holds at most 1 KiB before it pauses),
  // so the system's buffers fill and the server's output waits in its socket.
  const { client, server } = await wsPair(t, listener, { limits: { receiveBufferSize: 1024 } });
  // 2 KiB: one 10 KiB message waiting takes the output over the limit while node:net's own mark
  // (16 KiB) is not reached, so no 'drain' comes: only afterWrites can wake the senders.
  server.setSendBufferSize(2048);
  const count = 1500;
  const sends = Array.from({ length: count }, (_, i) => server.send(new Packet().append(bytesOf(10_000, i & 0xff))));
  await new Promise((resolve) => setTimeout(resolve, 300));
  const received = new Packet();
  for (let i = 0; i < count; i++) {
    t.is((await client.receive(received)).status, SocketStatus.Done);
    if (received.getDataSize() !== 10_000 || received.getData()[0] !== (i & 0xff)) t.fail(`message ${i} out of order or cut`);
  }
  const results = await Promise.all(sends);
  t.true(results.every((result) => result.status === SocketStatus.Done));
});

test('afterWrites: called once the bytes before it are written, and at once on a closed connection; it sends nothing', async (t) => {
  const transport = new NodeWebSocketTransport();
  let accepted: StreamConnection | undefined;
  const server = await transport.listen({ host: '127.0.0.1', port: 0, backlog: 16 }, (connection) => (accepted = connection));
  t.teardown(() => server.close());
  const client = await transport.connect({ host: '127.0.0.1', port: server.localPort });
  t.teardown(() => client.destroy());
  const got: Uint8Array[] = [];
  client.attach({ data: (chunk) => got.push(chunk), end: () => undefined, close: () => undefined, drain: () => undefined });
  for (let i = 0; i < 50 && accepted === undefined; i++) await new Promise((resolve) => setTimeout(resolve, 20));
  const far = accepted as StreamConnection;
  far.attach({ data: () => undefined, end: () => undefined, close: () => undefined, drain: () => undefined });
  t.true(far instanceof NodeWebSocketConnection);
  // The reader is paused, so the system's buffers fill and the rest waits in the socket's.
  client.pause();
  for (let i = 0; i < 16; i++) far.writeMessage?.(bytesOf(1024 * 1024, 1));
  t.true(far.bufferedAmount > 0);
  const signalled = new Promise<number>((resolve) => far.afterWrites?.(() => resolve(far.bufferedAmount)));
  await new Promise((resolve) => setTimeout(resolve, 100));
  t.true(far.bufferedAmount > 0, 'still held while the reader is paused');
  client.resume();
  t.is(await signalled, 0, 'the output is written when the signal comes');
  for (let i = 0; i < 250 && got.length < 16; i++) await new Promise((resolve) => setTimeout(resolve, 20));
  await new Promise((resolve) => setTimeout(resolve, 50));
  t.is(got.length, 16, 'sixteen messages: the signal sent none');
  t.true(got.every((message) => message.length === 1024 * 1024));
  far.destroy();
  await new Promise<void>((resolve) => far.afterWrites?.(resolve));
  t.pass('called on a closed connection');
});

test('a plain ws:// connection reports no TLS info', async (t) => {
  const listener = await wsListener(t);
  const { client, server } = await wsPair(t, listener);
  t.is(client.getTlsInfo(), null);
  t.is(server.getTlsInfo(), null);
  t.is(server.getCurrentCiphersuiteName(), null);
});
