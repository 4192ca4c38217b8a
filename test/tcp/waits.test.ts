/**
 * Blocking receives that follow one another on one socket: a reader reuses its answered wait for
 * the next one, which must not carry anything of the last (its timer, its target, its answer).
 */
import 'reflect-metadata';
import test from 'ava';
import { SocketStatus } from '../../src/core/SocketStatus.js';
import { Packet } from '../../src/packet/Packet.js';
import { connectedPair, receiveText, sendText, sleep, text } from '../helpers/loopback.js';

test('a wait after a timed-out one gets its own timer: it waits its full time and then takes the packet', async (t) => {
  const { client, server } = await connectedPair(t);
  server.setSoTimeout(40);
  const first = await server.receive(new Packet());
  t.is(first.status, SocketStatus.NotReady);
  t.is(first.error?.code, 'ETIMEDOUT');
  server.setSoTimeout(2000);
  const packet = new Packet();
  const second = server.receive(packet);
  await sleep(80); // longer than the first wait's timeout
  await sendText(t, client, 'late');
  t.is((await second).status, SocketStatus.Done);
  t.is(packet.readString(), 'late');
});

test('a refilled wait and a wait queued behind it each fill their own packet', async (t) => {
  const { client, server } = await connectedPair(t);
  const a = new Packet();
  const first = server.receive(a);
  await sendText(t, client, 'one');
  t.is((await first).status, SocketStatus.Done);
  const b = new Packet();
  const c = new Packet();
  const second = server.receive(b); // the first's wait, answered, is refilled for this one
  const third = server.receive(c); // queued behind it: a wait of its own
  await client.send(text('two'));
  await client.send(text('three'));
  const statuses = (await Promise.all([second, third])).map((result) => result.status);
  t.deepEqual(statuses, [SocketStatus.Done, SocketStatus.Done]);
  t.deepEqual([a.readString(), b.readString(), c.readString()], ['one', 'two', 'three']);
  for (const word of ['four', 'five']) {
    await sendText(t, client, word);
    t.is(await receiveText(t, server), word);
  }
});
