/**
 * Faults a peer or the network can cause, beyond `test/tcp/errors.test.ts`: resets at awkward
 * moments, a half-closing raw peer, refusals across several addresses, resolvers that fail in odd
 * ways or never answer, and a security manager with a bug. Every outcome is a status; nothing hangs.
 */
import test from 'ava';
import { IpAddress } from '../../src/address/IpAddress.js';
import { SocketStatus } from '../../src/core/SocketStatus.js';
import { Packet } from '../../src/packet/Packet.js';
import { SecurityManager } from '../../src/security/SecurityManager.js';
import type { Logger } from '../../src/services/Logger.js';
import { TcpSocket } from '../../src/tcp/TcpSocket.js';
import { TcpListener } from '../../src/tcp/TcpListener.js';
import { acceptRaw, collect, frame, listening, rawClient, sleep } from '../helpers/loopback.js';
import { hungResolver, scriptedResolver, settles } from './fixtures.js';

/** A port nothing listens on (a listener's, closed again). */
async function closedPort(t: Parameters<typeof listening>[0]): Promise<number> {
  const listener = await listening(t);
  const port = listener.getLocalPort();
  await listener.close();
  return port;
}

test('a reset while a non-blocking receive polls a half packet is an Error once, then Disconnected', async (t) => {
  const listener = await listening(t);
  const { raw, server } = await acceptRaw(t, listener);
  server.setBlocking(false);
  raw.write(frame(Buffer.alloc(64)).subarray(0, 20));
  await sleep(20);
  t.is((await server.receive(new Packet())).status, SocketStatus.NotReady);
  raw.resetAndDestroy();
  let result = await server.receive(new Packet());
  for (let i = 0; i < 200 && result.status === SocketStatus.NotReady; i++) {
    await sleep(5);
    result = await server.receive(new Packet());
  }
  // Usually Error/Reset. When the RST is seen in the same event-loop wakeup as data, libuv
  // (uv__stream_io: POLLHUP after a partial read) reports end of stream instead of ECONNRESET, so
  // it reads as Disconnected. Either way: never Done, never half a packet, never a hang.
  t.true(result.status === SocketStatus.Disconnected || (result.status === SocketStatus.Error && result.error?.kind === 'Reset'), result.status);
  t.is((await server.receive(new Packet())).status, SocketStatus.Disconnected);
});

test('a reset while a blocking send waits for room settles that send with a status', async (t) => {
  const listener = await listening(t);
  const server = new TcpSocket({ limits: { sendBufferSize: 64 * 1024 } });
  t.teardown(() => server.disconnect());
  const [raw] = await Promise.all([rawClient(t, listener.getLocalPort()), listener.accept(server)]);
  raw.pause();
  const sending = server.send(new Uint8Array(32 * 1024 * 1024));
  await sleep(100);
  raw.resetAndDestroy();
  const result = await settles(t, sending, 'the waiting send settles after the reset');
  t.true(result?.status === SocketStatus.Error || result?.status === SocketStatus.Disconnected, `status ${result?.status}`);
  const after = await server.send(new Uint8Array(1));
  t.true(after.status === SocketStatus.Error || after.status === SocketStatus.Disconnected);
});

test('a raw peer that half-closes still receives what the server sends afterwards', async (t) => {
  const listener = await listening(t);
  const { raw, server } = await acceptRaw(t, listener);
  const received = collect(raw);
  raw.end(frame(Buffer.from('request')));
  const request = new Packet();
  t.is((await server.receive(request)).status, SocketStatus.Done);
  t.is((await server.receive(new Packet())).status, SocketStatus.Disconnected, 'the half-close reads as Disconnected');
  t.is((await server.send(new Packet().writeString('response'))).status, SocketStatus.Done, 'the other direction still works');
  server.shutdownOutput();
  server.shutdownOutput();
  t.deepEqual(await received, frame(new Packet().writeString('response').getData()));
});

test('a name whose first address refuses falls through to the next one', async (t) => {
  // The port was free on ::1, and nothing listens on 127.0.0.1 at it: the first address refuses.
  const listener = await listening(t, '::1');
  const port = listener.getLocalPort();
  const resolver = scriptedResolver(['127.0.0.1', '::1']);
  const socket = new TcpSocket({ resolver });
  const peer = new TcpSocket();
  t.teardown(() => [socket, peer].forEach((s) => s.disconnect()));
  // Bounded: should another process of the machine take 127.0.0.1 at that port meanwhile, the
  // connect lands there and the accept here would wait for ever.
  const both = await settles(t, Promise.all([socket.connect('two.test', port, 2000), listener.accept(peer)]), 'connect and accept', 5000);
  t.is(both?.[0].status, SocketStatus.Done);
  t.is(String(socket.getRemoteAddress()), '::1');
});

test('a name whose every address refuses is an Error of kind Refused', async (t) => {
  const port = await closedPort(t);
  const socket = new TcpSocket({ resolver: scriptedResolver(['127.0.0.1', '127.0.0.2']) });
  const result = await settles(t, socket.connect('nobody.test', port, 2000), 'connect settles');
  t.is(result?.status, SocketStatus.Error);
  t.is(result?.error?.kind, 'Refused');
});

