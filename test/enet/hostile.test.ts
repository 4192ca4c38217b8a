/**
 * Hostile input against an ENet host: garbage and truncated datagrams, forged peer and session
 * ids, fragments whose numbers do not add up, and a connect flood. Memory stays bounded (checked on
 * the host's own state), time too, nothing crashes, and nothing is delivered outside its guarantee.
 */
import test from 'ava';
import { connectBody } from '../../src/enet/commands.js';
import * as P from '../../src/enet/protocol.js';
import { EnetEventType, EnetHost, IpAddress, SeededRandom, SocketStatus, UdpSocket } from '../../src/index.js';
import { CLIENT, connected, datagramFrom, fragment, pair, reliable } from './protocolPair.js';

const receives = (events: ReadonlyArray<{ type: string }>): number => events.filter((event) => event.type === 'receive').length;

test('garbage: 5000 seeded random datagrams from random ports change nothing and allocate no slot', (t) => {
  const p = pair();
  const random = new SeededRandom(42);
  const started = Date.now();
  for (let i = 0; i < 5000; i++) {
    const bytes = new Uint8Array(Math.floor(random.next() * 300));
    for (let k = 0; k < bytes.length; k++) bytes[k] = Math.floor(random.next() * 256);
    p.inject(bytes, { address: '127.0.0.1', port: 1 + Math.floor(random.next() * 60000) });
  }
  p.run(50);
  t.deepEqual(p.server.seen.events, []);
  t.true(p.server.protocol.peers.every((peer) => peer.state === 0));
  t.true(Date.now() - started < 5000);
});

test('truncated: every prefix of every datagram a connected client sent, replayed, delivers nothing new', (t) => {
  const p = pair();
  const { peer } = connected(p);
  for (let i = 0; i < 20; i++) peer.send(i % 2, Uint8Array.of(i, i, i), P.PACKET_FLAG_RELIABLE);
  peer.send(0, new Uint8Array(5000).fill(7), P.PACKET_FLAG_RELIABLE);
  p.run(100);
  const before = receives(p.server.seen.events);
  t.is(before, 21);
  for (const datagram of p.client.seen.sent) for (let length = 0; length < datagram.length; length++) p.inject(datagram.subarray(0, length));
  p.run(100);
  t.is(receives(p.server.seen.events), before, 'replays and prefixes are duplicates or broken: nothing delivered');
  peer.send(0, Uint8Array.of(99), P.PACKET_FLAG_RELIABLE);
  p.run(100);
  const last = p.server.seen.events.at(-1);
  t.deepEqual(last?.data, Uint8Array.of(99), 'the connection still works, in order');
});

test('forged peer id, session id or source port: ignored; the same command from the real peer is taken (control)', (t) => {
  const p = pair();
  const { peer } = connected(p);
  const command = reliable(0, 1, Uint8Array.of(1, 2, 3));
  p.inject(datagramFrom(peer, [command], { session: (peer.outgoingSessionID + 1) & 3 }));
  p.inject(datagramFrom(peer, [command], { peerID: (peer.outgoingPeerID + 1) % 8 }));
  p.inject(datagramFrom(peer, [command], { peerID: 4000 }));
  p.inject(datagramFrom(peer, [command]), { address: CLIENT.address, port: CLIENT.port + 1 });
  p.inject(datagramFrom(peer, [command]), { address: '127.0.0.2', port: CLIENT.port });
  t.is(receives(p.server.seen.events), 0);
  p.inject(datagramFrom(peer, [command]));
  t.is(receives(p.server.seen.events), 1, 'control: the genuine header is accepted');
});

