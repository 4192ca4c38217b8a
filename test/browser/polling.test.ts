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

/** The most polls a loop may take: far more than pacing needs, far fewer than a loop that never yields would run in the test's time. */
const POLLS = 100_000;

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
  let status = (await socket.connect(url)).status;
  while (status === SocketStatus.NotReady && ++polls < POLLS) status = (await socket.connect(url)).status;
  t.is(status, SocketStatus.Done, `connect: still NotReady after ${polls} polls`);
  const packet = new Packet();
  polls = 0;
  status = (await socket.receive(packet)).status;
  while (status === SocketStatus.NotReady && ++polls < POLLS) status = (await socket.receive(packet)).status;
  t.is(status, SocketStatus.Done, `receive: still NotReady after ${polls} polls`);
  t.is(packet.readString(), 'tick');
});
