import test from 'ava';
import { WebSocket } from 'ws';
import { IpAddress, Packet, SocketStatus, TcpSocket } from '../../src/index.js';
import { browserRoundTrip, limitedListener, ownServer } from '../../docs/examples/browser/browserGuide.js';

// Node 20 has no global WebSocket: ws's stands in for the browser's (test/browser/ uses Chromium's).
(globalThis as { WebSocket?: unknown }).WebSocket ??= WebSocket;

test('the browser guide: a browser client and the SDK server exchange packets, then the close is seen', async (t) => {
  t.deepEqual(await browserRoundTrip(), { reply: 'welcome, browser', end: SocketStatus.Disconnected });
});

test("the browser guide: the listener takes players on the application's own HTTP server", async (t) => {
  t.true((await ownServer()) > 0);
});

test("the browser guide: the listener's limits bound what ws accepts (a 100 KiB message over 64 KiB is TooLarge)", async (t) => {
  const listener = limitedListener();
  t.teardown(() => listener.close());
  t.is((await listener.listen(0, IpAddress.LocalHost)).status, SocketStatus.Done);
  const ws = new WebSocket(`ws://127.0.0.1:${listener.getLocalPort()}/`);
  t.teardown(() => ws.terminate());
  ws.on('error', () => undefined);
  await new Promise((resolve) => ws.once('open', resolve));
  const player = new TcpSocket();
  t.teardown(() => player.disconnect());
  t.is((await listener.accept(player)).status, SocketStatus.Done);
  ws.send(new Uint8Array(100 * 1024));
  const result = await player.receive(new Packet());
  t.is(result.status, SocketStatus.Error);
  t.is(result.error?.kind, 'TooLarge');
});