test('fragments that do not add up are refused before anything is allocated', (t) => {
  const p = pair();
  const { slot, peer } = connected(p);
  const five = new Uint8Array(5).fill(1);
  const lies = [
    fragment(0, { start: 1, count: 2, number: 0, total: 64 * 1024 + 1, offset: 0 }, five), // total above maxPacketSize
    fragment(0, { start: 1, count: 20, number: 0, total: 10, offset: 0 }, five), // more fragments than bytes
    fragment(0, { start: 1, count: 2, number: 2, total: 10, offset: 0 }, five), // number >= count
    fragment(0, { start: 1, count: 2, number: 1, total: 10, offset: 10 }, five), // offset >= total
    fragment(0, { start: 1, count: 2, number: 1, total: 10, offset: 8 }, five), // data past the end
    fragment(0, { start: 1, count: P.MAXIMUM_FRAGMENT_COUNT + 1, number: 0, total: 64 * 1024, offset: 0 }, five),
    fragment(0, { start: 1, count: 2, number: 0, total: 10, offset: 0 }, five, 500), // claims more data than the datagram has
    fragment(5, { start: 1, count: 2, number: 0, total: 10, offset: 0 }, five), // a channel that is not open
  ];
  for (const lie of lies) p.inject(datagramFrom(peer, [lie]));
  t.is(slot.totalWaitingData, 0);
  t.true(slot.channels.every((channel) => channel.incomingReliableCommands.length === 0));
  p.inject(datagramFrom(peer, [fragment(0, { start: 1, count: 2, number: 0, total: 10, offset: 0 }, five)]));
  t.is(slot.totalWaitingData, 10, 'a consistent first fragment is held');
  p.inject(datagramFrom(peer, [fragment(0, { start: 1, count: 2, number: 1, total: 12, offset: 5 }, five)]));
  p.inject(datagramFrom(peer, [fragment(0, { start: 1, count: 3, number: 1, total: 10, offset: 5 }, five)]));
  t.is(receives(p.server.seen.events), 0, 'a fragment disagreeing on total or count does not complete it');
  p.inject(datagramFrom(peer, [fragment(0, { start: 1, count: 2, number: 1, total: 10, offset: 5 }, new Uint8Array(5).fill(2))]));
  const events = p.server.seen.events.filter((event) => event.type === 'receive');
  t.is(events.length, 1, 'control: the right second fragment completes it');
  t.deepEqual(events[0]?.data, Uint8Array.of(1, 1, 1, 1, 1, 2, 2, 2, 2, 2));
});

test('incomplete fragmented messages are bounded by enetMaxWaitingData', (t) => {
  const p = pair({ maximumPacketSize: 64 * 1024, maximumWaitingData: 256 * 1024, peerCount: 4 });
  const { slot, peer } = connected(p);
  const one = new Uint8Array(100);
  for (let start = 2; start < 2 + 200 * 3; start += 3) {
    p.inject(datagramFrom(peer, [fragment(0, { start, count: 3, number: 0, total: 60 * 1024, offset: 0 }, one)]));
  }
  t.true(slot.totalWaitingData < 256 * 1024 + 64 * 1024, `held ${slot.totalWaitingData}`);
  t.true(slot.channels[0]!.incomingReliableCommands.length <= 5);
  t.is(receives(p.server.seen.events), 0);
});

test('connect flood from 100 source ports: at most peerCount slots answer, and they free themselves by time-out', (t) => {
  const p = pair({ maximumPacketSize: 64 * 1024, maximumWaitingData: 256 * 1024, peerCount: 8 });
  for (let port = 3000; port < 3100; port++) {
    const body = connectBody(P.COMMAND_CONNECT | P.FLAG_ACKNOWLEDGE, {
      outgoingPeerID: 0, incomingSessionID: 0xff, outgoingSessionID: 0xff, mtu: 1400, windowSize: 65536, channelCount: 2,
      incomingBandwidth: 0, outgoingBandwidth: 0, packetThrottleInterval: 5000, packetThrottleAcceleration: 2, packetThrottleDeceleration: 2,
      connectID: port, data: 0,
    });
    const datagram = new Uint8Array(4 + body.length);
    new DataView(datagram.buffer).setUint16(0, P.MAXIMUM_PEER_ID | P.HEADER_FLAG_SENT_TIME);
    datagram.set(body, 4);
    p.inject(datagram, { address: '127.0.0.1', port });
  }
  t.is(p.server.protocol.peers.filter((peer) => peer.state !== 0).length, 8);
  p.run(10);
  const answered = new Set(p.server.protocol.peers.map((peer) => peer.port));
  t.is(answered.size, 8);
  p.run(40_000);
  t.true(p.server.protocol.peers.every((peer) => peer.state === 0), 'the half-open slots timed out');
  t.deepEqual(p.server.seen.events, [], 'no connect event for a handshake never finished');
});

