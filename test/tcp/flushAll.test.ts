import test from 'ava';
import { SocketStatus } from '../../src/core/SocketStatus.js';
import { listening, pairOn, receiveText, text } from '../helpers/loopback.js';
import { WriteHookTransport } from '../helpers/writeHook.js';

/** node:net underneath, but `write` throws while `broken` is set (a faulty custom transport). */
class Breakable extends WriteHookTransport {
  broken = false;

  constructor() {
    super((target, data, written) => {
      if (this.broken) throw new Error('broken transport');
      return target.write(data, written);
    });
  }
}

test('a transport that throws while the batches of a tick are written does not hold back the other sockets', async (t) => {
  const breakable = new Breakable();
  const listener = await listening(t);
  const faulty = await pairOn(t, listener, '127.0.0.1', { streamTransport: breakable });
  const healthy = await pairOn(t, listener);
  // The error surfaces as node:net's would: uncaught, after every other batch of the tick is written.
  const errors: unknown[] = [];
  const listeners = process.listeners('uncaughtException');
  process.removeAllListeners('uncaughtException');
  process.on('uncaughtException', (error) => errors.push(error));
  t.teardown(() => {
    process.removeAllListeners('uncaughtException');
    for (const listener of listeners) process.on('uncaughtException', listener);
  });
  breakable.broken = true;
  const sends = [faulty.client.send(text('lost')), healthy.client.send(text('first')), healthy.server.send(text('second'))];
  t.like(await sends[1], { status: SocketStatus.Done });
  t.is(await receiveText(t, healthy.server), 'first');
  t.is(await receiveText(t, healthy.client), 'second');
  t.deepEqual(errors.map((error) => (error as Error).message), ['broken transport']);
  breakable.broken = false;
  t.like(await healthy.client.send(text('later')), { status: SocketStatus.Done });
  t.is(await receiveText(t, healthy.server), 'later', 'later ticks are still written');
  await Promise.all(sends);
});
