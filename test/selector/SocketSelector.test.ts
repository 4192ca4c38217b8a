import 'reflect-metadata';
import test from 'ava';
import type { ExecutionContext } from 'ava';
import { IpAddress } from '../../src/address/IpAddress.js';
import type { Socket } from '../../src/socket/Socket.js';
import { SocketStatus } from '../../src/core/SocketStatus.js';
import { createContainer } from '../../src/di/createContainer.js';
import { Packet } from '../../src/packet/Packet.js';
import { SocketSelector } from '../../src/selector/SocketSelector.js';
import type { Clock } from '../../src/services/Clock.js';
import { Tokens } from '../../src/di/Tokens.js';
import { TcpSocket } from '../../src/tcp/TcpSocket.js';
import { HOSTS, connectedPair, listening, pairOn, receiveText, sendText, settle, sleep } from '../helpers/loopback.js';

/** A selector watching `members`, disposed at teardown. */
function watching(t: ExecutionContext, members: Socket[], selector = new SocketSelector()): SocketSelector {
  t.teardown(() => selector[Symbol.dispose]());
  for (const member of members) selector.add(member);
  return selector;
}

/** A wait whose settling can be observed without awaiting it. */
function observe(wait: Promise<boolean>): { readonly result: Promise<boolean>; settled: () => boolean } {
  let settled = false;
  const result = wait.then((ready) => ((settled = true), ready));
  return { result, settled: () => settled };
}

const listenerReady = test.macro({
  async exec(t, host: string) {
    const listener = await listening(t, host);
    const selector = watching(t, [listener]);
    const client = new TcpSocket();
    t.teardown(() => client.disconnect());
    const connecting = client.connect(IpAddress.parse(host), listener.getLocalPort());
    t.true(await selector.wait(5000));
    t.true(selector.isReady(listener));
    t.is((await connecting).status, SocketStatus.Done);
    const accepted = new TcpSocket();
    t.teardown(() => accepted.disconnect());
    t.is((await listener.accept(accepted)).status, SocketStatus.Done);
    t.false(await selector.wait(20), 'the listener falls back once its only client is taken');
  },
  title: (_, host: string) => `a listener on ${host} is ready while a client is pending`,
});

const socketReady = test.macro({
  async exec(t, host: string) {
    const { client, server } = await connectedPair(t, host);
    const selector = watching(t, [server]);
    await sendText(t, client, 'ping');
    t.true(await selector.wait(5000));
    t.true(selector.isReady(server));
    t.true(await selector.wait(20), 'level-triggered: still ready until received');
    t.is(await receiveText(t, server), 'ping');
    t.false(await selector.wait(20), 'drained');
    t.false(selector.isReady(server));
  },
  title: (_, host: string) => `a socket on ${host} is ready when a packet arrives`,
});

const peerDisconnectReady = test.macro({
  async exec(t, host: string) {
    const { client, server } = await connectedPair(t, host);
    const selector = watching(t, [server]);
    client.disconnect();
    t.true(await selector.wait(5000));
    t.true(selector.isReady(server));
    t.is((await server.receive(new Packet())).status, SocketStatus.Disconnected);
    t.true(await selector.wait(20), 'a disconnected peer stays reported until removed');
    selector.remove(server);
    t.false(await selector.wait(20));
  },
  title: (_, host: string) => `a socket on ${host} is ready when its peer disconnects`,
});

for (const host of HOSTS) {
  test(listenerReady, host);
  test(socketReady, host);
  test(peerDisconnectReady, host);
}

test('isReady is false for members that are not ready and for sockets not in the selector', async (t) => {
  const listener = await listening(t, '127.0.0.1');
  const busy = await pairOn(t, listener, '127.0.0.1');
  const idle = await pairOn(t, listener, '127.0.0.1');
  const selector = watching(t, [listener, busy.server, idle.server]);
  t.false(selector.isReady(busy.server), 'before any wait');
  await sendText(t, busy.client, 'data');
  await sendText(t, idle.server, 'to the client, which is not a member');
  t.true(await selector.wait(5000));
  t.true(selector.isReady(busy.server));
  t.false(selector.isReady(idle.server));
  t.false(selector.isReady(listener));
  t.false(selector.isReady(busy.client));
  t.false(selector.isReady(idle.client));
});

test('wait(timeout) resolves false once the timeout has elapsed, not before', async (t) => {
  const { listener, server } = await connectedPair(t);
  const selector = watching(t, [listener, server]);
  const start = performance.now();
  t.false(await selector.wait(150));
  const elapsed = performance.now() - start;
  t.true(elapsed >= 149, `returned after ${elapsed} ms`);
  t.true(elapsed < 150 + 1000, `returned after ${elapsed} ms`);
  t.false(selector.isReady(server));
});

