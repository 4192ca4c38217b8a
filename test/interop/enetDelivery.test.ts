/**
 * Delivery modes the ENet "exchange" does not cover, against the ENet C library (libenet-dev
 * 1.3.17, test/interop/peers/enet_probe.c), both directions at once:
 * - unsequenced sends (ENET_PACKET_FLAG_UNSEQUENCED) all arrive on a clean path, and datagrams the
 *   relay duplicates are not delivered twice (ENet's unsequenced window);
 * - messages larger than the MTU sent with ENET_PACKET_FLAG_UNRELIABLE_FRAGMENT arrive whole on a
 *   clean path, and under loss either whole or not at all, never out of order; one sent with flag
 *   0 goes as reliable fragments (as enet_peer_send does) and always arrives.
 */
import type { ExecutionContext } from 'ava';
import { EnetEventType, type EnetEvent, type EnetHost, EnetPacketFlag, type EnetPeer, NodeDatagramTransport, type ConditionerOptions, UdpRelay } from '../../src/index.js';
import { accepted, connectedHost, listeningHost, type Probe, pump, startProbe } from './enetProbe.js';
import { interopTest, requirePeer } from './toolchain.js';

const probeTest = interopTest('enetProbe');

/** What one side received. */
interface Received {
  unreliable: number;
  flagZero: number;
  errors: string[];
}

const u32 = (data: Uint8Array, at: number): number => new DataView(data.buffer, data.byteOffset, data.byteLength).getUint32(at);
const pattern = (k: number, i: number): number => (k * 13 + i) & 0xff;

/** The scenario's messages, as enet_probe.c builds them. */
function fragMessage(kind: 6 | 8, i: number, size: number): Uint8Array {
  const message = new Uint8Array(size);
  message[0] = kind;
  if (kind === 6) new DataView(message.buffer).setUint32(1, i);
  for (let k = kind === 6 ? 5 : 1; k < size; k++) message[k] = pattern(k, i);
  return message;
}

/** Sends what the probe sends in `scenario`: unsequenced or unreliable-fragment messages, then the end marker. */
async function sendScenario(peer: EnetPeer, scenario: 'unseq' | 'frag', count: number, size: number): Promise<void> {
  for (let i = 0; i < count; i++) {
    if (scenario === 'unseq') {
      const message = new Uint8Array(5);
      message[0] = 5;
      new DataView(message.buffer).setUint32(1, i);
      await peer.send(0, message, EnetPacketFlag.Unsequenced);
    } else {
      await peer.send(0, fragMessage(6, i, size), EnetPacketFlag.UnreliableFragment);
    }
  }
  if (scenario === 'frag') await peer.send(1, fragMessage(8, 0, size), 0);
  await peer.send(1, Uint8Array.of(9), EnetPacketFlag.Reliable);
}

/** Checks one message as enet_probe.c does; `true` for the end marker. */
function checkMessage(got: Received, seen: Set<number>, last: { index: number }, event: EnetEvent, count: number, size: number): boolean {
  if (event.type !== EnetEventType.Receive) return false;
  const data = event.packet.getData();
  if (data.length === 1 && data[0] === 9) return true;
  const wrong = (what: string): void => void got.errors.push(what);
  if (data[0] === 5 && data.length === 5) {
    const i = u32(data, 1);
    if (i >= count || seen.has(i)) wrong(`unsequenced ${i} out of range or delivered twice`);
    seen.add(i);
    got.unreliable++;
  } else if (data[0] === 6 && data.length === size) {
    const i = u32(data, 1);
    if (i >= count || i <= last.index) wrong(`unreliable fragment ${i} after ${last.index}`);
    if (data.subarray(5).some((byte, k) => byte !== pattern(k + 5, i))) wrong(`unreliable fragment ${i} corrupt`);
    last.index = i;
    got.unreliable++;
  } else if (data[0] === 8 && data.length === size && event.channelID === 1) {
    if (data.subarray(1).some((byte, k) => byte !== pattern(k + 1, 0))) wrong('flag-0 message corrupt');
    got.flagZero++;
  } else {
    wrong(`unexpected message of ${data.length} bytes starting ${data[0]} on channel ${event.channelID}`);
  }
  return false;
}

/** The SDK's side: sends, receives until 300 ms after the probe's end marker, checks the probe's result, disconnects. */
async function sdkSide(t: ExecutionContext, host: EnetHost, peer: EnetPeer, probe: Probe, scenario: 'unseq' | 'frag', count: number, size: number): Promise<{ sdk: Received; c: number[] }> {
  const got: Received = { unreliable: 0, flagZero: 0, errors: [] };
  const seen = new Set<number>();
  const last = { index: -1 };
  let endAt = Infinity;
  let sending: Promise<void> | null = null;
  // As the probe does: a reliable hello first, the messages once the other's hello came (unreliable
  // data racing the acknowledgement of the connection is dropped by a host still acknowledging it, as ENet does).
  peer.throttleConfigure(5000, 2, 0); // as the probe: the throttle never drops an unreliable send here
  await peer.send(1, Uint8Array.of(12), EnetPacketFlag.Reliable);
  await pump(host, (event) => {
    if (event.type === EnetEventType.Receive && event.packet.getDataSize() === 1 && event.packet.getData()[0] === 12) sending ??= sendScenario(peer, scenario, count, size);
    else if (checkMessage(got, seen, last, event, count, size)) endAt = Date.now() + 300;
  }, () => Date.now() >= endAt);
  await sending;
  t.not(sending, null, "the probe's hello arrived");
  t.not(endAt, Infinity, "the probe's end marker arrived");
  const result = await probe.line(new RegExp(`^result ${scenario} (\\d+)(?: (\\d+))?$`));
  peer.disconnect();
  t.is(await probe.exited, 0, probe.output());
  return { sdk: got, c: result.slice(1).filter((x) => x !== undefined).map(Number) };
}

async function relay(t: ExecutionContext, port: number, options: ConditionerOptions): Promise<UdpRelay> {
  const started = await UdpRelay.start(new NodeDatagramTransport(), { target: { address: '127.0.0.1', port }, forward: { ...options, seed: 11 }, backward: { ...options, seed: 13 } });
  t.teardown(() => started.close());
  return started;
}

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
  const { sdk, c } = await sdkSide(t, host, peer, probe, 'unseq', UNSEQUENCED, 0);
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
  const { sdk, c } = await sdkSide(t, connected.host, connected.peer, probe, 'unseq', UNSEQUENCED, 0);
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
  const { sdk, c } = await sdkSide(t, connected.host, connected.peer, probe, 'frag', FRAGMENTS.count, FRAGMENTS.size);
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
  const { sdk, c } = await sdkSide(t, host, peer, probe, 'frag', count, FRAGMENTS.size);
  const cCount = c[0] as number;
  t.log(`received: SDK ${sdk.unreliable}, C ${cCount} of ${count}; relay ${JSON.stringify(path.counts)}`);
  t.deepEqual(sdk.errors, [], 'every unreliable message the SDK delivered was whole and in order');
  t.is(sdk.flagZero, 1, 'the flag-0 message (reliable fragments) arrived');
  t.is(c[1], 1);
  t.true(sdk.unreliable >= 1 && cCount >= 1, `some arrived: SDK ${sdk.unreliable}, C ${cCount}`);
  t.true(sdk.unreliable + cCount < 2 * count, `some were lost: SDK ${sdk.unreliable}, C ${cCount}`);
  t.true(path.counts.forward.lost > 0 && path.counts.backward.lost > 0, JSON.stringify(path.counts));
});
