/**
 * ENet's optional CRC32 checksum (`host->checksum = enet_crc32`, `new EnetHost({ checksum: true })`)
 * with unsequenced sends and unreliable fragments, against the ENet C library (libenet-dev 1.3.17,
 * test/interop/peers/enet_probe.c with "+crc"), both directions at once, the SDK as host of a C
 * client and as client of a C host:
 * - on a clean path every message arrives, intact, once;
 * - through a relay that flips the last byte of some datagrams (test/interop/scriptedRelay.ts),
 *   each receiver drops exactly the corrupted datagrams: the unsequenced messages and unreliable
 *   fragments they carried are missing, nothing else is, nothing arrives corrupted; reliable
 *   fragments are corrupted until resent, and the reliable message still arrives;
 * - without the checksum the same relay's corruption is delivered (the control: the relay does
 *   corrupt what the checksum then catches).
 */
import test, { type ExecutionContext } from 'ava';
import type { EnetHost, EnetPeer } from '../../src/index.js';
import { type Carried, corrupter, type CorruptOptions, type DirectionCounts, indexOf, ScriptedRelay } from './scriptedRelay.js';
import { accepted, connectedHost, listeningHost, type Probe, startProbe } from './enetProbe.js';
import { type Received, type Scenario, scenarioArgs, sdkSide } from './enetScenarios.js';
import { interopTest, requirePeer } from './toolchain.js';

const probeTest = interopTest('enetProbe');

const UNSEQ: Scenario = { name: 'unseq', count: 1000, size: 0 }; // groups 1 to 1000: ENet's first unsequenced window
const FRAG: Scenario = { name: 'frag', count: 20, size: 4000 }; // 3 fragments each at the default MTU

type Role = 'SDK host' | 'SDK client';

interface Run {
  readonly sdk: Received;
  readonly c: number[];
  /** What the relay corrupted on the way to the SDK and to the C side (empty without a relay). */
  readonly toSdk: readonly Carried[];
  readonly toC: readonly Carried[];
  /** The largest datagram the relay saw from the SDK and from the C side (0 without a relay). */
  readonly largest: { readonly sdk: number; readonly c: number };
}

/** Runs `s` with the SDK as `role`, both sides with `checksum`, through a corrupting relay when `corrupt` is given. */
async function run(t: ExecutionContext, role: Role, s: Scenario, checksum: boolean, corrupt?: Omit<CorruptOptions, 'checksum'>): Promise<Run | null> {
  const command = await requirePeer(t, 'enetProbe');
  if (command === null) return null;
  const settings = { checksum };
  const mode = (m: string): string => (checksum ? `${m}+crc` : m);
  const forward: DirectionCounts = { relayed: 0, largest: 0, corrupted: [] };
  const backward: DirectionCounts = { relayed: 0, largest: 0, corrupted: [] };
  const through = async (port: number): Promise<ScriptedRelay | null> => {
    if (corrupt === undefined) return null;
    const options = { ...corrupt, checksum };
    const started = await ScriptedRelay.start(port, corrupter(options, forward, corrupt.forward ?? true), corrupter(options, backward, corrupt.backward ?? true));
    t.teardown(() => started.close());
    return started;
  };
  let host: EnetHost;
  let peer: EnetPeer | null;
  let probe: Probe;
  let path: ScriptedRelay | null;
  if (role === 'SDK host') {
    host = await listeningHost(t, settings);
    path = await through(host.getLocalPort());
    probe = startProbe(t, command, [mode('client'), s.name, '127.0.0.1', path?.port ?? host.getLocalPort(), ...scenarioArgs(s)]);
    peer = await accepted(t, host);
  } else {
    probe = startProbe(t, command, [mode('server'), s.name, '127.0.0.1', 0, ...scenarioArgs(s)]);
    const port = await probe.port;
    path = await through(port);
    const connected = await connectedHost(t, path?.port ?? port, settings);
    host = connected?.host as EnetHost;
    peer = connected?.peer ?? null;
  }
  if (peer === null) return null;
  const { sdk, c } = await sdkSide(t, host, peer, probe, s);
  // The relay's client is the C client (SDK host) or the SDK (SDK client): forward goes to the other.
  const [toSdk, toC] = role === 'SDK host' ? [forward, backward] : [backward, forward];
  return { sdk, c, toSdk: toSdk.corrupted, toC: toC.corrupted, largest: { sdk: toC.largest, c: toSdk.largest } };
}

/** The indexes of the unsequenced messages [5][u32 i] in the corrupted datagrams. */
function unsequencedIn(corrupted: readonly Carried[]): number[] {
  return corrupted.flatMap((datagram) => datagram.unsequenced.map(indexOf)).sort((a, b) => a - b);
}

/** How many unreliable-fragment messages had a fragment in the corrupted datagrams. */
function fragmentMessagesIn(corrupted: readonly Carried[]): number {
  return new Set(corrupted.flatMap((datagram) => datagram.unreliableFragments)).size;
}

