/**
 * A logger that throws: the SDK logs from inside the system's events (a datagram at a full queue,
 * a client past the accept queue, a denied client), where an exception reaches no caller and
 * would end the process. What the logger throws must be ignored there, so a peer cannot crash a
 * server by making it log. (Ava fails a test file whose code throws an uncaught exception.)
 */
import test from 'ava';
import { SocketStatus } from '../../src/core/SocketStatus.js';
import { PolicySecurityManager } from '../../src/security/PolicySecurityManager.js';
import type { Logger } from '../../src/services/Logger.js';
import { TcpSocket } from '../../src/tcp/TcpSocket.js';
import { listening, rawClient, sleep } from '../helpers/loopback.js';
import { boundSocket, loopback, settled } from '../udp/udpFixtures.js';

/** A logger whose every call throws, counting the calls. */
function throwingLogger(): Logger & { calls: number } {
  const logger = {
    calls: 0,
    debug(): void {
      logger.calls++;
      throw new Error('the log refuses this message');
    },
    warn(): void {
      logger.calls++;
      throw new Error('the log refuses this message');
    },
  };
  return logger;
}

test('UDP: datagrams past a full receive queue are dropped and counted while the logger throws', async (t) => {
  const logger = throwingLogger();
  const receiver = await boundSocket(t, 4, { logger, limits: { datagramQueueSize: 1 } });
  const sender = await boundSocket(t, 4);
  for (let i = 0; i < 4; i++) await sender.send(Uint8Array.of(i), loopback(4), receiver.getLocalPort());
  await settled(receiver, 3);
  t.is(receiver.getDroppedCount(), 3);
  t.true(logger.calls >= 1, 'the queue overflow was logged (and the logger threw)');
  const { status, data } = await receiver.receive(10);
  t.is(status, SocketStatus.Done);
  t.deepEqual([...data], [3], 'the newest datagram is kept');
});

test('TCP: clients past the accept queue are closed while the logger throws, and the queued ones are accepted', async (t) => {
  const logger = throwingLogger();
  const listener = await listening(t, '127.0.0.1', { logger, limits: { acceptQueueSize: 1 } });
  const clients = await Promise.all(Array.from({ length: 3 }, () => rawClient(t, listener.getLocalPort())));
  let closed = 0;
  for (const client of clients) client.once('end', () => closed++);
  for (let i = 0; i < 200 && closed < 2; i++) await sleep(5);
  t.is(closed, 2);
  t.true(logger.calls >= 2, 'each refusal was logged (and the logger threw)');
  const socket = new TcpSocket();
  t.teardown(() => socket.disconnect());
  t.is((await listener.accept(socket)).status, SocketStatus.Done);
});

test('TCP: a client the policy denies is closed while the logger throws; the listener goes on', async (t) => {
  const logger = throwingLogger();
  const securityManager = new PolicySecurityManager({ accept: { deny: ['127.0.0.1'] } });
  const listener = await listening(t, '127.0.0.1', { logger, securityManager });
  const denied = await rawClient(t, listener.getLocalPort());
  const ended = new Promise<void>((resolve) => denied.once('end', () => resolve()));
  await ended;
  t.true(logger.calls >= 1, 'the denial was logged (and the logger threw)');
  listener.setBlocking(false);
  t.is((await listener.accept(new TcpSocket())).status, SocketStatus.NotReady, 'the denied client never reaches accept');
});
