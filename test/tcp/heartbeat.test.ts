/**
 * Dead peers found in bounded time (issue #23): the opt-in heartbeat against a peer process that
 * is frozen (SIGSTOP) without closing, and against a transport that swallows everything; the
 * keep-alive delay reaching the connection.
 */
import { execFileSync, spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import test from 'ava';
import { IpAddress } from '../../src/address/IpAddress.js';
import { SocketStatus } from '../../src/core/SocketStatus.js';
import { Packet } from '../../src/packet/Packet.js';
import type { StreamConnection, StreamHandler, StreamTransport } from '../../src/transport/StreamTransport.js';
import { TcpSocket } from '../../src/tcp/TcpSocket.js';
import { connectedPair, listening, sleep, text } from '../helpers/loopback.js';

/** The compiled SDK, which the child process imports. */
const SDK = fileURLToPath(new URL('../../src/index.js', import.meta.url));

/** An SDK peer with a heartbeat of 300 + 700 ms that connects to `port` and prints each packet it receives. */
const CHILD = `
const { TcpSocket, IpAddress, Packet } = await import(${JSON.stringify(SDK)});
const socket = new TcpSocket();
socket.setHeartbeat(300, 700);
const { status } = await socket.connect(IpAddress.LocalHost, Number(process.argv[1]));
console.log('connected ' + status);
for (;;) {
  const packet = new Packet();
  const result = await socket.receive(packet);
  if (result.status !== 'Done') { console.log('end ' + result.status); process.exit(0); }
  console.log('packet ' + packet.getDataSize());
}
`;

test('a heartbeat keeps a live SDK peer connected, and finds it frozen by SIGSTOP within interval + timeout', async (t) => {
  const listener = await listening(t);
  const server = new TcpSocket();
  t.teardown(() => server.disconnect());
  server.setHeartbeat(300, 700);
  t.deepEqual(server.getHeartbeat(), { intervalMs: 300, timeoutMs: 700 });
  const child = spawn(process.execPath, ['--input-type=module', '-e', CHILD, String(listener.getLocalPort())], { stdio: ['ignore', 'pipe', 'pipe'] });
  t.teardown(() => {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  });
  let output = '';
  child.stdout.setEncoding('utf8').on('data', (chunk: string) => (output += chunk));
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => (output += chunk));
  t.is((await listener.accept(server)).status, SocketStatus.Done);

  // Alive: 2.2 s (more than twice interval + timeout) of silence but for heartbeats, both ways.
  server.setSoTimeout(2200);
  const idle = await server.receive(new Packet());
  t.is(idle.status, SocketStatus.NotReady, 'no packet: heartbeats are not delivered as packets');
  t.is(idle.error?.kind, 'Timeout', 'the receive timed out; the connection lives');
  t.is((await server.send(text('still there?'))).status, SocketStatus.Done);
  for (let i = 0; i < 100 && !output.includes('packet'); i++) await sleep(20);
  t.true(output.includes('connected Done'), output);
  t.is(output.match(/packet \d+/g)?.join(), `packet ${text('still there?').getDataSize()}`, 'the child got the one packet and no empty ones');

  // Frozen: the process stops answering without closing; its system still holds the connection.
  server.setSoTimeout(0);
  t.true(child.kill('SIGSTOP'));
  const started = performance.now();
  const end = await server.receive(new Packet());
  const elapsed = performance.now() - started;
  t.is(end.status, SocketStatus.Disconnected);
  t.is(end.error?.kind, 'Timeout');
  t.true(elapsed < 1000 + 2500, `found after ${Math.round(elapsed)} ms (bound: 1000 ms after the last heartbeat heard)`);
  t.true(elapsed > 650, `${Math.round(elapsed)} ms: not before the peer's silence could exceed the bound`);
  t.like(await server.receive(new Packet()), { status: SocketStatus.Disconnected, error: undefined });
});

/** A connection that takes every write and never delivers anything: a peer gone silent. */
class SwallowingConnection implements StreamConnection {
  readonly remoteAddress = '127.0.0.1';
  readonly remotePort = 9;
  readonly localAddress = '127.0.0.1';
  readonly localPort = 40000;
  readonly bufferedAmount = 0;
  readonly written: Uint8Array[] = [];
  readonly keepAlive: Array<[boolean, number]> = [];
  destroyed = false;
  #handler: StreamHandler | null = null;

  attach(handler: StreamHandler): void {
    this.#handler = handler;
  }

  write(data: Uint8Array, written?: () => void): boolean {
    if (data.length > 0) this.written.push(Uint8Array.from(data));
    written?.();
    return true;
  }

  pause(): void {}
  resume(): void {}
  shutdownOutput(): void {}
  setNoDelay(): void {}

  setKeepAlive(enable: boolean, delayMs: number): void {
    this.keepAlive.push([enable, delayMs]);
  }

