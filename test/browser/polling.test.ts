/**
 * BrowserSocket polled in non-blocking mode with nothing else awaited, in Node with `ws`'s
 * WebSocket (Chromium runs the same loops in chromium.test.ts): the WebSocket's events reach the
 * socket only when the event loop turns, so each loop must still end.
 */
import type { AddressInfo } from 'node:net';
import test from 'ava';
import { WebSocket, WebSocketServer } from 'ws';
import { BrowserSocket } from '../../src/browser/BrowserSocket.js';
import type { WebSocketConstructor } from '../../src/browser/WebSocketLike.js';
import { SocketStatus } from '../../src/core/SocketStatus.js';
import { Packet } from '../../src/packet/Packet.js';

/**
 * How long each loop may poll. The bound is time, not a count of polls: the message comes 50 ms
 * after the connection, and a fast machine polls any fixed count, paced, sooner than that. A loop
 * that never yields still fails: the events cannot arrive while it spins, so it runs to the end.
 */
const POLL_MS = 10_000;

test('connect and receive polled without pause reach Done: the open and the message arrive', async (t) => {
  const server = new WebSocketServer({ host: '127.0.0.1', port: 0 });
  t.teardown(() => server.close());
  await new Promise((resolve) => server.once('listening', resolve));
  server.on('connection', (ws) => setTimeout(() => ws.send(new Packet().writeString('tick').getData()), 50));
  const socket = new BrowserSocket({ WebSocket: WebSocket as unknown as WebSocketConstructor, probe: false });
  t.teardown(() => socket.disconnect());
  socket.setBlocking(false);
  const url = `ws://127.0.0.1:${(server.address() as AddressInfo).port}/`;
  let polls = 0;
  let until = Date.now() + POLL_MS;
  let status = (await socket.connect(url)).status;
  while (status === SocketStatus.NotReady && Date.now() < until) {
    polls++;
    status = (await socket.connect(url)).status;
  }
  t.is(status, SocketStatus.Done, `connect: still NotReady after ${polls} polls in ${POLL_MS} ms`);
  const packet = new Packet();
  polls = 0;
  until = Date.now() + POLL_MS;
  status = (await socket.receive(packet)).status;
  while (status === SocketStatus.NotReady && Date.now() < until) {
    polls++;
    status = (await socket.receive(packet)).status;
  }
  t.is(status, SocketStatus.Done, `receive: still NotReady after ${polls} polls in ${POLL_MS} ms`);
  t.true(polls > 0, 'the message came while the loop polled');
  t.is(packet.readString(), 'tick');
});
