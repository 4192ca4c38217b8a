/**
 * The UDP interop matrix: a real peer (SFML sf::UdpSocket or Java DatagramSocket) exchanges one
 * "values" datagram each way with our UdpSocket. A packet travels as exactly one datagram holding
 * its payload, with no size prefix: the datagram's raw bytes are compared with our Packet's.
 */
import test, { type ExecutionContext } from 'ava';
import { IpAddress } from '../../src/address/IpAddress.js';
import { SocketStatus } from '../../src/core/SocketStatus.js';
import { Packet } from '../../src/packet/Packet.js';
import { UdpSocket } from '../../src/udp/UdpSocket.js';
import { type RunningPeer, startPeer, verdict } from './peerProcess.js';
import { checkSequence, javaItems, packetOf, sfmlItems } from './sequences.js';
import { type PeerKind, requirePeer } from './toolchain.js';
import type { PeerRole } from './tcpInterop.js';

const NAMES: Record<PeerKind, string> = { sfml: 'SFML 2.5.1 sf::UdpSocket', java: 'Java 17 DatagramSocket' };
const SEQUENCES = { sfml: sfmlItems, java: javaItems };

/** The peer's datagram, raw; `null` (after failing) when the peer exits first or it goes wrong. */
async function receiveFromPeer(t: ExecutionContext, socket: UdpSocket, running: RunningPeer) {
  const received = await Promise.race([socket.receive(65536), running.exited.then((end) => end.output)]);
  if (typeof received === 'string') {
    t.fail(`the peer exited before sending:\n${received}`);
    return null;
  }
  t.is(received.status, SocketStatus.Done, `receive: ${received.error?.message ?? ''}`);
  return received.status === SocketStatus.Done ? received : null;
}

async function run(t: ExecutionContext, kind: PeerKind, role: PeerRole, host: string): Promise<void> {
  const peer = await requirePeer(t, kind);
  if (peer === null) return;
  const socket = new UdpSocket();
  t.teardown(() => socket.unbind());
  t.is((await socket.bind(0, IpAddress.parse(host))).status, SocketStatus.Done, 'bind');
  const ours = packetOf(SEQUENCES[kind]);
  const running = startPeer(t, peer, role === 'client' ? ['udp-client', 'values', host, socket.getLocalPort()] : ['udp-server', 'values', host]);
  let peerPort = 0;
  if (role === 'server') {
    peerPort = await running.port.catch((error: Error) => (t.fail(error.message), 0));
    if (peerPort === 0) return;
    t.is((await socket.send(ours, host, peerPort)).status, SocketStatus.Done, 'send values');
  }
  const datagram = await receiveFromPeer(t, socket, running);
  if (datagram === null) return;
  t.is(String(datagram.address), host, 'the sender address');
  if (role === 'server') t.is(datagram.port, peerPort, 'the sender port');
  t.true(Buffer.from(datagram.data).equals(ours.getData()), 'one datagram = the payload our Packet writes, no size prefix');
  checkSequence(t, new Packet().append(datagram.data), SEQUENCES[kind]);
  if (role === 'client') t.is((await socket.send(ours, host, datagram.port)).status, SocketStatus.Done, 'send values back');
  const from = await verdict(t, running, 'values');
  t.is(IpAddress.tryParse(from)?.toString(), host, 'the peer saw our address');
}

/** One UDP interop case: `(kind, role, host = '127.0.0.1')`. */
export const udpInterop = test.macro({
  exec: (t, kind: PeerKind, role: PeerRole, host?: string) => run(t, kind, role, host ?? '127.0.0.1'),
  title: (_, kind: PeerKind, role: PeerRole, host?: string) =>
    `${NAMES[kind]} ${role === 'client' ? 'sends first, then receives ours' : 'receives ours, then replies'} [${host ?? '127.0.0.1'}]: every Packet type, one datagram each way`,
});