  destroy(): void {
    this.destroyed = true;
    queueMicrotask(() => this.#handler?.close());
  }

  close(): void {
    this.destroy();
  }
}

/** A transport handing out one {@link SwallowingConnection}. */
function swallowing(): { transport: StreamTransport; connection: SwallowingConnection } {
  const connection = new SwallowingConnection();
  const transport: StreamTransport = {
    connect: () => Promise.resolve(connection),
    listen: () => Promise.reject(new Error('not used')),
  };
  return { transport, connection };
}

test('over a transport that swallows everything, the heartbeat pings and then drops the connection as timed out', async (t) => {
  const { transport, connection } = swallowing();
  const socket = new TcpSocket({ streamTransport: transport });
  t.teardown(() => socket.disconnect());
  socket.setHeartbeat(50, 200);
  t.is((await socket.connect(IpAddress.LocalHost, 9)).status, SocketStatus.Done);
  const started = performance.now();
  const end = await socket.receive(64);
  const elapsed = performance.now() - started;
  t.is(end.status, SocketStatus.Disconnected);
  t.is(end.error?.kind, 'Timeout');
  // The upper bound leaves room for a loaded CI machine's late timers.
  t.true(elapsed >= 240 && elapsed < 250 + 2500, `${Math.round(elapsed)} ms for a bound of 250 ms`);
  t.true(connection.destroyed, 'the connection was dropped');
  t.true(connection.written.length >= 1, `${connection.written.length} heartbeats sent (4 on an idle machine; timers run late under load)`);
  for (const ping of connection.written) t.deepEqual([...ping], [0, 0, 0, 0], 'a heartbeat is an empty SFML frame');
});

test('setKeepAlive passes its delay to each connection; the delay is kept before connect and after close', async (t) => {
  const { transport, connection } = swallowing();
  const socket = new TcpSocket({ streamTransport: transport });
  t.is(socket.getKeepAliveDelay(), 0);
  socket.setKeepAlive(true, 30_000);
  t.true(socket.getKeepAlive());
  t.is(socket.getKeepAliveDelay(), 30_000);
  t.is((await socket.connect(IpAddress.LocalHost, 9)).status, SocketStatus.Done);
  socket.setKeepAlive(true, 5000);
  t.deepEqual(connection.keepAlive, [
    [true, 30_000],
    [true, 5000],
  ]);
  socket.disconnect();
  t.is(socket.getKeepAliveDelay(), 5000);
  t.throws(() => socket.setKeepAlive(true, -1), { instanceOf: RangeError });
});

test('setKeepAlive with a delay on a real connection: the kernel runs a keep-alive timer of that delay (read with ss)', async (t) => {
  const { client } = await connectedPair(t);
  client.setKeepAlive(true, 90_000);
  t.true(client.getKeepAlive());
  t.is((await client.send(text('x'))).status, SocketStatus.Done);
  let line: string;
  try {
    line = execFileSync('ss', ['-tnoH', 'state', 'established', `( sport = :${client.getLocalPort()} )`], { encoding: 'utf8' });
  } catch (error) {
    if (process.env.CI === 'true') t.fail(`ss (iproute2) is missing: .ci/run installs it (${String(error)})`);
    else t.pass('skipped: no ss on this machine');
    return;
  }
  // e.g. "timer:(keepalive,1min29sec,0)" (the kernel's default would be about 120 minutes).
  const timer = /timer:\(keepalive,(?:(\d+)min)?(?:(\d+)sec)?/.exec(line);
  t.truthy(timer, line);
  const seconds = Number(timer?.[1] ?? 0) * 60 + Number(timer?.[2] ?? 0);
  t.true(seconds > 80 && seconds <= 90, `keep-alive timer of ${seconds} s for a 90 s delay: ${line}`);
});

test('a peer without the heartbeat receives each heartbeat as an empty packet (why both ends must opt in)', async (t) => {
  const listener = await listening(t);
  const plain = new TcpSocket();
  const beating = new TcpSocket();
  t.teardown(() => {
    plain.disconnect();
    beating.disconnect();
  });
  beating.setHeartbeat(30, 1000);
  await Promise.all([beating.connect(IpAddress.LocalHost, listener.getLocalPort()), listener.accept(plain)]);
  const packet = new Packet().writeUint8(1);
  t.is((await plain.receive(packet)).status, SocketStatus.Done);
  t.is(packet.getDataSize(), 0, 'an empty packet');
});

test('setHeartbeat misuse throws; 0 turns it off', (t) => {
  const socket = new TcpSocket();
  t.is(socket.getHeartbeat(), null);
  t.throws(() => socket.setHeartbeat(-1), { instanceOf: RangeError });
  t.throws(() => socket.setHeartbeat(0x7fffffff, 1), { instanceOf: RangeError });
  socket.setHeartbeat(1000);
  t.deepEqual(socket.getHeartbeat(), { intervalMs: 1000, timeoutMs: 1000 });
  socket.setHeartbeat(0);
  t.is(socket.getHeartbeat(), null);
});

test('a receiver that stops reading (its input queue full, reading paused) does not take the silence for a dead peer', async (t) => {
  const listener = await listening(t);
  const sender = new TcpSocket();
  const receiver = new TcpSocket({ limits: { receiveBufferSize: 4096 } });
  t.teardown(() => {
    sender.disconnect();
    receiver.disconnect();
  });
  sender.setHeartbeat(100, 200);
  receiver.setHeartbeat(100, 200);
  await Promise.all([sender.connect(IpAddress.LocalHost, listener.getLocalPort()), listener.accept(receiver)]);
  // Far more than the system buffers hold, so the sender stays busy and its heartbeats wait behind the data.
  const total = 400;
  const sending = Promise.all(Array.from({ length: total }, () => sender.send(new Packet().append(new Uint8Array(64 * 1024)))));
  await sleep(1000); // more than three times interval + timeout without reading
  const packet = new Packet();
  let received = 0;
  while (received < total) {
    const result = await receiver.receive(packet);
    if (result.status !== SocketStatus.Done) {
      t.log(`receive ended with ${result.status} ${result.error?.message ?? ''}`);
      break;
    }
    received++;
  }
  t.is(received, total, 'every packet arrived: the connection was kept');
  for (const result of await sending) t.is(result.status, SocketStatus.Done);
});
