/**
 * EnetHost settings between two SDK hosts: the MTU (the smaller of both sides' is used, its range
 * is checked) and the peer fields the bandwidth-limit and throttle-configure commands set. The
 * same against the ENet C library: test/interop/enetControl.test.ts.
 */
import test, { type ExecutionContext } from 'ava';
import { EnetEventType, EnetHost, type EnetHostSettings, type EnetPeer, IpAddress, SocketStatus } from '../../src/index.js';

async function pair(t: ExecutionContext, server: EnetHostSettings, client: EnetHostSettings): Promise<{ a: EnetHost; b: EnetHost; fromA: EnetPeer; fromB: EnetPeer }> {
  const a = new EnetHost(server);
  const b = new EnetHost(client);
  t.teardown(() => a.close());
  t.teardown(() => b.close());
  t.is((await a.listen(0, IpAddress.LocalHost)).status, SocketStatus.Done);
  const { status, peer } = await b.connect(IpAddress.LocalHost, a.getLocalPort(), 1);
  t.is(status, SocketStatus.Done);
  const { event } = await a.service(5000);
  if (event?.type !== EnetEventType.Connect || peer === null) throw new Error('no connection');
  return { a, b, fromA: event.peer, fromB: peer };
}

test('the MTU of a connection is the smaller of both hosts\' settings, whichever side is smaller', async (t) => {
  const small = await pair(t, { mtu: 1000 }, {});
  t.deepEqual([small.fromA.getMtu(), small.fromB.getMtu()], [1000, 1000], 'listening host smaller');
  const other = await pair(t, {}, { mtu: 800 });
  t.deepEqual([other.fromA.getMtu(), other.fromB.getMtu()], [800, 800], 'connecting host smaller');
  const plain = await pair(t, {}, {});
  t.deepEqual([plain.fromA.getMtu(), plain.fromB.getMtu()], [1400, 1400], "ENet 1.3.17's default");
});

test('the MTU setting is checked: 576 to 4096, an integer', (t) => {
  for (const mtu of [575, 4097, 1200.5, Number.NaN]) t.throws(() => new EnetHost({ mtu }), { instanceOf: RangeError }, String(mtu));
  t.notThrows(() => new EnetHost({ mtu: 576 }).close());
  t.notThrows(() => new EnetHost({ mtu: 4096 }).close());
});

test("bandwidth limits and the throttle configuration reach the other host's peer fields", async (t) => {
  const { a, fromA, fromB } = await pair(t, { incomingBandwidth: 90_000, outgoingBandwidth: 80_000 }, { incomingBandwidth: 70_000, outgoingBandwidth: 60_000 });
  t.deepEqual([fromA.getIncomingBandwidth(), fromA.getOutgoingBandwidth()], [70_000, 60_000], 'from CONNECT');
  t.deepEqual([fromB.getIncomingBandwidth(), fromB.getOutgoingBandwidth()], [90_000, 80_000], 'from VERIFY_CONNECT');
  t.deepEqual(fromB.getThrottleConfiguration(), { interval: 5000, acceleration: 2, deceleration: 2 }, "ENet's defaults");
  // B's outgoing (60000) is at least A's share (50000 for one peer), so B is told the share itself (enet_host_bandwidth_throttle).
  a.bandwidthLimit(50_000, 40_000);
  fromA.throttleConfigure(1500, 7, 9);
  const deadline = Date.now() + 3000;
  while (Date.now() < deadline && (fromB.getIncomingBandwidth() !== 50_000 || fromB.getThrottleConfiguration().interval !== 1500)) await a.service(20);
  t.deepEqual([fromB.getIncomingBandwidth(), fromB.getOutgoingBandwidth()], [50_000, 40_000]);
  t.deepEqual(fromB.getThrottleConfiguration(), { interval: 1500, acceleration: 7, deceleration: 9 });
  t.deepEqual(fromA.getThrottleConfiguration(), { interval: 1500, acceleration: 7, deceleration: 9 }, 'set on its own side too, as in ENet');
  fromA.disconnectNow();
  t.is(fromA.getIncomingBandwidth(), 0, 'a handle whose connection is over reads 0');
  t.deepEqual(fromA.getThrottleConfiguration(), { interval: 5000, acceleration: 2, deceleration: 2 });
});
