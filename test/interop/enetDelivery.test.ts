/**
 * Delivery modes the ENet "exchange" does not cover, against the ENet C library (libenet-dev
 * 1.3.17, test/interop/peers/enet_probe.c), both directions at once:
 * - unsequenced sends (ENET_PACKET_FLAG_UNSEQUENCED) all arrive on a clean path, and datagrams the
 *   relay duplicates are not delivered twice (ENet's unsequenced window);
 * - messages larger than the MTU sent with ENET_PACKET_FLAG_UNRELIABLE_FRAGMENT arrive whole on a
 *   clean path, and under loss either whole or not at all, never out of order; one sent with flag
 *   0 goes as reliable fragments (as enet_peer_send does) and always arrives.
 */
import { accepted, connectedHost, listeningHost, startProbe } from './enetProbe.js';
import { relay, sdkSide } from './enetScenarios.js';
import { interopTest, requirePeer } from './toolchain.js';

const probeTest = interopTest('enetProbe');

/**
 * Within ENet's first unsequenced window (1024 groups), where reordering loses nothing; past a
 * window boundary a late datagram of the previous window is dropped (by the C library as by the SDK).
 */
const UNSEQUENCED = 500;

probeTest('unsequenced, SDK host and ENet C client: every message arrives once, both ways, on a clean path', async (t) => {
  const command = await requirePeer(t, 'enetProbe');
  if (command === null) return;
  const host = await listeningHost(t);
  const probe = startProbe(t, command, ['client', 'unseq', '127.0.0.1', host.getLocalPort(), UNSEQUENCED]);
  const peer = await accepted(t, host);
  if (peer === null) return;
  const { sdk, c } = await sdkSide(t, host, peer, probe, { name: 'unseq', count: UNSEQUENCED, size: 0 });
  t.deepEqual(sdk.errors, []);
  t.is(sdk.unreliable, UNSEQUENCED, 'the SDK received every unsequenced message of the C client');
  t.deepEqual(c, [UNSEQUENCED], 'the C client received every unsequenced message of the SDK');
});

probeTest('unsequenced, SDK client and ENet C host, through a relay duplicating 30% and reordering: none delivered twice, none lost', async (t) => {
  const command = await requirePeer(t, 'enetProbe');
  if (command === null) return;
  const probe = startProbe(t, command, ['server', 'unseq', '127.0.0.1', 0, UNSEQUENCED]);
  const path = await relay(t, await probe.port, { duplicate: 0.3, reorder: 0.2, latencyMs: 1, jitterMs: 2 });
  const connected = await connectedHost(t, path.port);
  if (connected === null) return;
  const { sdk, c } = await sdkSide(t, connected.host, connected.peer, probe, { name: 'unseq', count: UNSEQUENCED, size: 0 });
  t.deepEqual(sdk.errors, [], 'the SDK delivered no duplicate');
  t.is(sdk.unreliable, UNSEQUENCED);
  t.deepEqual(c, [UNSEQUENCED], 'the C host got each exactly once (it fails on a duplicate)');
  const { forward, backward } = path.counts;
  t.true(forward.duplicated > 0 && backward.duplicated > 0, JSON.stringify(path.counts));
});

const FRAGMENTS = { count: 20, size: 4000 }; // 3 fragments each at the default MTU

probeTest('unreliable fragments, SDK client and ENet C host: every one arrives whole, both ways, on a clean path; a flag-0 one goes reliable', async (t) => {
  const command = await requirePeer(t, 'enetProbe');
  if (command === null) return;
  const probe = startProbe(t, command, ['server', 'frag', '127.0.0.1', 0, FRAGMENTS.count, FRAGMENTS.size]);
  const connected = await connectedHost(t, await probe.port);
  if (connected === null) return;
  const { sdk, c } = await sdkSide(t, connected.host, connected.peer, probe, { name: 'frag', count: FRAGMENTS.count, size: FRAGMENTS.size });
  t.deepEqual(sdk.errors, []);
  t.deepEqual([sdk.unreliable, sdk.flagZero], [FRAGMENTS.count, 1]);
  t.deepEqual(c, [FRAGMENTS.count, 1]);
});

probeTest('unreliable fragments, SDK host and ENet C client, through a relay losing 20% and duplicating 10%: whole or not at all, in order, never corrupt', async (t) => {
  const command = await requirePeer(t, 'enetProbe');
  if (command === null) return;
  const count = 40;
  const host = await listeningHost(t);
  const path = await relay(t, host.getLocalPort(), { loss: 0.2, duplicate: 0.1, latencyMs: 2 });
  const probe = startProbe(t, command, ['client', 'frag', '127.0.0.1', path.port, count, FRAGMENTS.size]);
  const peer = await accepted(t, host);
  if (peer === null) return;
  const { sdk, c } = await sdkSide(t, host, peer, probe, { name: 'frag', count, size: FRAGMENTS.size });
  const cCount = c[0] as number;
  t.log(`received: SDK ${sdk.unreliable}, C ${cCount} of ${count}; relay ${JSON.stringify(path.counts)}`);
  t.deepEqual(sdk.errors, [], 'every unreliable message the SDK delivered was whole and in order');
  t.is(sdk.flagZero, 1, 'the flag-0 message (reliable fragments) arrived');
  t.is(c[1], 1);
  t.true(sdk.unreliable >= 1 && cCount >= 1, `some arrived: SDK ${sdk.unreliable}, C ${cCount}`);
  t.true(sdk.unreliable + cCount < 2 * count, `some were lost: SDK ${sdk.unreliable}, C ${cCount}`);
  t.true(path.counts.forward.lost > 0 && path.counts.backward.lost > 0, JSON.stringify(path.counts));
});
