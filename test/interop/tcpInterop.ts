/**
 * The TCP interop matrix: a real peer (SFML or Java) as client of our TcpListener or as server for
 * our TcpSocket, running one scenario (see peers/): every value, a 1 MiB string, or an 8 MiB payload
 * sent by us in non-blocking mode through a 64 KiB send buffer.
 */
import test, { type ExecutionContext } from 'ava';
import { IpAddress } from '../../src/address/IpAddress.js';
import { SocketStatus } from '../../src/core/SocketStatus.js';
import { Packet } from '../../src/packet/Packet.js';
import type { SocketOptions } from '../../src/socket/SocketContext.js';
import { TcpSocket } from '../../src/tcp/TcpSocket.js';
import { listening, sleep } from '../helpers/loopback.js';
import { type RunningPeer, startPeer, verdict } from './peerProcess.js';
import { BIG, bigPayload, checkSequence, fnv1a, MIB, mibText, packetOf, sfmlItems, javaItems } from './sequences.js';
import { type PeerCommand, type PeerKind, requirePeer } from './toolchain.js';

/** What the peer is sent and answers. */
export type Scenario = 'values' | 'mib' | 'big';

/** Which side the peer plays. */
export type PeerRole = 'client' | 'server';

const NAMES: Record<PeerKind, string> = { sfml: 'SFML 2.5.1', java: 'Java 17' };
const SEQUENCES = { sfml: sfmlItems, java: javaItems };
const MAX_SEND_CALLS = 100_000;

/** A packet from `socket`, asserting `Done`. */
async function receivePacket(t: ExecutionContext, socket: TcpSocket, what: string): Promise<Packet> {
  const packet = new Packet();
  const result = await socket.receive(packet);
  t.is(result.status, SocketStatus.Done, `receive ${what}: ${result.error?.message ?? ''}`);
  return packet;
}

/** Where two byte strings first differ, or -1. */
function firstDifference(a: Uint8Array, b: Uint8Array): number {
  for (let i = 0; i < Math.min(a.length, b.length); i++) if (a[i] !== b[i]) return i;
  return a.length === b.length ? -1 : Math.min(a.length, b.length);
}

async function values(t: ExecutionContext, socket: TcpSocket, kind: PeerKind): Promise<void> {
  const sent = packetOf(SEQUENCES[kind]);
  t.is((await socket.send(sent)).status, SocketStatus.Done, 'send values');
  const reply = await receivePacket(t, socket, 'values');
  t.is(firstDifference(reply.getData(), sent.getData()), -1, 'the peer wrote exactly the bytes our Packet writes');
  checkSequence(t, reply, SEQUENCES[kind]);
}

async function mib(t: ExecutionContext, socket: TcpSocket): Promise<void> {
  const text = mibText();
  const sent = new Packet().writeString(text);
  t.is(sent.getDataSize(), MIB);
  t.is((await socket.send(sent)).status, SocketStatus.Done, 'send 1 MiB');
  const reply = await receivePacket(t, socket, '1 MiB');
  t.is(reply.getDataSize(), MIB);
  t.true(reply.readString() === text.split('').reverse().join(''), 'the peer sent the string back reversed');
  t.true(reply.isValid() && reply.endOfPacket());
}

/** Sends 8 MiB in non-blocking mode, calling send again after each Partial; returns the checksum. */
async function big(t: ExecutionContext, socket: TcpSocket): Promise<string> {
  const payload = bigPayload();
  const packet = new Packet().append(payload);
  socket.setBlocking(false);
  let result = await socket.send(packet);
  let partials = 0;
  for (let calls = 1; calls < MAX_SEND_CALLS && (result.status === SocketStatus.Partial || result.status === SocketStatus.NotReady); calls++) {
    if (result.status === SocketStatus.Partial) partials++;
    await sleep(1);
    result = await socket.send(packet);
  }
  t.is(result.status, SocketStatus.Done, 'the non-blocking send finished');
  t.true(partials > 0, 'the 8 MiB packet went out in Partial steps');
  socket.setBlocking(true);
  const reply = await receivePacket(t, socket, 'checksum');
  const hash = fnv1a(payload);
  t.deepEqual([reply.readUint32(), reply.readUint32()], [BIG, hash], 'the peer got every byte');
  return String(hash);
}