test('over real UDP: a flood of CONNECTs from 40 sockets gets exactly peerCount answers, and a real client finds no free slot meanwhile', async (t) => {
  const host = new EnetHost({ peerCount: 4 });
  t.teardown(() => host.close());
  await host.listen(0, IpAddress.LocalHost);
  const sockets: UdpSocket[] = [];
  const probe = new EnetHost({ peerCount: 1 });
  t.teardown(() => probe.close());
  for (let i = 0; i < 40; i++) {
    const socket = new UdpSocket();
    socket.setBlocking(false);
    t.teardown(() => socket.unbind());
    await socket.bind(0, IpAddress.LocalHost);
    const body = connectBody(P.COMMAND_CONNECT | P.FLAG_ACKNOWLEDGE, {
      outgoingPeerID: 0, incomingSessionID: 0xff, outgoingSessionID: 0xff, mtu: 1400, windowSize: 65536, channelCount: 1,
      incomingBandwidth: 0, outgoingBandwidth: 0, packetThrottleInterval: 5000, packetThrottleAcceleration: 2, packetThrottleDeceleration: 2,
      connectID: i + 1, data: 0,
    });
    const datagram = new Uint8Array(4 + body.length);
    new DataView(datagram.buffer).setUint16(0, P.MAXIMUM_PEER_ID | P.HEADER_FLAG_SENT_TIME);
    datagram.set(body, 4);
    await socket.send(datagram, IpAddress.LocalHost, host.getLocalPort());
    sockets.push(socket);
  }
  await new Promise((resolve) => setTimeout(resolve, 200));
  let answered = 0;
  for (const socket of sockets) if ((await socket.receive(4096)).status === SocketStatus.Done) answered++;
  t.is(answered, 4);
  probe.setBlocking(false);
  const { peer } = await probe.connect(IpAddress.LocalHost, host.getLocalPort());
  peer!.setTimeout(0, 300, 600);
  probe.setBlocking(true);
  const { event } = await probe.service(3000);
  t.is(event?.type, EnetEventType.Disconnect, 'every slot is taken: the real client is not answered either');
});

test('a first fragment announcing a large total allocates what arrived, not the total (memory follows what the peer sent)', (t) => {
  const p = pair({ maximumPacketSize: 4 * 1024 * 1024, maximumWaitingData: 32 * 1024 * 1024, peerCount: 4 });
  const { slot, peer } = connected(p);
  const small = new Uint8Array(100).fill(3);
  const before = process.memoryUsage().arrayBuffers;
  // Ten datagrams of ~150 bytes, each the first fragment of a different 4 MiB message.
  for (let start = 2; start < 2 + 10 * 3; start += 3) {
    p.inject(datagramFrom(peer, [fragment(0, { start, count: 3, number: 0, total: 4 * 1024 * 1024, offset: 0 }, small)]));
  }
  const grown = process.memoryUsage().arrayBuffers - before;
  const held = slot.channels[0]!.incomingReliableCommands;
  t.true(held.length >= 8, `${held.length} messages waiting for their fragments`);
  t.true(slot.totalWaitingData >= 32 * 1024 * 1024, 'the announced totals count against enetMaxWaitingData, as in ENet');
  t.true(held.every((incoming) => incoming.data.length === 0), 'no message allocated at its first fragment');
  t.true(grown < 4 * 1024 * 1024, `array buffers grew by ${grown} bytes for ${held.length} messages announcing 4 MiB each`);
});
