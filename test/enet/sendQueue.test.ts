/**
 * A send queue far longer than the reliable window (ENet holds reliable packets back past it,
 * but not unreliable ones nor commands without a packet): what the fast path of
 * `checkOutgoingCommands` (it stops walking the queue once only held-back commands are left)
 * and the count it relies on (`PeerState.outgoingOthers`) must keep.
 */
import test from 'ava';
import type { PeerState } from '../../src/enet/PeerState.js';
import { serviceHost } from '../../src/enet/hostSteps.js';
import * as P from '../../src/enet/protocol.js';
import { EnetPacketFlag } from '../../src/index.js';
import { connected, pair } from './protocolPair.js';

/** The commands of `peer`'s queue the window does not hold back, counted the slow way. */
const others = (peer: PeerState): number => peer.outgoingCommands.filter((command) => (command.command & P.FLAG_ACKNOWLEDGE) === 0 || command.packet === null).length;

const message = (index: number): Uint8Array => {
  const bytes = new Uint8Array(64).fill(0x5a);
  new DataView(bytes.buffer).setUint32(0, index);
  return bytes;
};

test('3,000 reliable messages past the window: the unreliable ones queued behind leave in the first step, the reliable ones in order, the count stays exact', (t) => {
  const p = pair();
  const { peer } = connected(p, 2);
  const COUNT = 3000;
  for (let i = 0; i < COUNT; i++) t.true(peer.send(0, message(i), EnetPacketFlag.Reliable));
  for (let i = 0; i < 5; i++) t.true(peer.send(1, message(100_000 + i), 0));
  t.is(peer.outgoingOthers, 5);
  t.is(others(peer), 5);

  serviceHost(p.client.protocol, p.now);
  const window = Math.max(Math.floor((peer.packetThrottle * peer.windowSize) / P.PEER_PACKET_THROTTLE_SCALE), peer.mtu);
  t.true(peer.reliableDataInTransit > 0 && peer.reliableDataInTransit <= window, `in transit ${peer.reliableDataInTransit}, window ${window}`);
  t.true(peer.outgoingCommands.length > COUNT / 2, 'most reliable messages wait for the window');
  t.is(others(peer), 0, 'every unreliable message left in the first step, past the held-back queue');
  t.is(peer.outgoingOthers, 0);

  const started = Date.now();
  for (let step = 0; step < 400 && (peer.outgoingCommands.length > 0 || peer.sentReliableCommands.length > 0); step++) {
    p.run(5);
    t.is(peer.outgoingOthers, others(peer));
  }
  t.is(peer.outgoingCommands.length, 0);
  t.is(peer.sentReliableCommands.length, 0);
  t.true(Date.now() - started < 5000);

  const received = p.server.seen.events.filter((event) => event.type === 'receive');
  const onChannel = (channel: number): number[] => received.filter((event) => event.channel === channel).map((event) => new DataView((event.data as Uint8Array).buffer, (event.data as Uint8Array).byteOffset).getUint32(0));
  t.deepEqual(onChannel(0), Array.from({ length: COUNT }, (_, i) => i));
  t.deepEqual(onChannel(1), [100_000, 100_001, 100_002, 100_003, 100_004]);
});

test('a PING and a DISCONNECT queued behind held-back reliable messages are counted and leave at once', (t) => {
  const p = pair();
  const { peer } = connected(p, 1);
  for (let i = 0; i < 2000; i++) peer.send(0, message(i), EnetPacketFlag.Reliable);
  peer.ping();
  t.is(peer.outgoingOthers, 1);
  serviceHost(p.client.protocol, p.now);
  t.is(peer.outgoingOthers, 0);
  t.is(others(peer), 0);
  t.true(peer.sentReliableCommands.some((command) => (command.command & P.COMMAND_MASK) === P.COMMAND_PING), 'the PING went out with the first datagrams');
  peer.disconnect(7);
  t.is(peer.outgoingOthers, others(peer));
  p.run(200);
  t.is(peer.outgoingOthers, others(peer));
  t.true(p.server.seen.events.some((event) => event.type === 'disconnect' && event.data === 7));
});
