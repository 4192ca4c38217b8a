import net from 'node:net';
import test, { type ExecutionContext } from 'ava';
import { IpAddress } from '../../src/address/IpAddress.js';
import { SocketStatus } from '../../src/core/SocketStatus.js';
import { Packet } from '../../src/packet/Packet.js';
import { NodeWebSocketTransport } from '../../src/platform/node/NodeWebSocketTransport.js';
import { PolicySecurityManager } from '../../src/security/PolicySecurityManager.js';
import type { SocketOptions } from '../../src/socket/SocketContext.js';
import { TcpListener } from '../../src/tcp/TcpListener.js';
import { TcpSocket } from '../../src/tcp/TcpSocket.js';
import { Chromium, type ChromiumPage, hasChromium } from './chromium.js';
import { hex, readEveryType, writeEveryType } from './page/everyType.js';
import { pageHtml, pageServer } from './pageServer.js';

// A real browser against SDK servers over loopback. Chromium is Debian's package (.ci/run installs
// it): missing, this fails in CI and is skipped locally.
const it = hasChromium || process.env.CI === 'true' ? test.serial : test.skip;

let browser: Chromium | undefined;
test.after.always(() => browser?.close());

/** The page, loaded from a server that also takes WebSocket clients at /game (the application's own server). */
async function setUp(t: ExecutionContext, options: SocketOptions = {}): Promise<{ page: ChromiumPage; listener: TcpListener; url: string; origin: string }> {
  const { server, origin } = await pageServer(t, pageHtml('/test/browser/page/harness.js'));
  const listener = new TcpListener({ ...options, streamTransport: new NodeWebSocketTransport({ server, path: '/game' }) });
  t.teardown(() => listener.close());
  t.is((await listener.listen(0, IpAddress.LocalHost)).status, SocketStatus.Done);
  browser ??= Chromium.launch();
  const page = await browser.newPage();
  t.teardown(() => page.send('Page.close').catch(() => undefined));
  await page.goto(`${origin}/`);
  await page.evaluate('new Promise((ready) => { const check = () => (globalThis.sfnetTests ? ready(true) : setTimeout(check, 10)); check(); })');
  return { page, listener, url: `ws://127.0.0.1:${listener.getLocalPort()}/game`, origin };
}

/** Accepts the browser's connection. */
async function accepted(t: ExecutionContext, listener: TcpListener): Promise<TcpSocket> {
  const socket = new TcpSocket();
  t.teardown(() => socket.disconnect());
  t.is((await listener.accept(socket)).status, SocketStatus.Done);
  return socket;
}

it('packets of every type round-trip byte-exact between Chromium and the SDK', async (t) => {
  const { page, listener, url } = await setUp(t);
  const answer = page.evaluate<{ sentHex: string; receivedHex: string; values: unknown[]; status: string }>(`sfnetTests.roundTrip(${JSON.stringify(url)})`);
  const server = await accepted(t, listener);
  const fromBrowser = new Packet();
  t.is((await server.receive(fromBrowser)).status, SocketStatus.Done);
  const expectedFromBrowser = writeEveryType(new Packet(), 1);
  t.is(hex(fromBrowser.getData()), hex(expectedFromBrowser.getData()), 'the browser wrote the bytes Node writes');
  t.deepEqual(readEveryType(fromBrowser), readEveryType(writeEveryType(new Packet(), 1)));
  const toBrowser = writeEveryType(new Packet(), 2);
  t.is((await server.send(toBrowser)).status, SocketStatus.Done);
  const seen = await answer;
  t.is(seen.status, 'Done');
  t.is(seen.sentHex, hex(expectedFromBrowser.getData()));
  t.is(seen.receivedHex, hex(toBrowser.getData()), 'the browser received the bytes Node sent');
  t.deepEqual(seen.values, readEveryType(writeEveryType(new Packet(), 2)), 'and read every value back');
});

it('non-blocking polling in the page: NotReady, then the packet, then Disconnected when the server closes', async (t) => {
  const { page, listener, url } = await setUp(t);
  const answer = page.evaluate<string[]>(`sfnetTests.polling(${JSON.stringify(url)})`);
  const server = await accepted(t, listener);
  const ready = new Packet();
  t.is((await server.receive(ready)).status, SocketStatus.Done);
  t.is(ready.readString(), 'ready');
  await server.send(new Packet().writeString('tick 1'));
  await new Promise((resolve) => setTimeout(resolve, 100));
  server.disconnect();
  t.deepEqual(await answer, ['connect NotReady', 'connect Done', 'receive NotReady', 'packet tick 1', 'receive Disconnected']);
});

