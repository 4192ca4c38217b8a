/**
 * The figures and time-outs of ENet's `protocol.c` against the ENet C library (libenet-dev
 * 1.3.17, test/interop/peers/enet_probe.c), with ENet's default settings: the round-trip time and
 * packet loss the SDK computes for a lossy path are those the C peer computes for the same path, a
 * stopped C peer is timed out by the SDK, and a silent SDK peer is timed out by the C host. These
 * take 5 to 12 s each (ENet's packet loss is averaged over 10 s, its shortest time-out is 5 s), so
 * they live in one file and run concurrently.
 *
 * ENet's rule (`enet_protocol_check_timeouts`): a peer is dropped when a reliable command's resend
 * time-out expires and the earliest unacknowledged command was sent `timeoutMaximum` (30 s) ago, or
 * `timeoutMinimum` (5 s) ago once that command's time-out has doubled up to `timeoutLimit` (32)
 * times its first value. On loopback the first time-out is a few ms, so the limit is reached well
 * within 5 s: the drop comes at the first expiry after 5 s, which the doubling places before 10 s;
 * the first unacknowledged command (a ping) leaves at most one ping interval (0.5 s) after the
 * peer went silent.
 */
import { EnetEventType, EnetPeer, EnetPacketFlag, NodeDatagramTransport, UdpRelay } from '../../src/index.js';
import { accepted, connectedHost, listeningHost, pump, startProbe } from './enetProbe.js';
import { interopTest, requirePeer } from './toolchain.js';

const probeTest = interopTest('enetProbe');

/** ENet's default time-outs, as bounds of the time from the silence to the drop (see above), with room for a loaded machine. */
const SOONEST_MS = 4900;
const LATEST_MS = 13_000;

probeTest('a stopped ENet C client (SIGSTOP) is timed out by the SDK host within ENet\'s default bounds', async (t) => {
  const command = await requirePeer(t, 'enetProbe', 60_000);
  if (command === null) return;
  const host = await listeningHost(t);
  const probe = startProbe(t, command, ['client', 'timeout', '127.0.0.1', host.getLocalPort()]);
  const peer = await accepted(t, host);
  if (peer === null) return;
  await probe.line(/^connected$/);
  const stoppedAt = Date.now();
  process.kill(probe.pid, 'SIGSTOP'); // the teardown's SIGKILL ends it stopped or not
  let droppedAt = 0;
  await pump(host, (event) => {
    if (event.type === EnetEventType.Disconnect && event.peer === peer) droppedAt = Date.now();
  }, () => droppedAt !== 0, 35_000);
  const elapsed = droppedAt - stoppedAt;
  t.log(`the SDK dropped the stopped C peer after ${elapsed} ms`);
  t.true(droppedAt !== 0 && elapsed >= SOONEST_MS && elapsed <= LATEST_MS, `dropped after ${elapsed} ms`);
});

probeTest('an SDK client gone silent (reset, nothing sent) is timed out by the ENet C host within the same bounds', async (t) => {
  const command = await requirePeer(t, 'enetProbe', 60_000);
  if (command === null) return;
  const probe = startProbe(t, command, ['server', 'timeout', '127.0.0.1', 0]);
  const connected = await connectedHost(t, await probe.port);
  if (connected === null) return;
  await probe.line(/^connected$/);
  const silentAt = Date.now();
  connected.peer.reset(); // the slot is freed here: the C host's pings and resends are ignored from now on
  await probe.line(/^disconnected$/, 35_000);
  const elapsed = Date.now() - silentAt;
  t.log(`the C host dropped the silent SDK peer after ${elapsed} ms`);
  t.true(elapsed >= SOONEST_MS && elapsed <= LATEST_MS, `dropped after ${elapsed} ms`);
  t.is(await probe.exited, 0, probe.output());
});

/** Sends a reliable 32-byte message every `periodMs` while the peer is up, as the probe's "stats" scenario does. */
function steadyTraffic(peer: EnetPeer, periodMs: number): () => void {
  const timer = setInterval(() => void peer.send(0, new Uint8Array(32).fill(0x33), EnetPacketFlag.Reliable), periodMs);
  return () => clearInterval(timer);
}

probeTest('round-trip time and packet loss: the SDK client and the ENet C host compute the same figures for a path with 25 ms latency and 10% loss each way', async (t) => {
  const command = await requirePeer(t, 'enetProbe', 60_000);
  if (command === null) return;
  const probe = startProbe(t, command, ['server', 'stats', '127.0.0.1', 0, 20]);
  const lossy = { loss: 0.1, latencyMs: 25 };
  const relay = await UdpRelay.start(new NodeDatagramTransport(), { target: { address: '127.0.0.1', port: await probe.port }, forward: { ...lossy, seed: 21 }, backward: { ...lossy, seed: 23 } });
  t.teardown(() => relay.close());
  const connected = await connectedHost(t, relay.port);
  if (connected === null) return;
  const { host, peer } = connected;
  const stop = steadyTraffic(peer, 20);
  t.teardown(stop);
  // ENet averages the packet loss every 10 s: past 11.5 s both sides have done it once.
  const reportAt = Date.now() + 11_500;
  await pump(host, () => undefined, () => Date.now() >= reportAt, 15_000);
  const sdk = { rtt: peer.getRoundTripTime(), rttvar: peer.getRoundTripTimeVariance(), loss: peer.getPacketLoss(), lossvar: peer.getPacketLossVariance() };
  await peer.send(1, Uint8Array.of(11), EnetPacketFlag.Reliable);
  const match = await probe.line(/^stats rtt=(\d+) rttvar=(\d+) loss=(\d+) lossvar=(\d+)$/, 10_000);
  const c = { rtt: Number(match[1]), rttvar: Number(match[2]), loss: Number(match[3]), lossvar: Number(match[4]) };
  stop();
  peer.disconnect();
  t.log('SDK', sdk, 'C', c, 'relay', relay.counts);
  // The path's round trip is 50 ms plus processing; ENet's smoothing keeps both near it.
  t.true(sdk.rtt >= 45 && sdk.rtt <= 300 && c.rtt >= 45 && c.rtt <= 300, `round-trip times: SDK ${sdk.rtt}, C ${c.rtt}`);
  t.true(sdk.rtt <= 1.6 * c.rtt && c.rtt <= 1.6 * sdk.rtt, `round-trip times within 1.6x: SDK ${sdk.rtt}, C ${c.rtt}`);
  // A reliable command is resent when it or its acknowledgement is lost (about 19% here); after one
  // 10 s interval ENet's average holds 1/8 of that, out of 65536: about 1500.
  t.true(sdk.loss > 0 && c.loss > 0, `packet loss: SDK ${sdk.loss}, C ${c.loss}`);
  t.true(sdk.loss <= 2 * c.loss && c.loss <= 2 * sdk.loss, `packet loss within 2x: SDK ${sdk.loss}, C ${c.loss}`);
  t.true(sdk.loss < EnetPeer.PacketLossScale / 16, `packet loss below 1/16 (one interval of at most 50% loss): SDK ${sdk.loss}`);
  t.is(await probe.exited, 0, probe.output());
});
