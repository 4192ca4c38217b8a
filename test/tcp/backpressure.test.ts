/**
 * Observable backpressure (issue #23): queued output bytes, the water marks, send readiness in
 * the selector, and `waitForDrain`, over real loopback sockets whose peer stops reading.
 */
import type net from 'node:net';
import test, { type ExecutionContext } from 'ava';
import { IpAddress } from '../../src/address/IpAddress.js';
import { SocketStatus } from '../../src/core/SocketStatus.js';
import { ReadinessType } from '../../src/selector/ReadinessType.js';
import { SocketSelector } from '../../src/selector/SocketSelector.js';
import { TcpSocket } from '../../src/tcp/TcpSocket.js';
import { rawServer, sleep } from '../helpers/loopback.js';

const KIB = 1024;
const LIMITS = { sendBufferSize: 256 * KIB, sendHighWaterMark: 128 * KIB, sendLowWaterMark: 16 * KIB };
const CHUNK = new Uint8Array(64 * KIB);

/** A client with small output limits connected to a raw peer that does not read. */
async function stalledPeer(t: ExecutionContext): Promise<{ client: TcpSocket; raw: net.Socket }> {
  const server = await rawServer(t);
  const client = new TcpSocket({ limits: LIMITS });
  t.teardown(() => client.disconnect());
  t.is(client.getQueuedBytes(), 0, 'nothing queued before a connection');
  t.is((await client.connect(IpAddress.LocalHost, server.port)).status, SocketStatus.Done);
  const raw = await server.next();
  raw.pause();
  return { client, raw };
}

/** Sends (non-blocking) until the system's buffers are full too and the queue stays at the high-water mark. */
async function fill(t: ExecutionContext, client: TcpSocket): Promise<void> {
  client.setBlocking(false);
  for (let round = 0; round < 1000; round++) {
    while ((await client.send(CHUNK)).status === SocketStatus.Done);
    await sleep(10);
    if (client.getQueuedBytes() >= LIMITS.sendHighWaterMark) return;
  }
  t.fail('the queue never stayed over the high-water mark');
}

/** Lets the raw peer read everything from now on. */
function resume(raw: net.Socket): void {
  raw.on('data', () => undefined);
  raw.resume();
}

test('getQueuedBytes grows while the peer does not read, stays within sendBufferSize plus one send, and falls once it reads', async (t) => {
  const { client, raw } = await stalledPeer(t);
  await fill(t, client);
  const queued = client.getQueuedBytes();
  t.true(queued >= LIMITS.sendHighWaterMark && queued <= LIMITS.sendBufferSize + CHUNK.length, `${queued} bytes queued`);
  resume(raw);
  t.like(await client.waitForDrain(5000), { status: SocketStatus.Done });
  t.true(client.getQueuedBytes() <= LIMITS.sendLowWaterMark, `${client.getQueuedBytes()} bytes left after the drain`);
});

test('a selector reports a socket ready to send until the high-water mark, then not until it is back under the low one', async (t) => {
  const { client, raw } = await stalledPeer(t);
  const selector = new SocketSelector();
  t.teardown(() => selector[Symbol.dispose]());
  selector.add(client, ReadinessType.Send);
  t.true(await selector.wait(1000), 'a fresh connection is ready to send');
  t.true(selector.isReady(client, ReadinessType.Send));
  t.false(selector.isReady(client), 'nothing to receive: the default asks about receiving');
  await fill(t, client);
  t.false(await selector.wait(100), 'over the high-water mark: not ready to send');
  t.false(selector.isReady(client, ReadinessType.Send));
  resume(raw);
  t.true(await selector.wait(5000), 'ready again once the peer reads');
  t.true(selector.isReady(client, ReadinessType.Send));
  t.true(client.getQueuedBytes() <= LIMITS.sendLowWaterMark);
});

test('waitForDrain times out with NotReady and a Timeout error while the peer does not read, and reports the end when it goes', async (t) => {
  const { client, raw } = await stalledPeer(t);
  await fill(t, client);
  const started = performance.now();
  const timedOut = await client.waitForDrain(150);
  const elapsed = performance.now() - started;
  t.is(timedOut.status, SocketStatus.NotReady);
  t.is(timedOut.error?.kind, 'Timeout');
  t.true(elapsed >= 140 && elapsed < 2000, `${Math.round(elapsed)} ms`);
  const waiting = client.waitForDrain(5000);
  raw.resetAndDestroy();
  const end = await waiting;
  t.true(end.status === SocketStatus.Disconnected || end.status === SocketStatus.Error, `ended with ${end.status}`);
});

test('waitForDrain is Done at once with nothing queued; it rejects on a socket never connected', async (t) => {
  const { client } = await stalledPeer(t);
  t.like(await client.waitForDrain(), { status: SocketStatus.Done });
  await t.throwsAsync(new TcpSocket().waitForDrain(), { instanceOf: TypeError });
  await t.throwsAsync(client.waitForDrain(-1), { instanceOf: RangeError });
});

test('getQueuedBytes counts blocking sends waiting in line (bytes a program keeps alive) until they are handed over', async (t) => {
  const { client, raw } = await stalledPeer(t);
  await fill(t, client);
  client.setBlocking(true);
  const before = client.getQueuedBytes();
  const sends = Array.from({ length: 20 }, () => client.send(new Uint8Array(32 * KIB)));
  t.true(client.getQueuedBytes() >= before + 19 * 32 * KIB, `${client.getQueuedBytes()} bytes counted with 20 waiting sends`);
  resume(raw);
  for (const result of await Promise.all(sends)) t.is(result.status, SocketStatus.Done);
  t.like(await client.waitForDrain(5000), { status: SocketStatus.Done });
});

test('setSendBufferSize bounds the SDK queue: a non-blocking send hands over only what fits', async (t) => {
  const { client } = await stalledPeer(t);
  t.is(client.getSendBufferSize(), LIMITS.sendBufferSize, 'the limits until set');
  client.setSendBufferSize(10_000);
  t.is(client.getSendBufferSize(), 10_000);
  client.setBlocking(false);
  const result = await client.send(new Uint8Array(50_000));
  t.is(result.status, SocketStatus.Partial);
  t.is(result.sent, 10_000, 'exactly the bound was handed over');
  t.throws(() => client.setSendBufferSize(0), { instanceOf: RangeError });
  client.disconnect();
  t.is(client.getSendBufferSize(), 10_000, 'kept after a close');
});