const resolverFault = test.macro({
  exec: async (t, lookup: (name: string) => Promise<readonly string[]>) => {
    const socket = new TcpSocket({ resolver: { lookup } });
    const result = await settles(t, socket.connect('broken.test', 80, 1000), 'connect settles');
    t.is(result?.status, SocketStatus.Error);
    t.is(result?.error?.kind, 'Resolve');
    t.false(socket.isConnected());
  },
  title: (label) => `a resolver that ${label ?? ''} gives an Error of kind Resolve`,
});
test('rejects with a plain Error', resolverFault, () => Promise.reject(new Error('boom')));
test('throws synchronously', resolverFault, () => {
  throw new Error('sync boom');
});
test('answers only non-addresses', resolverFault, async () => ['not-an-ip', '', '999.1.1.1', 'fe80::1%eth0']);
test('rejects with a non-Error value', resolverFault, () => Promise.reject(Symbol('weird')));

test('connect with a timeout settles Timeout when the resolver never answers (blocking)', async (t) => {
  const socket = new TcpSocket({ resolver: hungResolver });
  const result = await settles(t, socket.connect('hung.test', 80, 200), 'connect settles', 3000);
  t.is(result?.status, SocketStatus.Error);
  t.is(result?.error?.kind, 'Timeout');
  t.is(result?.error?.code, 'ETIMEDOUT');
});

test('connect with a timeout settles Timeout when the resolver never answers (non-blocking)', async (t) => {
  const socket = new TcpSocket({ resolver: hungResolver });
  socket.setBlocking(false);
  let result = await socket.connect('hung.test', 80, 200);
  for (let i = 0; i < 200 && result.status === SocketStatus.NotReady; i++) {
    await sleep(10);
    result = await socket.connect('hung.test', 80, 200);
  }
  t.is(result.status, SocketStatus.Error);
  t.is(result.error?.kind, 'Timeout');
});

test('a resolver that answers after the deadline does not connect the socket later', async (t) => {
  const listener = await listening(t);
  let answer: ((addresses: readonly string[]) => void) | undefined;
  const socket = new TcpSocket({ resolver: { lookup: () => new Promise((resolve) => (answer = resolve)) } });
  t.teardown(() => socket.disconnect());
  const result = await socket.connect('late.test', listener.getLocalPort(), 100);
  t.is(result.error?.kind, 'Timeout');
  answer?.(['127.0.0.1']);
  await sleep(100);
  t.false(socket.isConnected());
  listener.setBlocking(false);
  t.is((await listener.accept(new TcpSocket())).status, SocketStatus.NotReady, 'no connection was opened');
});

// BUG (src/tcp/TcpSocket.ts, not ours to edit): a blocking connect without a timeout waits on the
// resolver; disconnect() bumps the generation but #connectNow is still awaiting openConnection, so
// the promise never settles. disconnect() should settle a pending connect (e.g. Disconnected).
test('disconnect() settles a blocking connect stuck in a resolver that never answers', async (t) => {
  const socket = new TcpSocket({ resolver: hungResolver });
  const connecting = socket.connect('hung.test', 80);
  await sleep(20);
  socket.disconnect();
  const result = await settles(t, connecting, 'connect settles after disconnect', 1000);
  t.is(result?.status, SocketStatus.Disconnected);
});

test('a checkAccept that throws a plain Error refuses the client, logs it, and the listener keeps serving', async (t) => {
  class Buggy extends SecurityManager {
    calls = 0;
    override checkAccept(): void {
      if (this.calls++ === 0) throw new Error('bug in the policy');
    }
  }
  const warnings: string[] = [];
  const logger: Logger = { debug: () => undefined, warn: (message) => warnings.push(message) };
  const securityManager = new Buggy();
  const listener = await listening(t, '127.0.0.1', { securityManager, logger });
  const refused = await rawClient(t, listener.getLocalPort());
  await settles(t, new Promise((resolve) => refused.once('end', resolve)), 'the first client is closed');
  t.true(warnings.some((w) => /checkAccept threw/.test(w)));
  const { server } = await acceptRaw(t, listener);
  t.true(server.isConnected(), 'the next client is accepted');
});

// BUG (src/platform/node/NodeStreamTransport.ts, StreamServer.close): it resolves in node:net's
// server.close() callback, which Node only calls once every accepted connection has ended. So
// `await listener.close()` hangs while any accepted client stays connected, although
// TcpListener.close documents that accepted connections are not affected and that the Promise
// settles when the port is released (the listening handle is closed at once; resolving on the
// next turn, e.g. `server.close(); setImmediate(done)`, would keep that promise).
test('listener.close() releases the port at once while an accepted connection is still open', async (t) => {
  const listener = await listening(t);
  const { server } = await acceptRaw(t, listener);
  t.true(server.isConnected());
  const port = listener.getLocalPort();
  listener.close();
  t.true(listener.isClosed());
  const again = new TcpListener();
  t.teardown(() => again.close());
  t.is((await again.listen(port, IpAddress.LocalHost)).status, SocketStatus.Done, 'the same port at once');
  t.true(server.isConnected());
});
