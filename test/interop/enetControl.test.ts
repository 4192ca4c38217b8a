/**
 * The bandwidth-limit and throttle commands and the MTU against the ENet C library (libenet-dev
 * 1.3.17, test/interop/peers/enet_probe.c): what `enet_host_bandwidth_limit` and
 * `enet_peer_throttle_configure` do on the C side is seen in the SDK peer's fields, and what the
 * SDK's `bandwidthLimit`, `throttleConfigure` and `mtu` setting do is seen in the C `ENetPeer`'s
 * fields (printed by the probe); a message then crosses in fragments within the MTU.
 */
import type { ExecutionContext } from 'ava';
import { EnetEventType, type EnetHost, EnetPacketFlag, type EnetPeer } from '../../src/index.js';
import { accepted, connectedHost, listeningHost, type Probe, pump, startProbe } from './enetProbe.js';
import { interopTest, requirePeer } from './toolchain.js';

const probeTest = interopTest('enetProbe');

/** The C side: created with 300000/400000 bytes/s, then enet_host_bandwidth_limit(250000, 350000). */
const C_BANDWIDTH = [300_000, 400_000, 250_000, 350_000];
/** The SDK side: created with 500000/600000, then bandwidthLimit(200000, 450000). Both sides' outgoing figures stay above the other's incoming, so ENet's share of it is the whole. */
const SDK_SETTINGS = { incomingBandwidth: 500_000, outgoingBandwidth: 600_000, mtu: 1200 };
const SDK_LIMIT = [200_000, 450_000] as const;
const BIG = 5000;

function fields(peer: EnetPeer): string {
  const { interval, acceleration, deceleration } = peer.getThrottleConfiguration();
  return `in=${peer.getIncomingBandwidth()} out=${peer.getOutgoingBandwidth()} interval=${interval} acc=${acceleration} dec=${deceleration} mtu=${peer.getMtu()}`;
}

/**
 * The SDK's side: limits its bandwidth (and configures the throttle when asked), waits until its
 * peer's fields read `expected` and the C peer printed `cExpected`, sends a message in fragments
 * and checks the C side received it within the MTU and echoed it whole.
 */
async function control(t: ExecutionContext, host: EnetHost, peer: EnetPeer, probe: Probe, throttle: readonly [number, number, number] | null, expected: string, cExpected: string): Promise<void> {
  host.bandwidthLimit(...SDK_LIMIT);
  if (throttle !== null) peer.throttleConfigure(...throttle);
  await pump(host, () => undefined, () => fields(peer) === expected, 5000);
  t.is(fields(peer), expected, "the SDK peer's fields as the ENet C side set them");
  const escaped = cExpected.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  await t.notThrowsAsync(probe.line(new RegExp(`^fields ${escaped}$`), 5000), 'the C ENetPeer fields as the SDK set them');
  const big = new Uint8Array(BIG).map((_, k) => (k * 7) & 0xff);
  big[0] = 10;
  await peer.send(0, big, EnetPacketFlag.Reliable);
  let echo: Uint8Array | null = null;
  await pump(host, (event) => {
    if (event.type === EnetEventType.Receive) echo = event.packet.getData();
  }, () => echo !== null, 10_000);
  t.deepEqual(echo, big, 'the C side echoed the message whole');
  const [, length, largest] = (await probe.line(/^big (\d+) maxdatagram (\d+)$/)).map(Number) as [number, number, number];
  t.is(length, BIG);
  t.true(largest <= SDK_SETTINGS.mtu && largest > SDK_SETTINGS.mtu - 100, `the largest datagram the C side received: ${largest} bytes, within the MTU of ${SDK_SETTINGS.mtu} and filled`);
  peer.disconnect();
  t.is(await probe.exited, 0, probe.output());
}

probeTest("SDK host, ENet C client: its bandwidth limit and throttle configuration reach the SDK peer; the SDK's bandwidth limit and MTU reach the C peer", async (t) => {
  const command = await requirePeer(t, 'enetProbe');
  if (command === null) return;
  const host = await listeningHost(t, SDK_SETTINGS);
  const probe = startProbe(t, command, ['client', 'control', '127.0.0.1', host.getLocalPort(), ...C_BANDWIDTH, 3000, 3, 4]);
  const peer = await accepted(t, host);
  if (peer === null) return;
  // The C client connects with ENet's default MTU (1400): the SDK host answers with its own, smaller one.
  // enet_peer_throttle_configure sets the C side's own fields too: both sides end with the same.
  await control(t, host, peer, probe, null, 'in=250000 out=350000 interval=3000 acc=3 dec=4 mtu=1200', 'in=200000 out=450000 interval=3000 acc=3 dec=4 mtu=1200');
});

probeTest("SDK client, ENet C host: the SDK's bandwidth limit, throttle configuration and MTU reach the C peer; the C host's bandwidth limit reaches the SDK peer", async (t) => {
  const command = await requirePeer(t, 'enetProbe');
  if (command === null) return;
  const probe = startProbe(t, command, ['server', 'control', '127.0.0.1', 0, ...C_BANDWIDTH, 0, 0, 0]);
  const connected = await connectedHost(t, await probe.port, SDK_SETTINGS);
  if (connected === null) return;
  await control(t, connected.host, connected.peer, probe, [2000, 5, 6], 'in=250000 out=350000 interval=2000 acc=5 dec=6 mtu=1200', 'in=200000 out=450000 interval=2000 acc=5 dec=6 mtu=1200');
});
