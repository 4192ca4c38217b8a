/**
 * The broadcast example of the game-loop guide: a client that never reads is found by its send
 * readiness and dropped while its queue is still bounded; the others receive every update.
 */
import test from 'ava';
import { IpAddress, Packet, SocketStatus, TcpListener, TcpSocket } from '../../src/index.js';
import { Broadcaster } from '../../docs/examples/porting/broadcast.js';
import { rawClient } from '../helpers/loopback.js';

const KIB = 1024;
const LIMITS = { sendBufferSize: 256 * KIB, sendHighWaterMark: 128 * KIB, sendLowWaterMark: 32 * KIB };
const UPDATE = 32 * KIB;
const MAX_TICKS = 3000;

test('a slow client is dropped with its queue bounded; the other clients keep receiving every update', async (t) => {
  const listener = new TcpListener();
  t.teardown(() => listener.close());
  t.is((await listener.listen(0, IpAddress.LocalHost)).status, SocketStatus.Done);
  const broadcaster = new Broadcaster(5);
  t.teardown(() => {
    for (const client of [...broadcaster.clients.keys(), ...broadcaster.dropped]) client.disconnect();
  });
  const accept = async (): Promise<TcpSocket> => {
    const client = new TcpSocket({ limits: LIMITS }); // the server end's limits are its own
    t.is((await listener.accept(client)).status, SocketStatus.Done);
    return client;
  };

  // Two readers that take every update, and one peer that never reads.
  const readers = [new TcpSocket(), new TcpSocket()];
  const received = [0, 0];
  for (const reader of readers) {
    t.teardown(() => reader.disconnect());
    const [connected, accepted] = await Promise.all([reader.connect(IpAddress.LocalHost, listener.getLocalPort()), accept()]);
    t.is(connected.status, SocketStatus.Done);
    broadcaster.add(accepted);
  }
  const [slowRaw, slow] = await Promise.all([rawClient(t, listener.getLocalPort()), accept()]);
  slowRaw.pause();
  broadcaster.add(slow);
  const reading = readers.map(async (reader, i) => {
    for (const packet = new Packet(); (await reader.receive(packet)).status === SocketStatus.Done; ) received[i] = (received[i] ?? 0) + 1;
  });

  let ticks = 0;
  let peak = 0;
  const update = new Packet().append(new Uint8Array(UPDATE));
  while (!broadcaster.dropped.includes(slow) && ticks < MAX_TICKS) {
    await broadcaster.broadcast(update);
    ticks++;
    await new Promise((resolve) => setImmediate(resolve)); // a game loop's tick timer: I/O runs between ticks
    peak = Math.max(peak, slow.getQueuedBytes());
  }
  t.true(broadcaster.dropped.includes(slow), `the slow client was dropped after ${ticks} ticks`);
  t.true(peak <= LIMITS.sendBufferSize + UPDATE + 4, `its queue peaked at ${peak} bytes: sendBufferSize plus one update at most`);
  t.deepEqual(broadcaster.dropped, [slow], 'only the slow client was dropped');

  // The readers got every update: close their server ends and count.
  for (const client of [...broadcaster.clients.keys()]) client.disconnect();
  await Promise.all(reading);
  t.deepEqual(received, [ticks, ticks], `each reader received all ${ticks} updates`);
});
