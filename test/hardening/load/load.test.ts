/**
 * Bounded load: many concurrent connections on one listener, and many connect/disconnect cycles,
 * with no leaked handles and no heap growth. Slow (tens of seconds), so skipped unless
 * `SFNET_LOAD` is set: run them with `npm run test:load`.
 */
import { fork } from 'node:child_process';
import test from 'ava';
import type { ExecutionContext } from 'ava';
import { IpAddress } from '../../../src/address/IpAddress.js';
import { SocketStatus } from '../../../src/core/SocketStatus.js';
import { Packet } from '../../../src/packet/Packet.js';
import type { TcpListener } from '../../../src/tcp/TcpListener.js';
import { TcpSocket } from '../../../src/tcp/TcpSocket.js';
import { listening, sleep } from '../../helpers/loopback.js';
import { HUNG, within } from '../fixtures.js';

const enabled = process.env['SFNET_LOAD'] !== undefined;
const load = enabled ? test.serial : test.serial.skip;

const CONNECTIONS = Number(process.env['SFNET_LOAD_CONNECTIONS'] ?? 10_000);
const CYCLES = 1000;
const MIB = 1024 * 1024;

/** Open TCP handles (sockets and servers) of this process. */
const tcpHandles = (): number => process.getActiveResourcesInfo().filter((name) => name.startsWith('TCP')).length;

/** Heap in use, after a collection when `--expose-gc` is on. */
function heapUsed(): number {
  (globalThis as { gc?: () => void }).gc?.();
  return process.memoryUsage().heapUsed;
}

/** Waits (bounded) until the TCP handle count is back to `baseline`; gives the count reached. */
async function handlesBackTo(baseline: number, ms: number): Promise<number> {
  for (let waited = 0; waited < ms && tcpHandles() > baseline; waited += 20) await sleep(20);
  return tcpHandles();
}

/** Receives one packet and echoes it; whether both went through. */
async function echo(socket: TcpSocket): Promise<boolean> {
  const packet = new Packet();
  if ((await socket.receive(packet)).status !== SocketStatus.Done) return false;
  return (await socket.send(new Packet().writeUint32(packet.readUint32()))).status === SocketStatus.Done;
}

/** Accepts `count` clients in the background, echoing one packet on each. */
function serve(listener: TcpListener, count: number): { servers: TcpSocket[]; exchanges: Array<Promise<boolean>>; accepting: Promise<void> } {
  const servers: TcpSocket[] = [];
  const exchanges: Array<Promise<boolean>> = [];
  const accepting = (async () => {
    while (servers.length < count) {
      const socket = new TcpSocket();
      if ((await listener.accept(socket)).status !== SocketStatus.Done) return;
      servers.push(socket);
      exchanges.push(echo(socket));
    }
  })();
  return { servers, exchanges, accepting };
}

/** The next IPC message from `child` matching `key`, or `HUNG` after `ms`. */
function message<T>(child: ReturnType<typeof fork>, key: string, ms: number): Promise<T | typeof HUNG> {
  return within(
    new Promise<T>((resolve) => {
      const onMessage = (value: unknown): void => {
        if (typeof value === 'object' && value !== null && key in value) {
          child.off('message', onMessage);
          resolve(value as T);
        }
      };
      child.on('message', onMessage);
    }),
    ms,
  );
}

load(`${CONNECTIONS} concurrent connections on one listener: all accepted, all exchange a packet, all closed, no handle left`, async (t: ExecutionContext) => {
  t.timeout(180_000);
  const baseline = tcpHandles();
  const heapBefore = heapUsed();
  const rssBefore = process.memoryUsage().rss;
  const listener = await listening(t);
  const { servers, exchanges, accepting } = serve(listener, CONNECTIONS);
  const started = performance.now();
  const child = fork(new URL('./loadClients.js', import.meta.url), { stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
  t.teardown(() => child.kill());
  child.send({ port: listener.getLocalPort(), count: CONNECTIONS, batch: 500 });
  const report = await message<{ connected: number; echoed: number }>(child, 'connected', 150_000);
  const held = performance.now() - started;
  t.not(report, HUNG, 'the clients reported');
  await within(accepting, 5000);
  const echoed = (await Promise.all(exchanges)).filter(Boolean).length;
  const peakHeap = process.memoryUsage().heapUsed - heapBefore;
  const peakRss = process.memoryUsage().rss - rssBefore;
  t.is(servers.length, CONNECTIONS, 'all accepted');
  t.is(echoed, CONNECTIONS, 'all exchanged a packet (server side)');
  t.deepEqual(report, { connected: CONNECTIONS, echoed: CONNECTIONS }, 'all connected and got their echo (client side)');
  t.is(tcpHandles(), baseline + CONNECTIONS + 1, 'every connection and the listener hold one handle each');
  child.send('close');
  t.not(await message(child, 'closed', 60_000), HUNG);
  const ends = await Promise.all(servers.map((socket) => socket.receive(new Packet())));
  t.is(ends.filter((r) => r.status === SocketStatus.Disconnected).length, CONNECTIONS, 'every server socket saw the close');
  for (const socket of servers) socket.disconnect();
  await listener.close();
  const left = await handlesBackTo(baseline, 10_000);
  t.is(left, baseline, 'no TCP handle leaked');
  t.log(
    `${CONNECTIONS} connections held after ${(held / 1000).toFixed(1)} s; server process at peak: heap +${(peakHeap / MIB).toFixed(1)} MiB, ` +
      `rss +${(peakRss / MIB).toFixed(1)} MiB (~${((peakRss / CONNECTIONS) / 1024).toFixed(1)} KiB a connection); TCP handles ${baseline} before, ${left} after`,
  );
});

load(`${CYCLES} connect/exchange/disconnect cycles leave no handle and no heap growth`, async (t: ExecutionContext) => {
  t.timeout(120_000);
  const listener = await listening(t);
  const cycle = async (i: number): Promise<boolean> => {
    const client = new TcpSocket();
    const server = new TcpSocket();
    const [connected] = await Promise.all([client.connect(IpAddress.LocalHost, listener.getLocalPort()), listener.accept(server)]);
    await client.send(new Packet().writeUint32(i));
    const ok = connected.status === SocketStatus.Done && (await echo(server));
    const back = new Packet();
    const echoed = (await client.receive(back)).status === SocketStatus.Done && back.readUint32() === i;
    client.disconnect();
    const ended = (await server.receive(new Packet())).status === SocketStatus.Disconnected;
    server.disconnect();
    return ok && echoed && ended;
  };
  for (let i = 0; i < 20; i++) await cycle(i);
  const baseline = await handlesBackTo(1, 5000);
  const heapBefore = heapUsed();
  const started = performance.now();
  let good = 0;
  for (let i = 0; i < CYCLES; i++) if (await cycle(i)) good++;
  const seconds = (performance.now() - started) / 1000;
  const left = await handlesBackTo(baseline, 5000);
  const grown = heapUsed() - heapBefore;
  const exact = (globalThis as { gc?: unknown }).gc !== undefined;
  t.is(good, CYCLES, 'every cycle connected, exchanged and saw the close');
  t.is(left, baseline, `TCP handles back to ${baseline}`);
  t.true(grown < (exact ? 2 : 16) * MIB, `heap grew ${grown} bytes`);
  t.log(`${CYCLES} cycles in ${seconds.toFixed(1)} s; heap ${grown >= 0 ? '+' : ''}${(grown / 1024).toFixed(0)} KiB (${exact ? 'after gc' : 'no gc exposed'}); TCP handles ${baseline} before and after`);
});
