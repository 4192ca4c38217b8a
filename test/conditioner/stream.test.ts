import test, { type ExecutionContext } from 'ava';
import { IpAddress } from '../../src/address/IpAddress.js';
import { ConditionedStreamTransport } from '../../src/conditioner/ConditionedStreamTransport.js';
import { DelayLine } from '../../src/conditioner/DelayLine.js';
import { SocketStatus } from '../../src/core/SocketStatus.js';
import { Packet } from '../../src/packet/Packet.js';
import { NodeStreamTransport } from '../../src/platform/node/NodeStreamTransport.js';
import { TcpListener } from '../../src/tcp/TcpListener.js';
import { TcpSocket } from '../../src/tcp/TcpSocket.js';
import { ManualClock } from '../helpers/manualClock.js';

/** Pushes 200 pieces of 100 bytes one millisecond apart; returns when each came out, in the order they came. */
function times(options: ConstructorParameters<typeof DelayLine>[0]): { order: number[]; at: number[] } {
  const clock = new ManualClock();
  const line = new DelayLine(options, clock);
  const order: number[] = [];
  const at: number[] = [];
  for (let i = 0; i < 200; i++) {
    line.push(100, () => {
      order.push(i);
      at.push(clock.now());
    });
    clock.advance(1);
  }
  clock.advance(60_000);
  t0(line);
  return { order, at };
}
const t0 = (line: DelayLine): void => {
  if (line.held !== 0 || !line.empty) throw new Error('the line kept something');
};

test('jitter larger than the gaps never reorders a stream, and the same seed gives the same times', (t) => {
  const first = times({ seed: 4, latencyMs: 10, jitterMs: 50 });
  t.deepEqual(first.order, Array.from({ length: 200 }, (_, i) => i));
  for (let i = 0; i < 200; i++) t.true((first.at[i] as number) >= i + 10, `piece ${i} came before its latency`);
  t.deepEqual(times({ seed: 4, latencyMs: 10, jitterMs: 50 }).at, first.at);
  t.notDeepEqual(times({ seed: 5, latencyMs: 10, jitterMs: 50 }).at, first.at);
});

test('a rate limit spaces a stream out at the rate, after a burst allowance', (t) => {
  const { at } = times({ bytesPerSecond: 10_000 }); // 100 B each: one per 10 ms
  t.is(at[199], 2000);
  const burst = times({ bytesPerSecond: 10_000, burstBytes: 1_000 });
  t.true((burst.at[199] as number) < 2000 && (burst.at[199] as number) >= 1900, `${burst.at[199]}`);
  t.throws(() => new DelayLine({ latencyMs: -5 }, new ManualClock()), { instanceOf: RangeError });
});

/** A plain listener and a client over `streamTransport`, connected; everything closed in teardown. */
async function connected(t: ExecutionContext, client: TcpSocket): Promise<TcpSocket> {
  const listener = new TcpListener();
  const server = new TcpSocket();
  t.teardown(() => {
    client.disconnect();
    server.disconnect();
    listener.close();
  });
  t.is((await listener.listen(0, IpAddress.LocalHost)).status, SocketStatus.Done);
  t.is((await client.connect(IpAddress.LocalHost, listener.getLocalPort())).status, SocketStatus.Done);
  t.is((await listener.accept(server)).status, SocketStatus.Done);
  return server;
}

test('TcpSocket over a conditioned node:net: a round trip takes both directions\' latency; packets arrive whole and in order', async (t) => {
  const streamTransport = new ConditionedStreamTransport(new NodeStreamTransport(), { seed: 1, latencyMs: 30, jitterMs: 10, inbound: { latencyMs: 20 } });
  const client = new TcpSocket({ streamTransport });
  const server = await connected(t, client);
  const started = performance.now();
  for (let i = 0; i < 50; i++) await client.send(new Packet().writeUint32(i).writeString('x'.repeat(i * 37)));
  const echo = new Packet();
  for (let i = 0; i < 50; i++) {
    t.is((await server.receive(echo)).status, SocketStatus.Done);
    t.is(echo.readUint32(), i);
    t.is(echo.readString().length, i * 37);
  }
  await server.send(new Packet().writeString('pong'));
  const reply = new Packet();
  t.is((await client.receive(reply)).status, SocketStatus.Done);
  t.is(reply.readString(), 'pong');
  // 30 ms out (and up to 10 of jitter), 20 ms in: never less than 50 ms in all.
  t.true(performance.now() - started >= 49, `${performance.now() - started} ms`);
});

test('a slow conditioned link pushes back: write reports backpressure at queueBytes, and nothing more is held', async (t) => {
  const streamTransport = new ConditionedStreamTransport(new NodeStreamTransport(), { bytesPerSecond: 100_000, queueBytes: 64 * 1024 });
  const client = new TcpSocket({ streamTransport, limits: { sendBufferSize: 16 * 1024 } });
  await connected(t, client);
  client.setBlocking(false);
  const big = new Packet().append(new Uint8Array(8 * 1024));
  const statuses = new Set<SocketStatus>();
  for (let i = 0; i < 64; i++) {
    const result = await client.send(big);
    statuses.add(result.status);
    if (result.status === SocketStatus.Partial) while ((await client.send(big)).status === SocketStatus.Partial) await new Promise((later) => setTimeout(later, 5));
  }
  t.true(statuses.has(SocketStatus.NotReady) || statuses.has(SocketStatus.Partial), 'the link is slower than the sender');
});
