import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import test, { type ExecutionContext } from 'ava';
import { IpAddress, Packet, SocketStatus, TcpSocket } from '../../src/index.js';
import { ArenaServer } from '../../docs/examples/arena/ArenaServer.js';
import {
  Kind,
  decodeClient,
  decodeInput,
  decodeServer,
  decodeSnapshot,
  encodeClient,
  encodeInput,
  encodeServer,
  encodeSnapshot,
  type ClientMessage,
  type ServerMessage,
} from '../../docs/examples/arena/protocol.js';
import { runArena, type ArenaStatus, type ArenaSummary } from '../../docs/examples/arena/runArena.js';
import { USAGE, parseFlags } from '../../docs/examples/arena/main.js';
import { resolveSettings } from '../../docs/examples/arena/settings.js';

/** The compiled command line, next to this compiled test. */
const MAIN = fileURLToPath(new URL('../../docs/examples/arena/main.js', import.meta.url));
/** The handles Node reports for open sockets. */
const SOCKET_HANDLES = new Set(['TCPSocketWrap', 'TCPServerWrap', 'UDPWrap']);

const openSockets = (): number => process.getActiveResourcesInfo().filter((kind) => SOCKET_HANDLES.has(kind)).length;
const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/** Waits (bounded) for closed handles to be released, then checks none is left over. */
async function assertSocketsReleased(t: ExecutionContext, before: number): Promise<void> {
  for (let i = 0; i < 100 && openSockets() > before; i++) await sleep(20);
  t.is(openSockets(), before, 'no TCP, listener or UDP handle left open');
}

/** What every clean run has: each bot joined and left, played, chatted, measured its RTT. */
function assertCleanRun(t: ExecutionContext, summary: ArenaSummary, bots: number): void {
  t.is(summary.bots.length, bots);
  for (const bot of summary.bots) {
    t.deepEqual(bot.problems, [], `${bot.name} had no problem`);
    t.true(bot.joins >= 1, `${bot.name} joined`);
    t.is(bot.leaves, bot.joins, `${bot.name} left after each join`);
    t.true(bot.snapshots > 0, `${bot.name} received snapshots`);
    t.true(bot.lastAckedSeq > 0, `${bot.name} saw its inputs applied`);
    t.true(bot.chatsFromOthers > 0, `${bot.name} received chat relayed from others`);
    t.true(bot.pongs > 0, `${bot.name} measured round trips`);
  }
  const { server, traffic } = summary;
  const joins = summary.bots.reduce((sum, bot) => sum + bot.joins, 0);
  t.is(server.joins, joins);
  t.is(server.leaves, joins, 'the server saw every Leave');
  t.is(server.drops, 0);
  t.is(server.clients, 0, 'no client left at the end');
  // A line relayed to a bot that was leaving at that moment is never read: at most as many are received.
  const received = summary.bots.reduce((sum, bot) => sum + bot.chatsReceived, 0);
  t.true(received > 0 && received <= server.chatsRelayed, `${received} chat lines received of ${server.chatsRelayed} relayed`);
  for (const flow of [traffic.tcp, traffic.udp]) {
    t.true(flow.packetsIn > 0 && flow.packetsOut > 0 && flow.bytesIn > 0 && flow.bytesOut > 0);
  }
  t.true(summary.rttMs.count > 0 && summary.rttMs.avg > 0 && summary.rttMs.p99 > 0 && summary.rttMs.max >= summary.rttMs.p99);
  t.true(summary.tickMs.count > 0);
}

/** A packet as the other side receives it: the same bytes, read from the start. */
const received = (packet: Packet): Packet => new Packet().append(packet.getData());

const roundTrip = test.macro({
  exec(t, message: ClientMessage | ServerMessage, side: 'client' | 'server') {
    const decoded = side === 'client' ? decodeClient(received(encodeClient(message as ClientMessage))) : decodeServer(received(encodeServer(message as ServerMessage)));
    t.deepEqual(decoded, message);
  },
  title: (_, message: ClientMessage | ServerMessage, side: 'client' | 'server') => `protocol: a ${side} ${Kind[message.kind]} message round-trips`,
});

