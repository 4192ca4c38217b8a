/**
 * How a connection recovers from loss, on the in-memory protocol pair (a clock the test moves, a
 * datagram lost when the test says so): a command sent before the first round-trip sample and
 * lost again and again is resent from the measured round trip, not from ENet's 500 ms start
 * doubled; a peer that never answers is still dropped within ENet's time-out limits; a DISCONNECT
 * whose acknowledgement was lost is acknowledged again, to its own connection only.
 */
import test from 'ava';
import * as P from '../../src/enet/protocol.js';
import { commandsOf } from './datagramCommands.js';
import { SERVER, connected, datagramFrom, pair } from './protocolPair.js';

/** Whether `bytes` (a datagram) carries a SEND_RELIABLE whose data starts with `marker`. */
function carries(bytes: Uint8Array, marker: number): boolean {
  return commandsOf(bytes).some((c) => c.number === P.COMMAND_SEND_RELIABLE && c.data.length > 0 && c.data[0] === marker);
}

/** The acknowledgements `bytes` carries: `[channelID, reliableSequenceNumber]` each. */
function acknowledgements(bytes: Uint8Array): Array<[number, number]> {
  return commandsOf(bytes).filter((c) => c.number === P.COMMAND_ACKNOWLEDGE).map((c) => [c.channelID, c.body.getUint16(4)]);
}

test('a message first sent before any round-trip sample and lost three times is resent from the measured round trip, not after 0.5 + 1 + 2 s', (t) => {
  const p = pair();
  const peer = p.client.protocol.connect(SERVER.address, SERVER.port, 2, 0)!;
  while (peer.state !== 5 && p.now < 2000) p.run(5);
  t.is(peer.roundTripTime, 500, 'connected, no sample yet: ENet starts from 500 ms');
  const sends: number[] = [];
  p.lose = (bytes, from) => {
    if (from !== 'client' || !carries(bytes, 0xab)) return false;
    sends.push(p.now);
    return sends.length <= 3;
  };
  peer.send(0, Uint8Array.of(0xab), P.PACKET_FLAG_RELIABLE);
  p.run(5);
  peer.send(1, Uint8Array.of(0x01), P.PACKET_FLAG_RELIABLE); // its acknowledgement is the first sample
  p.run(5000);
  t.true(peer.roundTripTime < 50, `measured: ${peer.roundTripTime} ms`);
  t.is(sends.length, 4, 'sent once and resent three times, then acknowledged');
  const [first, second, , fourth] = sends as [number, number, number, number];
  t.true(second - first >= 495, `the first time-out is ENet's, fixed at the first send: ${second - first} ms`);
  t.true(fourth - first < 1000, `the fourth send ${fourth - first} ms after the first (ENet: 3,500 ms)`);
  const received = p.server.seen.events.filter((e) => e.type === 'receive').map((e) => (e.data as Uint8Array)[0]);
  t.deepEqual(received.sort(), [0x01, 0xab], 'both arrived, once each');
});

test('a peer that never answers is still dropped within ENet’s limits: not before timeoutMinimum, not after timeoutMaximum', (t) => {
  const p = pair();
  const { peer } = connected(p);
  peer.send(0, Uint8Array.of(1), P.PACKET_FLAG_RELIABLE);
  p.run(200);
  t.true(peer.roundTripTime < 50);
  p.lose = (_bytes, from) => from === 'server';
  peer.send(0, Uint8Array.of(2), P.PACKET_FLAG_RELIABLE);
  const start = p.now;
  let gone = -1;
  while (gone < 0 && p.now - start < 40_000) {
    p.run(50);
    if (p.client.seen.events.some((e) => e.type === 'disconnect')) gone = p.now - start;
  }
  t.true(gone >= P.PEER_TIMEOUT_MINIMUM, `dropped after ${gone} ms`);
  t.true(gone <= P.PEER_TIMEOUT_MAXIMUM + 100, `dropped after ${gone} ms`);
});