test('wait() without a timeout resolves when data arrives later', async (t) => {
  const { client, server } = await connectedPair(t);
  const selector = watching(t, [server]);
  const waiting = observe(selector.wait());
  await settle();
  t.false(waiting.settled(), 'nothing to report yet');
  await sendText(t, client, 'later');
  t.true(await waiting.result);
  t.true(selector.isReady(server));
});

test('a socket removed during a wait no longer wakes it; the others still do', async (t) => {
  const listener = await listening(t, '127.0.0.1');
  const a = await pairOn(t, listener, '127.0.0.1');
  const b = await pairOn(t, listener, '127.0.0.1');
  const selector = watching(t, [a.server, b.server]);
  const witness = watching(t, [a.server]);
  const waiting = observe(selector.wait(10_000));
  selector.remove(a.server);
  await sendText(t, a.client, 'ignored');
  t.true(await witness.wait(5000), 'the data reached the removed socket');
  await settle();
  t.false(waiting.settled(), 'the removed socket did not end the wait');
  await sendText(t, b.client, 'seen');
  t.true(await waiting.result);
  t.false(selector.isReady(a.server));
  t.true(selector.isReady(b.server));
});

test('adding a ready socket during a wait ends it', async (t) => {
  const { client, server } = await connectedPair(t);
  const witness = watching(t, [server]);
  await sendText(t, client, 'ready');
  t.true(await witness.wait(5000));
  const selector = watching(t, []);
  const waiting = selector.wait(10_000);
  selector.add(server);
  t.true(await waiting);
  t.true(selector.isReady(server));
});

test('clear removes every socket and what the last wait reported', async (t) => {
  const { listener, client, server } = await connectedPair(t);
  const selector = watching(t, [listener, server]);
  await sendText(t, client, 'x');
  t.true(await selector.wait(5000));
  t.true(selector.isReady(server));
  selector.clear();
  t.false(selector.isReady(server));
  t.false(await selector.wait(20), 'nothing left to watch');
  selector.add(server);
  t.true(await selector.wait(5000), 'the socket can be added again');
});

test('sockets closed here are not ready, can be removed, and let a wait time out', async (t) => {
  const { listener, client, server } = await connectedPair(t);
  const selector = watching(t, [listener, server]);
  await sendText(t, client, 'never read');
  t.true(await selector.wait(5000));
  server.disconnect();
  await listener.close();
  t.false(await selector.wait(50), 'closed and idle members time out normally');
  t.false(selector.isReady(server));
  selector.remove(server);
  selector.remove(listener);
  t.false(await selector.wait(20));
});

test('a socket closed during a wait does not end it', async (t) => {
  const { server } = await connectedPair(t);
  const selector = watching(t, [server]);
  const waiting = selector.wait(100);
  server.disconnect();
  t.false(await waiting);
});

test('a second wait while one is pending throws; misuse throws', async (t) => {
  const { server } = await connectedPair(t);
  const selector = watching(t, [server]);
  const waiting = selector.wait(50);
  await t.throwsAsync(() => selector.wait(), { instanceOf: TypeError, message: /already pending/ });
  t.false(await waiting);
  t.false(await selector.wait(10), 'a new wait works once the first ended');
  await t.throwsAsync(() => selector.wait(-1), { instanceOf: RangeError });
  await t.throwsAsync(() => selector.wait(2 ** 31), { instanceOf: RangeError });
  t.throws(() => selector.add({} as TcpSocket), { instanceOf: TypeError, message: /SocketSelector\.add/ });
  t.throws(() => selector.isReady(null as unknown as TcpSocket), { instanceOf: TypeError });
});

// Serial: process.cpuUsage() counts every thread of the process, so other tests of this file running
// at the same time would be counted as this wait's CPU time.
test.serial('an idle wait(1000) sleeps: under 100 ms of CPU time', async (t) => {
  const { listener, server } = await connectedPair(t);
  const selector = watching(t, [listener, server]);
  const before = process.cpuUsage();
  t.false(await selector.wait(1000));
  const used = process.cpuUsage(before);
  const cpuMs = (used.user + used.system) / 1000;
  t.true(cpuMs < 100, `used ${cpuMs} ms of CPU`);
});

/** A clock whose timers fire only when told. */
class ManualClock implements Clock {
  readonly timers: Array<{ readonly fire: () => void; readonly delayMs: number; active: boolean }> = [];
  now(): number {
    return 0;
  }
  schedule(callback: () => void, delayMs: number): () => void {
    const timer = { fire: callback, delayMs, active: true };
    this.timers.push(timer);
    return () => (timer.active = false);
  }
}