test(roundTrip, { kind: Kind.Join, name: 'bot-1' }, 'client');
test(roundTrip, { kind: Kind.Chat, text: 'hé 😀' }, 'client');
test(roundTrip, { kind: Kind.Ping, sentAt: 1234.5678 }, 'client');
test(roundTrip, { kind: Kind.Leave }, 'client');
test(roundTrip, { kind: Kind.Welcome, playerId: 65535, token: 0xfffffffe, udpPort: 54000, tickRate: 30 }, 'server');
test(roundTrip, { kind: Kind.Chat, fromId: 3, from: 'bot-3', text: 'hi' }, 'server');
test(roundTrip, { kind: Kind.Pong, sentAt: 0.25 }, 'server');
test(roundTrip, { kind: Kind.Refused, reason: 'server full' }, 'server');

test('protocol: inputs and snapshots round-trip; short, foreign or inconsistent packets decode to null', (t) => {
  const input = { playerId: 7, token: 99, seq: 12, dx: 0.5, dy: -1 };
  t.deepEqual(decodeInput(received(encodeInput(input))), input);
  const snapshot = { tick: 3, players: [{ id: 1, x: 1.5, y: 2.5, lastSeq: 4 }, { id: 2, x: 0, y: 100, lastSeq: 0 }] };
  t.deepEqual(decodeSnapshot(received(encodeSnapshot(snapshot))), snapshot);
  t.is(decodeInput(received(new Packet().writeUint8(Kind.Input).writeUint16(7))), null, 'short input');
  t.is(decodeInput(received(encodeSnapshot(snapshot))), null, 'a snapshot is not an input');
  t.is(decodeSnapshot(received(new Packet().writeUint8(Kind.Snapshot).writeUint32(1).writeUint16(60000))), null, 'count above the bytes present');
  t.is(decodeClient(received(new Packet().writeUint8(Kind.Welcome))), null, 'a server kind from a client');
  t.is(decodeServer(received(new Packet().writeUint8(Kind.Chat).writeUint16(1))), null, 'a chat cut short');
  t.is(decodeClient(received(new Packet())), null, 'empty');
});

test.serial('ArenaServer: refuses a join when full, drops a client that talks before joining, closes everything on stop', async (t) => {
  const before = openSockets();
  const server = new ArenaServer({ host: IpAddress.LocalHost, port: 0, tickRate: 30, maxPlayers: 1 });
  t.is(await server.start(), null);
  const running = server.run();
  const clients = [new TcpSocket(), new TcpSocket(), new TcpSocket()];
  t.teardown(() => clients.forEach((client) => client.disconnect()));
  const reply = async (client: TcpSocket, message: ClientMessage): Promise<ServerMessage | SocketStatus> => {
    client.setSoTimeout(5000);
    t.is((await client.connect(IpAddress.LocalHost, server.tcpPort, 5000)).status, SocketStatus.Done);
    await client.send(encodeClient(message));
    const packet = new Packet();
    const { status } = await client.receive(packet);
    return status === SocketStatus.Done ? (decodeServer(packet) ?? SocketStatus.Error) : status;
  };
  const [first, second, third] = clients as [TcpSocket, TcpSocket, TcpSocket];
  t.like(await reply(first, { kind: Kind.Join, name: 'one' }), { kind: Kind.Welcome, udpPort: server.udpPort, tickRate: 30 });
  t.deepEqual(await reply(second, { kind: Kind.Join, name: 'two' }), { kind: Kind.Refused, reason: 'server full' });
  t.is(await reply(third, { kind: Kind.Chat, text: 'before joining' }), SocketStatus.Disconnected);
  server.stop();
  await running;
  t.like(server.report(), { joins: 1, refused: 1, drops: 2, leaves: 0, clients: 0 });
  clients.forEach((client) => client.disconnect());
  await assertSocketsReleased(t, before);
});