const reliableFragmentsIn = (corrupted: readonly Carried[]): number => corrupted.reduce((sum, datagram) => sum + datagram.reliableFragments.length, 0);

const CLEAN = test.macro({
  async exec(t, role: Role, s: Scenario) {
    const result = await run(t, role, s, true);
    if (result === null) return;
    const { sdk, c } = result;
    t.deepEqual(sdk.errors, [], 'every message the SDK received was intact, once, in its order');
    t.is(sdk.unreliable, s.count, 'the SDK received every one of the C side');
    if (s.name === 'unseq') {
      t.deepEqual(c, [s.count], 'the C side received every one of the SDK (it fails on a corrupt or twice-delivered one)');
    } else {
      t.is(sdk.flagZero, 1);
      t.deepEqual(c, [s.count, 1], 'the C side received every one of the SDK, whole (it fails on a corrupt one)');
    }
  },
  title: (_ = '', role: Role, s: Scenario) => `CRC32 on both, ${role}, ${s.name === 'unseq' ? `${s.count} unsequenced` : `${s.count} unreliable fragments of ${s.size} B`} each way: all arrive intact on a clean path`,
});

const CORRUPTED = test.macro({
  async exec(t, role: Role, s: Scenario) {
    const result = await run(t, role, s, true, { every: s.name === 'unseq' ? 3 : 7 });
    if (result === null) return;
    const { sdk, c, toSdk, toC } = result;
    t.log(`corrupted datagrams: ${toSdk.length} to the SDK, ${toC.length} to C; received: SDK ${sdk.unreliable}, C ${c[0]} of ${s.count}`);
    t.deepEqual(sdk.errors, [], 'nothing the SDK delivered was corrupt or twice');
    if (s.name === 'unseq') {
      const lostToSdk = unsequencedIn(toSdk);
      const lostToC = unsequencedIn(toC);
      t.true(lostToSdk.length > 0 && lostToC.length > 0, 'each way, some datagram with unsequenced messages was corrupted');
      const missing = Array.from({ length: s.count }, (_, i) => i).filter((i) => !sdk.seen.has(i));
      t.deepEqual(missing, lostToSdk, 'the SDK dropped exactly the messages of the corrupted datagrams');
      t.deepEqual(c, [s.count - lostToC.length], 'the C side dropped exactly as many as the corrupted datagrams carried');
    } else {
      const lostToSdk = fragmentMessagesIn(toSdk);
      const lostToC = fragmentMessagesIn(toC);
      t.true(lostToSdk > 0 && lostToC > 0, 'each way, some unreliable fragment was corrupted');
      t.is(sdk.unreliable, s.count - lostToSdk, 'the SDK dropped exactly the messages with a fragment in a corrupted datagram');
      t.is(c[0], s.count - lostToC, 'so did the C side (it fails on a corrupt message)');
      t.true(sdk.unreliable > 0 && (c[0] as number) > 0, 'some unreliable fragment messages arrived whole');
      t.true(reliableFragmentsIn(toSdk) > 0 && reliableFragmentsIn(toC) > 0, 'some reliable fragment was corrupted, each way');
      t.is(sdk.flagZero, 1, "the reliable (flag-0) fragmented message of the C side arrived through resends");
      t.is(c[1], 1, "the SDK's arrived at the C side through resends");
      // With the checksum a fragment carries 4 bytes less (enet_peer_send): a full one fills the 1400-byte MTU exactly.
      t.deepEqual(result.largest, { sdk: 1400, c: 1400 }, 'the SDK fills datagrams with fragments as ENet does with CRC32: up to the MTU, not past it');
    }
  },
  title: (_ = '', role: Role, s: Scenario) => `CRC32 on both, ${role}, ${s.name === 'unseq' ? 'unsequenced' : 'unreliable and reliable fragments'}, through a relay corrupting datagrams: each side drops exactly those, reliable data is resent`,
});

for (const role of ['SDK host', 'SDK client'] as const) {
  for (const s of [UNSEQ, FRAG]) {
    probeTest(CLEAN, role, s);
    probeTest(CORRUPTED, role, s);
  }
}

probeTest('control: without the checksum, the same relay corruption reaches the SDK (the fragments it corrupted arrive corrupt)', async (t) => {
  // Only the C client's datagrams are corrupted: the C side would stop at the first corrupt message.
  const result = await run(t, 'SDK host', FRAG, false, { every: 7, forward: true, backward: false });
  if (result === null) return;
  const { sdk, c, toSdk } = result;
  t.true(fragmentMessagesIn(toSdk) > 0);
  t.true(sdk.errors.some((error) => /^unreliable fragment \d+ corrupt$/.test(error)), sdk.errors.join('\n'));
  t.true(sdk.errors.includes('flag-0 message corrupt'), 'a corrupted reliable fragment is accepted, and not resent');
  t.deepEqual(c, [FRAG.count, 1], 'the other way was not corrupted');
});
