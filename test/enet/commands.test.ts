/**
 * The commands that change a connection's settings (BANDWIDTH_LIMIT, THROTTLE_CONFIGURE), the
 * packet-loss figure, unsequenced and unreliable-fragment delivery, and the CRC32 of ENet's own
 * test vector, on the in-memory protocol pair and between two SDK hosts.
 */
import test from 'ava';
import { enetCrc32 } from '../../src/enet/crc32.js';
import * as P from '../../src/enet/protocol.js';
import { EnetEventType, EnetHost, EnetPacketFlag, IpAddress } from '../../src/index.js';
import { connected, pair } from './protocolPair.js';

test("enet_crc32 is the reflected CRC-32 (check value of '123456789' is 0xCBF43926)", (t) => {
  t.is(enetCrc32(new TextEncoder().encode('123456789')), 0xcbf43926);
});

test('bandwidth limits travel in BANDWIDTH_LIMIT commands within the throttle interval, computed as enet_host_bandwidth_throttle does', (t) => {
  const p = pair();
  const { slot, peer } = connected(p);
  p.client.protocol.bandwidthLimit(0, 64 * 1024);
  p.run(1500); // the client's next throttle tells the server
  p.server.protocol.bandwidthLimit(256 * 1024, 128 * 1024);
  p.run(1500);
  t.is(slot.outgoingBandwidth, 64 * 1024, "the server learnt the client's upstream");
  t.is(peer.outgoingBandwidth, 128 * 1024, "the client learnt the server's upstream");
  t.is(peer.incomingBandwidth, 64 * 1024, 'a peer sending less than its share is given what it sends');
  t.is(peer.windowSize, P.windowForBandwidth(64 * 1024), 'the window follows the smaller bandwidth');
});

test('THROTTLE_CONFIGURE sets the peer throttle parameters on the other side', (t) => {
  const p = pair();
  const { slot, peer } = connected(p);
  peer.throttleConfigure(1000, 4, 3);
  p.run(100);
  t.deepEqual([slot.packetThrottleInterval, slot.packetThrottleAcceleration, slot.packetThrottleDeceleration], [1000, 4, 3]);
});

test("packet loss is ENet's: resends over commands sent, averaged 1/8 every 10 s", (t) => {
  const p = pair();
  const { peer } = connected(p);
  // The server stops answering: every reliable command the client sends is resent.
  p.server.protocol.peers.forEach((slot) => slot.reset());
  peer.timeoutMinimum = peer.timeoutMaximum = 60_000;
  peer.timeoutLimit = 1000;
  for (let i = 0; i < 4; i++) peer.send(0, Uint8Array.of(i), P.PACKET_FLAG_RELIABLE);
  p.run(30_000);
  t.true(peer.packetLoss > 0, `packetLoss ${peer.packetLoss}`);
  t.true(peer.packetLoss <= P.PEER_PACKET_LOSS_SCALE / 8 + 1, 'one 1/8 step of the mean');
});

test('unsequenced messages arrive once each; a large UnreliableFragment message arrives whole', async (t) => {
  const server = new EnetHost();
  const client = new EnetHost();
  t.teardown(() => {
    server.close();
    client.close();
  });
  await server.listen(0, IpAddress.LocalHost);
  const { peer } = await client.connect(IpAddress.LocalHost, server.getLocalPort(), 2);
  for (let i = 0; i < 50; i++) await peer!.send(1, Uint8Array.of(i), EnetPacketFlag.Unsequenced);
  const big = new Uint8Array(20_000).map((_, k) => k & 0xff);
  await peer!.send(0, big, EnetPacketFlag.UnreliableFragment);
  const seen = new Set<number>();
  let whole: Uint8Array | null = null;
  const end = Date.now() + 5000;
  while (Date.now() < end && (seen.size < 50 || whole === null)) {
    const { event } = await server.service(100);
    if (event?.type !== EnetEventType.Receive) continue;
    if (event.channelID === 1) {
      const value = event.packet.getData()[0] as number;
      t.false(seen.has(value), `unsequenced ${value} twice`);
      seen.add(value);
    } else whole = event.packet.getData().slice();
  }
  t.is(seen.size, 50);
  t.deepEqual(whole, big);
});
