import test, { type ExecutionContext } from 'ava';
import { WebSocket } from 'ws';
import { SocketStatus } from '../../src/core/SocketStatus.js';
import { Packet } from '../../src/packet/Packet.js';
import { TcpSocket } from '../../src/tcp/TcpSocket.js';
import { wsListener } from './wsFixtures.js';

/**
 * The heartbeat over WebSocket uses the protocol's own ping frame: any conforming client (a
 * browser, or here the `ws` package with no code of ours) answers it by itself, so a server finds
 * a vanished browser player without the client sending anything.
 */

/** A plain `ws` client (no SDK) connected to `port`; closed in teardown. */
async function plainClient(t: ExecutionContext, port: number): Promise<WebSocket> {
  const client = new WebSocket(`ws://127.0.0.1:${port}/`);
  t.teardown(() => client.terminate());
  await new Promise<void>((open, fail) => {
    client.once('open', open);
    client.once('error', fail);
  });
  return client;
}

/** A plain `ws` client, and the server's socket for it with the heartbeat on (100 ms pings, 200 ms more to answer). */
async function beatingPair(t: ExecutionContext): Promise<{ client: WebSocket; server: TcpSocket }> {
  const listener = await wsListener(t);
  const client = await plainClient(t, listener.getLocalPort());
  const server = new TcpSocket();
  t.teardown(() => server.disconnect());
  server.setHeartbeat(100, 200);
  t.is((await listener.accept(server)).status, SocketStatus.Done);
  return { client, server };
}

test('a silent but live WebSocket client answers the pings: the server keeps it past the deadline', async (t) => {
  const { client, server } = await beatingPair(t);
  let pings = 0;
  client.on('ping', () => pings++);
  await new Promise((later) => setTimeout(later, 800)); // well past 100 + 200 ms of silence
  t.true(pings >= 2, `${pings} ping frames`);
  server.setBlocking(false);
  t.is((await server.receive(new Packet())).status, SocketStatus.NotReady, 'still connected');
  client.send(Uint8Array.of(0, 0, 0, 0, 7), { binary: true });
  server.setBlocking(true);
  server.setSoTimeout(2000);
  const packet = new Packet();
  t.is((await server.receive(packet)).status, SocketStatus.Done);
});

test('a WebSocket client that stops reading (no pong) is reported Disconnected with a Timeout', async (t) => {
  const { client, server } = await beatingPair(t);
  // The client's process freezes: its socket is read no more, so pings stay unanswered.
  (client as unknown as { _socket: { pause(): void } })._socket.pause();
  const started = Date.now();
  const { status, error } = await server.receive(new Packet());
  t.is(status, SocketStatus.Disconnected);
  t.is(error?.kind, 'Timeout');
  t.true(Date.now() - started >= 250, 'not before the deadline');
});