test('a wait uses one timer of the injected clock, and none when a socket is already ready', async (t) => {
  const clock = new ManualClock();
  const { client, server } = await connectedPair(t);
  const selector = watching(t, [server], new SocketSelector({ clock }));
  const idle = selector.wait(5000);
  t.deepEqual(clock.timers.map((timer) => timer.delayMs), [5000]);
  clock.timers[0]?.fire();
  t.false(await idle);
  const woken = selector.wait(5000);
  await sendText(t, client, 'wake');
  t.true(await woken);
  t.false(clock.timers[1]?.active, 'the timer is cancelled when a socket wakes the wait');
  t.true(await selector.wait(5000));
  t.is(clock.timers.length, 2, 'no timer when something is ready already');
});

test('disposing the selector clears it and ends a pending wait with false', async (t) => {
  const { server } = await connectedPair(t);
  const selector = new SocketSelector();
  selector.add(server);
  const waiting = selector.wait();
  selector[Symbol.dispose]();
  t.false(await waiting);
  t.false(selector.isReady(server));
});

test('a wake queued for a wait that ended meanwhile neither ends the next wait early nor keeps it from waking', async (t) => {
  const { client, server } = await connectedPair(t);
  const selector = watching(t, [server]);
  await sendText(t, client, 'x');
  await sleep(50);
  const first = selector.wait(); // a member is ready: its wake is queued as a microtask
  selector[Symbol.dispose](); // the wait ends (false) before that microtask runs
  const second = observe(selector.wait(100)); // no members
  t.false(await first);
  await settle();
  t.false(second.settled(), 'the stale wake did not end the next wait');
  t.false(await second.result, 'which timed out');
  selector.add(server);
  const third = selector.wait(); // a wake queued again
  selector[Symbol.dispose]();
  selector.add(server);
  const fourth = selector.wait(); // its own wake is queued behind the stale one
  t.false(await third);
  t.true(await fourth, 'the member still ready is reported');
  t.deepEqual(selector.readySockets(), [server]);
});

test('the container makes a new selector per request', (t) => {
  const container = createContainer();
  const first = container.get<SocketSelector>(Tokens.SocketSelector);
  t.true(first instanceof SocketSelector);
  t.not(container.get<SocketSelector>(SocketSelector), first);
});

test('readySockets lists what the last wait reported, and nothing while a wait is pending', async (t) => {
  const listener = await listening(t);
  const pairs = await Promise.all([pairOn(t, listener), pairOn(t, listener), pairOn(t, listener)]);
  const servers = pairs.map(({ server }) => server);
  const selector = watching(t, servers);
  await sendText(t, (pairs[1] as { client: TcpSocket }).client, 'one');
  await sendText(t, (pairs[2] as { client: TcpSocket }).client, 'two');
  await sleep(50);
  t.true(await selector.wait(5000));
  t.deepEqual(new Set(selector.readySockets()), new Set([servers[1], servers[2]]));
  t.deepEqual(servers.map((server) => selector.isReady(server)), [false, true, true]);
  const pending = selector.wait(50);
  t.deepEqual(selector.readySockets(), []);
  t.true(await pending, 'level-triggered: what was not taken is reported again');
  await receiveText(t, servers[1] as TcpSocket);
  t.true(await selector.wait(5000));
  t.deepEqual(selector.readySockets(), [servers[2]]);
});

test('a socket in two selectors wakes both; removed from one, it still wakes the other', async (t) => {
  const { client, server } = await connectedPair(t);
  const first = watching(t, [server]);
  const second = watching(t, [server]);
  const both = Promise.all([first.wait(5000), second.wait(5000)]);
  await sendText(t, client, 'hi');
  t.deepEqual(await both, [true, true]);
  await receiveText(t, server);
  first.remove(server);
  const [fromFirst, fromSecond] = [observe(first.wait(100)), second.wait(5000)];
  await sendText(t, client, 'again');
  t.true(await fromSecond);
  t.false(await fromFirst.result, 'the selector it was removed from times out');
  t.deepEqual(second.readySockets(), [server]);
});

test('among 300 idle members, the one that becomes ready is the one reported', async (t) => {
  const listener = await listening(t);
  const pairs = [];
  for (let i = 0; i < 150; i++) pairs.push(await pairOn(t, listener));
  const members = pairs.flatMap(({ client, server }) => [client, server]);
  const selector = watching(t, members);
  t.false(await selector.wait(20));
  const chosen = pairs[97] as { client: TcpSocket; server: TcpSocket };
  const woken = selector.wait(5000);
  await sendText(t, chosen.client, 'you');
  t.true(await woken);
  t.deepEqual(selector.readySockets(), [chosen.server]);
});