const arena = test.macro({
  async exec(t, ipv6: boolean) {
    const before = openSockets();
    const statuses: ArenaStatus[] = [];
    const summary = await runArena({ bots: 4, durationMs: 2000, tickRate: 30, ipv6, statusIntervalMs: 200, onStatus: (s) => statuses.push(s) });
    t.is(summary.host, ipv6 ? '::1' : '127.0.0.1');
    t.false(summary.interrupted);
    assertCleanRun(t, summary, 4);
    t.is(summary.bots.find((bot) => bot.name === 'bot-4')?.joins, 2, 'bot-4 left and joined again mid-run');
    t.true(statuses.some((s) => s.clients > 0 && s.perSecond.udp.packetsOut > 0), 'the status reported live traffic');
    await assertSocketsReleased(t, before);
  },
  title: (_, ipv6: boolean) => `runArena: 4 bots for 2 s at 30 Hz over ${ipv6 ? '::1' : '127.0.0.1'} join, play, chat and leave cleanly`,
});

test.serial(arena, false);
test.serial(arena, true);

test.serial('runArena: an aborted signal ends the run early, with every bot gone and every socket closed', async (t) => {
  const before = openSockets();
  const interrupt = new AbortController();
  setTimeout(() => interrupt.abort(), 500);
  const summary = await runArena({ bots: 2, durationMs: 30_000, signal: interrupt.signal });
  t.true(summary.interrupted);
  t.is(summary.server.leaves, summary.server.joins);
  t.is(summary.server.clients, 0);
  await assertSocketsReleased(t, before);
});

test.serial('runArena: options out of bounds are refused before anything opens', async (t) => {
  await t.throwsAsync(runArena({ bots: 0 }), { instanceOf: RangeError, message: /bots must be an integer from 1 to 64, got 0/ });
  await t.throwsAsync(runArena({ tickRate: 1.5 }), { instanceOf: RangeError, message: /tick-rate/ });
  await t.throwsAsync(runArena({ durationMs: -1 }), { instanceOf: RangeError, message: /duration/ });
});

/** Runs the command line to its end (bounded by `timeoutMs`), sending SIGINT once its output matches `interruptWhen`. */
function cli(args: string[], interruptWhen?: RegExp, timeoutMs = 20_000): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [MAIN, ...args], { stdio: ['ignore', 'pipe', 'pipe'], timeout: timeoutMs });
    let stdout = '';
    let stderr = '';
    let interrupted = false;
    child.stdout.on('data', (chunk: Buffer) => {
      stdout += chunk.toString();
      if (interruptWhen === undefined || interrupted || !interruptWhen.test(stdout)) return;
      interrupted = true;
      child.kill('SIGINT');
    });
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

test('cli: a short run exits 0 and prints the summary', async (t) => {
  const { code, stdout, stderr } = await cli(['--bots', '2', '--duration', '1']);
  t.is(code, 0, stderr);
  t.regex(stdout, /^arena finished after 1\.\d s on 127\.0\.0\.1/m);
  t.regex(stdout, /server: \d+ ticks, 2 joins, 2 leaves, 0 drops, 0 refused, peak 2 clients, 0 open at the end/);
  t.regex(stdout, /RTT: [\d.]+ ms p99 [\d.]+, max [\d.]+ over [1-9]\d* pings/);
  t.notRegex(stdout, /problems/);
});

test('cli: --ipv6 --quiet runs on ::1 and prints only the summary', async (t) => {
  const { code, stdout } = await cli(['--bots', '1', '--duration', '0.5', '--ipv6', '--quiet']);
  t.is(code, 0);
  t.regex(stdout, /^arena finished after [\d.]+ s on ::1/);
  t.notRegex(stdout, /clients \||arena: server on/);
});

