/**
 * SFML 3.1's selector additions (issue #23): watching for receive, send or both, `isReady` with a
 * readiness type, and `dispatchReadyCallbacks`.
 */
import test from 'ava';
import { IpAddress } from '../../src/address/IpAddress.js';
import { ReadinessType } from '../../src/selector/ReadinessType.js';
import { SocketSelector } from '../../src/selector/SocketSelector.js';
import { TcpSocket } from '../../src/tcp/TcpSocket.js';
import { UdpSocket } from '../../src/udp/UdpSocket.js';
import { connectedPair, listening, sendText } from '../helpers/loopback.js';

test('a socket watched for Either is ready for both, and its callback is told Either, again on a second dispatch', async (t) => {
  const { client, server } = await connectedPair(t);
  const selector = new SocketSelector();
  t.teardown(() => selector[Symbol.dispose]());
  const told: ReadinessType[] = [];
  selector.add(server, ReadinessType.Either, (ready) => told.push(ready));
  await sendText(t, client, 'hello');
  t.true(await selector.wait(2000));
  // Always ready to send, so each wait returns at once; the packet arrives through I/O meanwhile.
  for (let i = 0; i < 2000 && !selector.isReady(server, ReadinessType.Receive); i++) t.true(await selector.wait(2000));
  t.true(selector.isReady(server, ReadinessType.Receive));
  t.true(selector.isReady(server, ReadinessType.Send));
  t.true(selector.isReady(server, ReadinessType.Either));
  selector.dispatchReadyCallbacks();
  selector.dispatchReadyCallbacks();
  t.deepEqual(told, [ReadinessType.Either, ReadinessType.Either]);
});

test('a loop of waits on a socket always ready to send still lets I/O run (the answers are paced)', async (t) => {
  const { client, server } = await connectedPair(t);
  const selector = new SocketSelector();
  t.teardown(() => selector[Symbol.dispose]());
  selector.add(server, ReadinessType.Either);
  let arrived = false;
  void sendText(t, client, 'hello').then(() => (arrived = true));
  let waits = 0;
  while (!selector.isReady(server, ReadinessType.Receive) && waits < 100_000) {
    await selector.wait(1000);
    waits++;
  }
  t.true(arrived);
  t.true(selector.isReady(server, ReadinessType.Receive), `the packet was seen after ${waits} waits`);
});

test('adding again replaces what is watched: a socket re-added for Receive is no longer reported ready to send', async (t) => {
  const { server } = await connectedPair(t);
  const selector = new SocketSelector();
  t.teardown(() => selector[Symbol.dispose]());
  let calls = 0;
  selector.add(server, ReadinessType.Send, () => calls++);
  t.true(await selector.wait(1000));
  t.true(selector.isReady(server, ReadinessType.Send));
  selector.add(server, ReadinessType.Receive);
  t.false(await selector.wait(50), 'nothing to receive, and sending is no longer watched');
  t.false(selector.isReady(server, ReadinessType.Send));
  selector.dispatchReadyCallbacks();
  t.is(calls, 0, 'the callback went with the re-add');
});

test('a listener is never ready to send; a bound UdpSocket always is; an unconnected TcpSocket is not', async (t) => {
  const listener = await listening(t);
  const udp = new UdpSocket();
  t.teardown(() => udp.close());
  await udp.bind(0, IpAddress.LocalHost);
  const idle = new TcpSocket();
  const selector = new SocketSelector();
  t.teardown(() => selector[Symbol.dispose]());
  selector.add(listener, ReadinessType.Send);
  selector.add(idle, ReadinessType.Send);
  t.false(await selector.wait(30));
  selector.add(udp, ReadinessType.Send);
  t.true(await selector.wait(1000));
  t.deepEqual(selector.readySockets(), [udp]);
  t.true(selector.isReady(udp, ReadinessType.Send));
  t.false(selector.isReady(udp, ReadinessType.Receive));
});

test('misuse throws: an unknown readiness type or a callback that is not a function', (t) => {
  const selector = new SocketSelector();
  const socket = new TcpSocket();
  t.throws(() => selector.add(socket, 'send' as ReadinessType), { instanceOf: TypeError });
  t.throws(() => selector.add(socket, ReadinessType.Send, 42 as unknown as () => void), { instanceOf: TypeError });
  t.throws(() => selector.isReady(socket, 'both' as ReadinessType), { instanceOf: TypeError });
});