/** Our side of `scenario`; returns what the peer's "ok" line should carry. */
async function exchange(t: ExecutionContext, socket: TcpSocket, kind: PeerKind, scenario: Scenario): Promise<string> {
  if (scenario === 'values') await values(t, socket, kind);
  else if (scenario === 'mib') await mib(t, socket);
  else return big(t, socket);
  return '';
}

/** Our TcpListener accepts the peer (in tcp-client mode); the accepted socket, or null. */
async function acceptPeer(t: ExecutionContext, peer: PeerCommand, scenario: Scenario, host: string, options?: SocketOptions) {
  const listener = await listening(t, host);
  const running = startPeer(t, peer, ['tcp-client', scenario, host, listener.getLocalPort()]);
  const socket = new TcpSocket(options);
  t.teardown(() => socket.disconnect());
  const accepted = await Promise.race([listener.accept(socket), running.exited.then((end) => end.output)]);
  const ok = typeof accepted !== 'string' && accepted.status === SocketStatus.Done;
  t.true(ok, `accept the peer: ${typeof accepted === 'string' ? `it exited:\n${accepted}` : accepted.status}`);
  return { running, socket: ok ? socket : null };
}

/** Our TcpSocket connects to the peer (in tcp-server mode); the socket, or null. */
async function connectPeer(t: ExecutionContext, peer: PeerCommand, scenario: Scenario, host: string, options?: SocketOptions) {
  const running = startPeer(t, peer, ['tcp-server', scenario, host]);
  const port = await running.port.catch((error: Error) => t.fail(error.message));
  const socket = new TcpSocket(options);
  t.teardown(() => socket.disconnect());
  if (typeof port !== 'number') return { running, socket: null };
  const connected = await socket.connect(IpAddress.parse(host), port, 20_000);
  t.is(connected.status, SocketStatus.Done, `connect to the peer: ${connected.error?.message ?? ''}`);
  return { running, socket: connected.status === SocketStatus.Done ? socket : null };
}

async function run(t: ExecutionContext, kind: PeerKind, role: PeerRole, scenario: Scenario, host: string): Promise<void> {
  const peer = await requirePeer(t, kind);
  if (peer === null) return;
  const options = scenario === 'big' ? { limits: { sendBufferSize: 64 * 1024 } } : undefined;
  const { running, socket }: { running: RunningPeer; socket: TcpSocket | null } =
    role === 'client' ? await acceptPeer(t, peer, scenario, host, options) : await connectPeer(t, peer, scenario, host, options);
  let expected = '';
  try {
    if (socket !== null) expected = await exchange(t, socket, kind, scenario);
  } catch (error) {
    socket?.disconnect();
    t.log(`${NAMES[kind]} peer output:\n${(await running.exited).output}`);
    throw error;
  }
  socket?.disconnect();
  t.is(await verdict(t, running, scenario), expected, 'what the peer reported');
}

const SCENARIO_TITLES: Record<Scenario, string> = {
  values: 'every Packet type, both directions',
  mib: 'a 1 MiB packet, both directions',
  big: 'an 8 MiB packet sent non-blocking in Partial steps',
};

/** One TCP interop case: `(kind, role, scenario, host = '127.0.0.1')`. */
export const tcpInterop = test.macro({
  exec: (t, kind: PeerKind, role: PeerRole, scenario: Scenario, host?: string) => run(t, kind, role, scenario, host ?? '127.0.0.1'),
  title: (_, kind: PeerKind, role: PeerRole, scenario: Scenario, host?: string) =>
    `${NAMES[kind]} ${role === 'client' ? 'client → our TcpListener' : 'server ← our TcpSocket'} [${host ?? '127.0.0.1'}]: ${SCENARIO_TITLES[scenario]}`,
});
