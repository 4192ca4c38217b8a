/**
 * Unsequenced sends (ENET_PACKET_FLAG_UNSEQUENCED) across ENet's unsequenced window boundaries
 * and the wrap-around of the 16-bit unsequenced group, against the ENet C library (libenet-dev
 * 1.3.17, test/interop/peers/enet_probe.c), both directions at once.
 *
 * ENet numbers each unsequenced send with a 16-bit group; the receiver keeps a 1024-group window
 * (`incomingUnsequencedGroup` and a 1024-bit bitmap, ENET_PEER_UNSEQUENCED_WINDOW_SIZE) that moves
 * forward when a later window's group arrives, and accepts groups up to 32 windows ahead
 * (ENET_PEER_FREE_UNSEQUENCED_WINDOWS), counting modulo 65536 (`enet_protocol_handle_send_unsequenced`).
 * 70,000 messages each way cross 68 window boundaries and the wrap from group 65535 to 0: in order
 * (a clean path, or a relay that duplicates datagrams without reordering them) ENet delivers every
 * one exactly once, and so must the SDK.
 *
 * Then, through a relay that sends the datagram ending each window just after the next one
 * (test/interop/scriptedRelay.ts, `lateByOne`), ENet drops the late messages whose window was
 * left: the C library and the SDK must drop exactly the same ones, those the relay predicts from
 * ENet's rule, and deliver every other one.
 *
 * Pacing: each side sends 1024 messages (about ten datagrams), then a reliable [13], and the next
 * 1024 once the other side answered [14]; at most about one batch is in flight each way, far below
 * the socket buffers, so a loaded machine delays the exchange but loses nothing.
 */
import { accepted, connectedHost, listeningHost, startProbe } from './enetProbe.js';
import { relay, type Scenario, scenarioArgs, sdkSide } from './enetScenarios.js';
import { lateByOne, type LateCounts, ScriptedRelay } from './scriptedRelay.js';
import { interopTest, requirePeer } from './toolchain.js';

const probeTest = interopTest('enetProbe');

/** More than 65,536 sends: the group (1, 2, … 65535, 0, 1, …) wraps once. */
const WRAP: Scenario = { name: 'unseq', count: 70_000, size: 0, batch: 1024 };
const TIMEOUT_MS = 60_000;

probeTest('70,000 unsequenced each way across the group wrap-around, SDK host and ENet C client, clean path: every one once', async (t) => {
  const command = await requirePeer(t, 'enetProbe', 90_000);
  if (command === null) return;
  const host = await listeningHost(t);
  const probe = startProbe(t, command, ['client', 'unseq', '127.0.0.1', host.getLocalPort(), ...scenarioArgs(WRAP)]);
  const peer = await accepted(t, host);
  if (peer === null) return;
  const started = Date.now();
  const { sdk, c } = await sdkSide(t, host, peer, probe, WRAP, TIMEOUT_MS);
  t.log(`${Date.now() - started} ms`);
  t.deepEqual(sdk.errors, [], 'the SDK delivered none twice');
  t.is(sdk.unreliable, WRAP.count, 'the SDK received every unsequenced message of the C client');
  t.deepEqual(c, [WRAP.count], 'the C client received every unsequenced message of the SDK, none twice (it fails on a duplicate)');
});

probeTest('70,000 unsequenced each way across the group wrap-around, SDK client and ENet C host, through a relay duplicating 30%: every one once', async (t) => {
  const command = await requirePeer(t, 'enetProbe', 90_000);
  if (command === null) return;
  const probe = startProbe(t, command, ['server', 'unseq', '127.0.0.1', 0, ...scenarioArgs(WRAP)]);
  const path = await relay(t, await probe.port, { duplicate: 0.3 });
  const connected = await connectedHost(t, path.port);
  if (connected === null) return;
  const started = Date.now();
  const { sdk, c } = await sdkSide(t, connected.host, connected.peer, probe, WRAP, TIMEOUT_MS);
  t.log(`${Date.now() - started} ms; relay ${JSON.stringify(path.counts)}`);
  t.deepEqual(sdk.errors, [], 'the SDK delivered none twice');
  t.is(sdk.unreliable, WRAP.count, 'the SDK received every one (in order, a duplicate never pushes an original out of the window)');
  t.deepEqual(c, [WRAP.count], 'the C host received every one exactly once (it fails on a duplicate)');
  const { forward, backward } = path.counts;
  t.true(forward.duplicated > 100 && backward.duplicated > 100, 'the relay duplicated datagrams each way');
  t.is(forward.lost + backward.lost + forward.overflowed + backward.overflowed, 0, 'and lost none');
});

probeTest('70,000 unsequenced each way, SDK host and ENet C client, the datagram ending each window sent late: the SDK drops exactly the messages ENet drops', async (t) => {
  const command = await requirePeer(t, 'enetProbe', 90_000);
  if (command === null) return;
  const host = await listeningHost(t);
  const toSdk: LateCounts = { held: 0, late: [], inWindow: [] };
  const toC: LateCounts = { held: 0, late: [], inWindow: [] };
  const path = await ScriptedRelay.start(host.getLocalPort(), lateByOne(toSdk), lateByOne(toC));
  t.teardown(() => path.close());
  const probe = startProbe(t, command, ['client', 'unseq', '127.0.0.1', path.port, ...scenarioArgs(WRAP)]);
  const peer = await accepted(t, host);
  if (peer === null) return;
  const { sdk, c } = await sdkSide(t, host, peer, probe, WRAP, TIMEOUT_MS);
  const cMissing = (await probe.line(/^missing((?: \d+)*)$/))[1]?.split(' ').filter((x) => x !== '').map(Number) ?? [];
  const sdkMissing = Array.from({ length: WRAP.count }, (_, i) => i).filter((i) => !sdk.seen.has(i));
  t.log(`held: ${toSdk.held} to the SDK (late messages ${toSdk.late.length}, in window ${toSdk.inWindow.length}), ${toC.held} to C (${toC.late.length}, ${toC.inWindow.length})`);
  t.true(toSdk.held >= 60 && toC.held >= 60, 'a datagram held back at (nearly) every one of the 68 window ends, each way');
  t.true(toSdk.late.length > 0 && toC.late.length > 0, 'some held messages were of a window already left');
  t.deepEqual(cMissing, [...toC.late].sort((a, b) => a - b), 'the C library dropped exactly the late messages of a left window (the relay predicts ENet)');
  t.deepEqual(sdkMissing, [...toSdk.late].sort((a, b) => a - b), 'the SDK dropped exactly the same kind: those of a left window, no other');
  t.deepEqual(sdk.errors, [], 'and delivered none twice');
  t.deepEqual(c, [WRAP.count - toC.late.length]);
});