it('non-blocking connect and receive polled without pause in the page still reach Done (paced by a 0 ms timer there)', async (t) => {
  const { page, listener, url } = await setUp(t);
  const answer = page.evaluate(`sfnetTests.pollingWithoutPause(${JSON.stringify(url)})`);
  const server = await accepted(t, listener);
  await new Promise((resolve) => setTimeout(resolve, 50));
  t.is((await server.send(new Packet().writeString('tick'))).status, SocketStatus.Done);
  t.deepEqual(await answer, { connect: 'Done', receive: 'Done', text: 'tick', withinLimit: true });
});

it('a client the policy refuses (its Origin is not allowed) sees connect fail with Security, and is never accepted', async (t) => {
  const securityManager = new PolicySecurityManager({ origins: { allow: ['https://elsewhere.example'] } });
  const { page, listener, url } = await setUp(t, { securityManager });
  // The browser reports only a failed connection (1006); the probe finds a server answering there.
  t.deepEqual(await page.evaluate(`sfnetTests.refused(${JSON.stringify(url)})`), { status: 'Error', kind: 'Security' });
  listener.setBlocking(false);
  t.is((await listener.accept(new TcpSocket())).status, SocketStatus.NotReady);
});

it("the page's Origin passes an allow-list naming it", async (t) => {
  const { origin } = await pageServer(t, pageHtml('/test/browser/page/harness.js'));
  const securityManager = new PolicySecurityManager({ origins: { allow: [origin] } });
  const { page, listener, url } = await setUp(t, { securityManager });
  // setUp's page has an origin of its own (another port): load the allowed one's page instead.
  await page.goto(`${origin}/`);
  await page.evaluate('new Promise((ready) => { const check = () => (globalThis.sfnetTests ? ready(true) : setTimeout(check, 10)); check(); })');
  const answer = page.evaluate<{ status: string }>(`sfnetTests.roundTrip(${JSON.stringify(url)})`);
  const accepted2 = await accepted(t, listener);
  t.is((await accepted2.receive(new Packet())).status, SocketStatus.Done);
  await accepted2.send(writeEveryType(new Packet(), 2));
  t.is((await answer).status, 'Done');
});

it("a message above the server's limit: the server drops the browser (1009) and the page sees Error TooLarge, then Disconnected", async (t) => {
  const { page, listener, url } = await setUp(t, { limits: { maxPacketSize: 1024 } });
  const answer = page.evaluate(`sfnetTests.overLimit(${JSON.stringify(url)}, 4096)`);
  const server = await accepted(t, listener);
  const result = await server.receive(new Packet());
  t.is(result.status, SocketStatus.Error);
  t.is(result.error?.kind, 'TooLarge');
  t.deepEqual(await answer, { status: 'Error', kind: 'TooLarge', after: 'Disconnected' });
});

it('connect failures the browser lets us tell apart: nothing listening (Refused), no answer (Timeout), an unparsable URL (TypeError); a blocked port looks refused', async (t) => {
  const { page } = await setUp(t);
  // A port that was just free: nothing listens there.
  const gone = net.createServer();
  await new Promise<void>((resolve) => gone.listen(0, '127.0.0.1', resolve));
  const freePort = (gone.address() as net.AddressInfo).port;
  await new Promise((resolve) => gone.close(resolve));
  const outcome = (url: string, timeoutMs: number): Promise<unknown> => page.evaluate(`sfnetTests.connectOutcome(${JSON.stringify(url)}, ${timeoutMs})`);
  t.deepEqual(await outcome(`ws://127.0.0.1:${freePort}/game`, 5000), { status: 'Error', kind: 'Refused' });
  // A server that takes the connection and never answers the upgrade (nor the probe).
  const silent = net.createServer((socket) => socket.on('error', () => undefined));
  const held: net.Socket[] = [];
  silent.on('connection', (socket) => held.push(socket));
  await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
  t.teardown(() => {
    for (const socket of held) socket.destroy();
    silent.close();
  });
  const started = Date.now();
  t.deepEqual(await outcome(`ws://127.0.0.1:${(silent.address() as net.AddressInfo).port}/game`, 700), { status: 'Error', kind: 'Timeout' });
  t.true(Date.now() - started < 5000, 'within the time-out');
  // 6000 (X11) is on the browsers' list of blocked ports: Chromium fails it as it fails a refused
  // connection (and blocks the probe too), so it is reported as one.
  t.deepEqual(await outcome('ws://127.0.0.1:6000/game', 5000), { status: 'Error', kind: 'Refused' });
  // A fragment is not allowed in a WebSocket URL: a misuse, rejected as a TypeError.
  t.deepEqual(await outcome(`ws://127.0.0.1:${freePort}/game#here`, 5000), { threw: 'TypeError' });
});
