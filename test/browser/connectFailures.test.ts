/**
 * BrowserSocket's connect failures in Node, with `ws`'s WebSocket or a stand-in for the browser's
 * (Chromium itself is in chromium.test.ts): what the constructor throws, and the probe.
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import test from 'ava';
import { WebSocket } from 'ws';
import { BrowserSocket } from '../../src/browser/BrowserSocket.js';
import type { WebSocketConstructor } from '../../src/browser/WebSocketLike.js';
import { SocketStatus } from '../../src/core/SocketStatus.js';

/** A WebSocket constructor that throws the DOMException a browser throws (`name`). */
function throwing(name: string): WebSocketConstructor {
  return class {
    constructor() {
      throw new DOMException('refused by the browser', name);
    }
  } as unknown as WebSocketConstructor;
}

test('a SecurityError from the constructor (the browser forbids the URL) is Error Security, blocking and non-blocking', async (t) => {
  const blocking = await new BrowserSocket({ WebSocket: throwing('SecurityError') }).connect('ws://127.0.0.1:1/');
  t.is(blocking.status, SocketStatus.Error);
  t.is(blocking.error?.kind, 'Security');
  const socket = new BrowserSocket({ WebSocket: throwing('SecurityError') });
  socket.setBlocking(false);
  t.is((await socket.connect('ws://127.0.0.1:1/')).status, SocketStatus.NotReady);
  const later = await socket.connect('ws://127.0.0.1:1/');
  t.is(later.error?.kind, 'Security');
});

test('a SyntaxError from the constructor (an unparsable URL) is a misuse: connect rejects with a TypeError', async (t) => {
  await t.throwsAsync(new BrowserSocket({ WebSocket: throwing('SyntaxError') }).connect('ws://127.0.0.1:1/'), { instanceOf: TypeError });
});

test('an HTTP server that refuses the upgrade is Security (the probe finds it); with probe: false, Refused', async (t) => {
  const server = createServer((_request, response) => response.end('a page'));
  server.on('upgrade', (_request, socket) => socket.end('HTTP/1.1 403 Forbidden\r\nConnection: close\r\nContent-Length: 0\r\n\r\n'));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  t.teardown(() => server.close());
  const url = `ws://127.0.0.1:${(server.address() as AddressInfo).port}/game`;
  const ws = WebSocket as unknown as WebSocketConstructor;
  const probed = await new BrowserSocket({ WebSocket: ws }).connect(url, 5000);
  t.is(probed.error?.kind, 'Security');
  t.regex(probed.error?.message ?? '', /refused the WebSocket upgrade/);
  const unprobed = await new BrowserSocket({ WebSocket: ws, probe: false }).connect(url, 5000);
  t.is(unprobed.error?.kind, 'Refused');
});