test('a DISCONNECT whose acknowledgement is lost is acknowledged again: the disconnecting side ends at once, not at its time-out', (t) => {
  const p = pair();
  const { peer } = connected(p);
  peer.send(0, Uint8Array.of(1), P.PACKET_FLAG_RELIABLE);
  p.run(100);
  // From here on, the server's first acknowledgement on channel 0xFF (the DISCONNECT's) is lost.
  let lost = 0;
  p.lose = (bytes, from) => {
    if (from !== 'server' || lost > 0 || !acknowledgements(bytes).some(([channel]) => channel === 0xff)) return false;
    lost++;
    return true;
  };
  const start = p.now;
  peer.disconnect(42);
  let ended = -1;
  while (ended < 0 && p.now - start < 10_000) {
    p.run(10);
    if (p.client.seen.events.some((e) => e.type === 'disconnect')) ended = p.now - start;
  }
  t.is(lost, 1, 'the first acknowledgement of the DISCONNECT was lost');
  t.is(p.server.seen.events.filter((e) => e.type === 'disconnect').length, 1, 'the server saw the disconnect once');
  t.true(ended >= 0 && ended < 2000, `the client's disconnect event after ${ended} ms (its time-out: ${P.PEER_TIMEOUT_MINIMUM} ms at least)`);
});

test('an ended connection is answered only to its own DISCONNECT: not from another port, another session, nor after the other side’s longest wait', (t) => {
  const p = pair();
  const { slot, peer } = connected(p);
  const mine = { peerID: peer.outgoingPeerID, session: peer.outgoingSessionID };
  const header = peer.incomingPeerID | (peer.incomingSessionID << P.HEADER_SESSION_SHIFT);
  peer.disconnect(0);
  p.run(200);
  t.is(slot.state, 0, 'the slot is free');
  const disconnect = (sequence: number): Uint8Array => {
    const bytes = new Uint8Array(8);
    bytes[0] = P.COMMAND_DISCONNECT | P.FLAG_ACKNOWLEDGE;
    bytes[1] = 0xff;
    new DataView(bytes.buffer).setUint16(2, sequence);
    return bytes;
  };
  const answers = (send: () => void): Uint8Array[] => {
    const before = p.server.seen.sent.length;
    send();
    return p.server.seen.sent.slice(before);
  };
  t.deepEqual(answers(() => p.inject(datagramFrom(peer, [disconnect(7)], mine), { address: '127.0.0.1', port: 1001 })), [], 'another port');
  t.deepEqual(answers(() => p.inject(datagramFrom(peer, [disconnect(7)], { ...mine, session: (mine.session + 1) & 3 }))), [], 'another session');
  const [ack, ...more] = answers(() => p.inject(datagramFrom(peer, [disconnect(7)], mine)));
  t.deepEqual(more, []);
  t.truthy(ack);
  const view = new DataView(ack!.buffer, ack!.byteOffset, ack!.byteLength);
  t.is(ack!.length, 2 + 8, 'a header without sent time, and one ACKNOWLEDGE: smaller than what it answers');
  t.is(view.getUint16(0), header, "from the connection's own peer id and session");
  t.deepEqual(acknowledgements(ack!), [[0xff, 7]]);
  t.deepEqual(answers(() => p.inject(datagramFrom(peer, [ping()], mine))), [], 'nothing but a DISCONNECT is answered');
  p.run(P.PEER_TIMEOUT_MAXIMUM + 100);
  t.deepEqual(answers(() => p.inject(datagramFrom(peer, [disconnect(7)], mine))), [], 'not after the longest the other side waits');
});

/** A PING: a command without data that asks for an acknowledgement, which an ended connection does not get. */
function ping(): Uint8Array {
  const bytes = new Uint8Array(4);
  bytes[0] = P.COMMAND_PING | P.FLAG_ACKNOWLEDGE;
  bytes[1] = 0xff;
  return bytes;
}
