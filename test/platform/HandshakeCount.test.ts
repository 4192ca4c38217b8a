/**
 * HandshakeCount over real loopback sockets: the count comes back down however a connection
 * leaves its handshake, and a connection through it keeps nothing of the count.
 */
import net from 'node:net';
import { PassThrough } from 'node:stream';
import test, { type ExecutionContext } from 'ava';
import { HandshakeCount } from '../../src/platform/node/HandshakeCount.js';
import { DEFAULT_LIMITS } from '../../src/services/SocketLimits.js';

/** A server on 127.0.0.1 port 0 whose accepted sockets arrive in order (all closed at teardown). */
async function server(t: ExecutionContext): Promise<{ port: number; next: () => Promise<net.Socket> }> {
  const waiting: Array<(socket: net.Socket) => void> = [];
  const arrived: net.Socket[] = [];
  const open: net.Socket[] = [];
  const listener = net.createServer((socket) => {
    open.push(socket);
    socket.on('error', () => undefined);
    const take = waiting.shift();
    if (take === undefined) arrived.push(socket);
    else take(socket);
  });
  t.teardown(() => {
    for (const socket of open) socket.destroy();
    listener.close();
  });
  await new Promise<void>((resolve) => listener.listen(0, '127.0.0.1', resolve));
  const { port } = listener.address() as net.AddressInfo;
  const next = (): Promise<net.Socket> => {
    const first = arrived.shift();
    return first !== undefined ? Promise.resolve(first) : new Promise((resolve) => waiting.push(resolve));
  };
  return { port, next };
}

/** A client connection to `port`, destroyed at teardown. */
function client(t: ExecutionContext, port: number): net.Socket {
  const socket = net.connect(port, '127.0.0.1');
  socket.on('error', () => undefined);
  t.teardown(() => socket.destroy());
  return socket;
}

const closed = (socket: NodeJS.EventEmitter): Promise<void> => new Promise((resolve) => socket.once('close', () => resolve()));

test('a connection through its handshake on the socket that arrived leaves the count and keeps no listener of it', async (t) => {
  const { port, next } = await server(t);
  const count = new HandshakeCount(DEFAULT_LIMITS);
  client(t, port);
  const raw = await next();
  const listeners = raw.listenerCount('close');
  count.arrived(raw);
  t.is(count.inHandshake, 1);
  t.is(raw.listenerCount('close'), listeners + 1);
  count.through(raw);
  t.is(count.inHandshake, 0);
  t.is(raw.listenerCount('close'), listeners, 'nothing of the count stays on an idle connection');
  const done = closed(raw);
  raw.destroy();
  await done;
  t.is(count.inHandshake, 0, 'its close is not counted twice');
});

test('a socket over the one that arrived (TLS): the count is right whichever closes first', async (t) => {
  const { port, next } = await server(t);
  const count = new HandshakeCount(DEFAULT_LIMITS);
  for (const wrapperFirst of [true, false]) {
    client(t, port);
    const raw = await next();
    count.arrived(raw);
    const wrapper = new PassThrough();
    count.through(wrapper);
    t.is(count.inHandshake, 0, 'through its handshake');
    const both = Promise.all([closed(raw), closed(wrapper)]);
    // TLS closes both together; in between, the count may be off by one either way.
    if (wrapperFirst) wrapper.destroy();
    else raw.destroy();
    await new Promise((resolve) => setImmediate(resolve));
    if (wrapperFirst) raw.destroy();
    else wrapper.destroy();
    await both;
    t.is(count.inHandshake, 0, wrapperFirst ? 'the wrapper closed first' : 'the TCP socket closed first');
  }
});

test('at the limit, a connection that arrives is closed at once; one that closes in its handshake makes room', async (t) => {
  const { port, next } = await server(t);
  const count = new HandshakeCount({ ...DEFAULT_LIMITS, handshakeQueueSize: 1 });
  client(t, port);
  const first = await next();
  count.arrived(first);
  client(t, port);
  const second = await next();
  const secondClosed = closed(second);
  count.arrived(second);
  await secondClosed;
  t.true(second.destroyed, 'over the limit: destroyed');
  t.is(count.inHandshake, 1);
  const firstClosed = closed(first);
  first.destroy();
  await firstClosed;
  t.is(count.inHandshake, 0, 'an abandoned handshake leaves the count');
  client(t, port);
  const third = await next();
  count.arrived(third);
  t.false(third.destroyed);
  t.is(count.inHandshake, 1);
});
