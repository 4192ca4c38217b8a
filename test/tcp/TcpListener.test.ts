import net from 'node:net';
import test from 'ava';
import { IpAddress } from '../../src/address/IpAddress.js';
import { SocketStatus } from '../../src/core/SocketStatus.js';
import { TcpListener } from '../../src/tcp/TcpListener.js';
import { TcpSocket } from '../../src/tcp/TcpSocket.js';
import { HOSTS, listening, rawClient, sleep } from '../helpers/loopback.js';

const anyPort = test.macro({
  exec: async (t, host: string) => {
  const listener = await listening(t, host);
  t.true(listener.getLocalPort() > 0);
  t.is(String(listener.getLocalAddress()), host);
  t.true(listener.isListening());
  listener.setBlocking(false);
  t.is((await listener.accept(new TcpSocket())).status, SocketStatus.NotReady, 'no pending client: NotReady at once');
  listener.setBlocking(true);
  const socket = new TcpSocket();
  t.teardown(() => socket.disconnect());
  const accepting = listener.accept(socket);
  const raw = await rawClient(t, listener.getLocalPort(), host);
  t.is((await accepting).status, SocketStatus.Done);
  t.is(socket.getRemotePort(), raw.localPort as number);
  t.is(String(socket.getRemoteAddress()), host);
  },
  title: (_, host) => `listen on port 0 over ${host} picks a port; accept blocks until a client comes`,
});
for (const host of HOSTS) test(anyPort, host);

test('closing the listener settles a waiting accept with Disconnected and frees the port', async (t) => {
  const listener = await listening(t);
  const port = listener.getLocalPort();
  const waiting = listener.accept(new TcpSocket());
  await listener.close();
  t.is((await waiting).status, SocketStatus.Disconnected);
  t.true(listener.isClosed());
  t.false(listener.isListening());
  t.is(listener.getLocalPort(), 0);
  await t.throwsAsync(() => listener.accept(new TcpSocket()), { instanceOf: TypeError, message: /closed/ });
  const again = new TcpListener();
  t.teardown(() => again.close());
  t.is((await again.listen(port, IpAddress.LocalHost)).status, SocketStatus.Done);
});

test('listening on a port in use is an Error of kind AddressInUse', async (t) => {
  const first = await listening(t);
  const second = new TcpListener();
  t.teardown(() => second.close());
  const result = await second.listen(first.getLocalPort(), IpAddress.LocalHost);
  t.is(result.status, SocketStatus.Error);
  t.is(result.error?.kind, 'AddressInUse');
  t.is(result.error?.code, 'EADDRINUSE');
});

test('listen again moves the listener to the new port', async (t) => {
  const listener = await listening(t);
  const before = listener.getLocalPort();
  // Hold the old port number on ::1 too, so the system cannot hand the same number out again by chance.
  const holder = net.createServer();
  holder.on('error', () => undefined);
  t.teardown(() => new Promise<void>((resolve) => holder.close(() => resolve())));
  await new Promise<void>((resolve) => {
    holder.once('error', () => resolve());
    holder.listen(before, '::1', () => resolve());
  });
  t.is((await listener.listen(0, '::1')).status, SocketStatus.Done);
  t.not(listener.getLocalPort(), before);
  t.is(String(listener.getLocalAddress()), '::1');
});

test('clients beyond the accept queue bound are closed', async (t) => {
  const listener = await listening(t, '127.0.0.1', { limits: { acceptQueueSize: 2 } });
  const clients = await Promise.all(Array.from({ length: 5 }, () => rawClient(t, listener.getLocalPort())));
  let closed = 0;
  for (const client of clients) client.once('end', () => closed++);
  for (let i = 0; i < 100 && closed < 3; i++) await sleep(5);
  t.is(closed, 3);
  listener.setBlocking(false);
  const sockets = [new TcpSocket(), new TcpSocket(), new TcpSocket()];
  t.teardown(() => sockets.forEach((s) => s.disconnect()));
  t.is((await listener.accept(sockets[0] as TcpSocket)).status, SocketStatus.Done);
  t.is((await listener.accept(sockets[1] as TcpSocket)).status, SocketStatus.Done);
  t.is((await listener.accept(sockets[2] as TcpSocket)).status, SocketStatus.NotReady);
});

test('misuse of a listener throws', async (t) => {
  const listener = new TcpListener();
  await t.throwsAsync(() => listener.accept(new TcpSocket()), { instanceOf: TypeError, message: /not listening/ });
  await t.throwsAsync(() => listener.listen(-1), { instanceOf: RangeError });
  await t.throwsAsync(() => listener.listen(65536), { instanceOf: RangeError });
  await t.throwsAsync(() => listener.listen(0, 'localhost'), { instanceOf: TypeError, message: /not an IPv4 or IPv6 literal/ });
  const open = await listening(t);
  await t.throwsAsync(() => open.accept({} as TcpSocket), { instanceOf: TypeError, message: /expected a TcpSocket/ });
});

test('await using closes the listener', async (t) => {
  let port = 0;
  {
    await using listener = new TcpListener();
    await listener.listen(0, IpAddress.LocalHost);
    port = listener.getLocalPort();
    t.true(listener.isListening());
  }
  const result = await new TcpSocket().connect(IpAddress.LocalHost, port);
  t.is(result.status, SocketStatus.Error);
  t.is(result.error?.kind, 'Refused');
});