test('cli: SIGINT after the first status line ends the run early and cleanly with exit code 0', async (t) => {
  const { code, stdout } = await cli(['--bots', '2', '--duration', '60'], /clients \|/);
  t.is(code, 0);
  t.regex(stdout, /^arena: server on 127\.0\.0\.1 \(TCP \d+, UDP \d+\); 2 bots for 60 s at 30 Hz; Ctrl-C stops$/m);
  const status = /^\[ *[\d.]+s\] 2 clients \| in\/out per s: TCP \d+\/\d+ UDP \d+\/\d+ pkt, [\d.]+\/[\d.]+ KiB \| tick [\d.]+ ms p99 [\d.]+ \| RTT [\d.]+ ms p99 [\d.]+$/m;
  t.regex(stdout, status, 'a status line a second (stdout is not a terminal)');
  t.regex(stdout, /^arena interrupted after/m);
  t.regex(stdout, /0 drops, 0 refused, peak \d+ clients, 0 open at the end/);
});

test('cli: --help prints the usage and exits 0', async (t) => {
  const { code, stdout } = await cli(['--help']);
  t.is(code, 0);
  t.regex(stdout, /^Usage: arena \[options\]/);
  for (const flag of ['--port', '--bots', '--duration', '--tick-rate', '--ipv6', '--quiet']) t.true(stdout.includes(flag), flag);
  t.is(stdout, USAGE);
});

test('cli: --help gives each numeric option the range and default the arena really has', (t) => {
  const defaults = resolveSettings();
  const actual: Record<string, number> = { port: defaults.port, bots: defaults.bots, duration: defaults.durationMs / 1000, 'tick-rate': defaults.tickRate };
  const accepts = (flag: string, value: number): boolean => {
    try {
      parseFlags([`--${flag}`, String(value)]);
      return true;
    } catch {
      return false;
    }
  };
  for (const flag of ['port', 'bots', 'duration', 'tick-rate']) {
    const line = USAGE.split('\n').find((text) => text.trimStart().startsWith(`--${flag} `)) ?? '';
    const range = /, (?:(\d+) to (\d+)|above (\d+), at most (\d+))[;( ]/.exec(line);
    const stated = /\(default ([\d.]+)\)/.exec(line);
    if (range === null || stated === null) {
      t.fail(`--${flag}: no range or default in "${line}"`);
      continue;
    }
    t.is(Number(stated[1]), actual[flag] ?? Number.NaN, `--${flag}: the default stated is the default used`);
    const max = Number(range[2] ?? range[4]);
    t.true(accepts(flag, max) && !accepts(flag, max + 1), `--${flag}: at most ${max}`);
    if (range[1] !== undefined) {
      const min = Number(range[1]);
      t.true(accepts(flag, min) && !accepts(flag, min - 1), `--${flag}: at least ${min}`);
    } else {
      const above = Number(range[3]);
      t.true(!accepts(flag, above) && accepts(flag, above + 0.001), `--${flag}: above ${above}`);
    }
  }
  t.true(accepts('duration', 0.5) && !accepts('bots', 2.5), 'whole numbers except --duration, as the help says');
});

const badUsage = test.macro({
  async exec(t, args: string[], message: RegExp) {
    const { code, stdout, stderr } = await cli(args);
    t.is(code, 2);
    t.regex(stderr, message);
    t.is(stdout, '');
  },
  title: (_, args: string[]) => `cli: ${args.join(' ')} exits 2 with a message`,
});

test(badUsage, ['--bots', 'nope'], /^arena: --bots: "nope" is not a number/);
test(badUsage, ['--bots', '0'], /^arena: bots must be an integer from 1 to 64, got 0/);
test(badUsage, ['--tick-rate', '1000'], /^arena: tick-rate must be an integer from 1 to 240, got 1000/);
test(badUsage, ['--duration=-2'], /^arena: duration must be a number of seconds above 0/);
test(badUsage, ['--port', '70000'], /^arena: port must be an integer from 0 to 65535/);
test(badUsage, ['--colour'], /^arena: Unknown option '--colour'/);
