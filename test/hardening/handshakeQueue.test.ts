/**
 * `handshakeQueueSize`: connections a TLS or WebSocket listener holds while their handshake is in
 * progress (before `accept` can see them) are bounded; more are closed as they arrive, and the
 * count comes back down as handshakes end, whether they completed, failed or were abandoned.
 */
import net from 'node:net';
import test, { type ExecutionContext } from 'ava';
import { IpAddress } from '../../src/address/IpAddress.js';
import { SocketStatus } from '../../src/core/SocketStatus.js';
import { Packet } from '../../src/packet/Packet.js';
import { NodeTlsTransport } from '../../src/platform/node/NodeTlsTransport.js';
import { NodeWebSocketTransport } from '../../src/platform/node/NodeWebSocketTransport.js';
import { DEFAULT_LIMITS } from '../../src/services/SocketLimits.js';
import type { StreamTransport } from '../../src/transport/StreamTransport.js';
import { TcpListener } from '../../src/tcp/TcpListener.js';
import { TcpSocket } from '../../src/tcp/TcpSocket.js';
import { suitePki } from '../helpers/certificates.js';

const { it, ready } = suitePki();

/** A raw TCP connection that sends nothing (a stalled handshake), with how it ended. */
interface Stalled {
  readonly socket: net.Socket;
  /** Whether the server has closed it. */
  readonly closed: () => boolean;
  /** Resolves once the server closed it. */
  readonly ended: Promise<void>;
}

/** Opens a TCP connection to `port` that never starts its handshake; destroyed at teardown. */
async function stall(t: ExecutionContext, port: number): Promise<Stalled> {
  const socket = net.connect(port, '127.0.0.1');
  t.teardown(() => socket.destroy());
  socket.on('error', () => undefined);
  socket.resume();
  let closed = false;
  const ended = new Promise<void>((resolve) => socket.once('close', () => resolve(void (closed = true))));
  await new Promise<void>((resolve, reject) => {
    socket.once('connect', resolve);
    socket.once('close', () => reject(new Error('closed before connecting')));
  });
  return { socket, closed: () => closed, ended };
}

/** A listener over `transport` with a handshake queue of 2, accepting (and keeping) everything in the background. */
async function listener(t: ExecutionContext, transport: StreamTransport): Promise<{ port: number; accepted: TcpSocket[] }> {
  const server = new TcpListener({ streamTransport: transport, limits: { handshakeQueueSize: 2 } });
  t.is((await server.listen(0, IpAddress.LocalHost)).status, SocketStatus.Done);
  const accepted: TcpSocket[] = [];
  t.teardown(async () => {
    for (const socket of accepted) socket.disconnect();
    await server.close();
  });
  void (async () => {
    for (;;) {
      const socket = new TcpSocket();
      if ((await server.accept(socket)).status !== SocketStatus.Done) return;
      accepted.push(socket);
    }
  })();
  return { port: server.getLocalPort(), accepted };
}

/**
 * Two stalled connections fill the queue: a third is closed at once (long before any handshake
 * time-out) while the two stay open.
 */
async function fillsAtTwo(t: ExecutionContext, port: number): Promise<[Stalled, Stalled]> {
  const first = await stall(t, port);
  const second = await stall(t, port);
  // The server takes connections in the order they were made: the third is counted after these two.
  const third = await stall(t, port);
  await third.ended;
  await new Promise((resolve) => setTimeout(resolve, 100));
  t.false(first.closed() || second.closed(), 'the two within the bound stay open');
  return [first, second];
}

/** Connects `client` (retrying while the server has not yet seen the stalled connections close) and echoes a packet through. */
async function connectsAndTalks(t: ExecutionContext, port: number, makeClient: () => TcpSocket, accepted: TcpSocket[]): Promise<void> {
  const deadline = Date.now() + 10_000;
  for (;;) {
    const client = makeClient();
    t.teardown(() => client.disconnect());
    const result = await client.connect(IpAddress.LocalHost, port, 5000);
    if (result.status === SocketStatus.Done) {
      t.is((await client.send(new Packet().writeString('through'))).status, SocketStatus.Done);
      while (accepted.length === 0) await new Promise((resolve) => setTimeout(resolve, 5));
      const server = accepted.shift() as TcpSocket;
      const packet = new Packet();
      t.is((await server.receive(packet)).status, SocketStatus.Done);
      t.is(packet.readString(), 'through');
      server.disconnect();
      client.disconnect();
      return;
    }
    if (Date.now() > deadline) return t.fail(`no connection got through: ${result.status} ${String(result.error)}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

/** The whole check on one listener: bounded, freed by closes, and still exactly 2 after many handshakes. */
async function bounded(t: ExecutionContext, port: number, makeClient: () => TcpSocket, accepted: TcpSocket[], failHandshake: (port: number) => Promise<void>): Promise<void> {
  const [first, second] = await fillsAtTwo(t, port);
  first.socket.destroy();
  second.socket.destroy();
  await connectsAndTalks(t, port, makeClient, accepted);
  // Completed and failed handshakes, one after another, must each leave the count as it was.
  for (let i = 0; i < 5; i++) {
    await connectsAndTalks(t, port, makeClient, accepted);
    await failHandshake(port);
  }
  await new Promise((resolve) => setTimeout(resolve, 200));
  const again = await fillsAtTwo(t, port);
  for (const stalled of again) stalled.socket.destroy();
}

/** Writes bytes that are no handshake at all and waits for the server to close the connection. */
async function garbage(port: number, bytes: string): Promise<void> {
  const socket = net.connect(port, '127.0.0.1');
  socket.on('error', () => undefined);
  socket.resume();
  socket.on('connect', () => socket.write(bytes));
  await new Promise((resolve) => socket.once('close', resolve));
}

test('the default handshake queue is 1024', (t) => {
  t.is(DEFAULT_LIMITS.handshakeQueueSize, 1024);
  t.throws(() => new TcpListener({ limits: { handshakeQueueSize: 0 } }), { instanceOf: RangeError });
});

it('TLS: at most handshakeQueueSize connections are in their handshake; more are closed as they arrive', async (t) => {
  t.timeout(60_000);
  const server = new NodeTlsTransport({ server: { certChain: ready().serverCert, key: ready().serverKey, handshakeTimeoutMs: 30_000 } });
  const { port, accepted } = await listener(t, server);
  const makeClient = (): TcpSocket => new TcpSocket({ streamTransport: new NodeTlsTransport({ client: { ca: ready().ca, serverName: 'localhost' } }) });
  await bounded(t, port, makeClient, accepted, (at) => garbage(at, 'GET / HTTP/1.1\r\n\r\n'));
});

test('WebSocket: at most handshakeQueueSize connections wait for their upgrade; more are closed as they arrive', async (t) => {
  t.timeout(60_000);
  const { port, accepted } = await listener(t, new NodeWebSocketTransport({ handshakeTimeoutMs: 30_000 }));
  const makeClient = (): TcpSocket => new TcpSocket({ streamTransport: new NodeWebSocketTransport() });
  // A plain HTTP request is answered 426 and closed; an upgrade to another path 404.
  let turn = 0;
  const refused = (at: number): Promise<void> =>
    garbage(at, turn++ % 2 === 0 ? 'GET / HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n' : 'GET /other HTTP/1.1\r\nHost: x\r\nConnection: Upgrade\r\nUpgrade: websocket\r\n\r\n');
  await bounded(t, port, makeClient, accepted, refused);
});
