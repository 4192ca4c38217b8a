/**
 * The SDK's EnetHost against the ENet C library (Debian's libenet-dev 1.3.17): the SDK as host
 * of an ENet client and as client of an ENet host, with and without ENet's CRC32 checksum.
 */
import test, { type ExecutionContext } from 'ava';
import { EnetHost, IpAddress, NodeDatagramTransport, SocketStatus, UdpRelay } from '../../src/index.js';
import { type Plan, type Summary, runExchange } from '../enet/exchange.js';
import { startPeer, verdict } from './peerProcess.js';
import { interopTest, requirePeer } from './toolchain.js';

const enetTest = interopTest('enet');
const PLAN: Plan = { count: 200, channels: 3, big: 1024 * 1024, unreliable: 100 };

function args(mode: string, port: number, checksum: boolean, plan: Plan): (string | number)[] {
  return [mode, 'exchange', '127.0.0.1', port, checksum ? 1 : 0, plan.count, plan.channels, plan.big, plan.unreliable];
}

/** No error, every reliable message of `plan` on every channel, and the one big message arrived. */
function exchangedAll(t: ExecutionContext, summary: Summary, plan: Plan): void {
  t.deepEqual(summary.errors, []);
  t.is(summary.reliable, plan.count * plan.channels);
  t.is(summary.big, 1);
}

async function sdkHost(t: ExecutionContext, checksum: boolean): Promise<void> {
  const peer = await requirePeer(t, 'enet');
  if (peer === null) return;
  const host = new EnetHost({ peerCount: 4, checksum });
  t.teardown(() => host.close());
  t.is((await host.listen(0, IpAddress.LocalHost)).status, SocketStatus.Done);
  const c = startPeer(t, peer, args('client', host.getLocalPort(), checksum, PLAN));
  const summary = await runExchange(host, PLAN, false);
  exchangedAll(t, summary, PLAN);
  t.true(summary.done);
  t.true(summary.unreliable > 0 && summary.unreliable <= PLAN.unreliable);
  t.is(summary.disconnectData, 99, 'the C client disconnected (later) with data 99');
  const line = await verdict(t, c, 'exchange');
  t.regex(line, new RegExp(`^${PLAN.count * PLAN.channels} \\d+ 1 `));
}

async function sdkClient(t: ExecutionContext, checksum: boolean): Promise<void> {
  const peer = await requirePeer(t, 'enet');
  if (peer === null) return;
  const server = startPeer(t, peer, args('server', 0, checksum, PLAN));
  const port = await server.port;
  const host = new EnetHost({ peerCount: 1, checksum });
  t.teardown(() => host.close());
  const { status, peer: connection } = await host.connect(IpAddress.LocalHost, port, PLAN.channels, 7);
  t.is(status, SocketStatus.Done);
  t.is(connection?.getChannelCount(), PLAN.channels);
  const summary = await runExchange(host, PLAN, true);
  exchangedAll(t, summary, PLAN);
  t.true(summary.done);
  t.true(summary.unreliable > 0);
  const line = await verdict(t, server, 'exchange');
  t.regex(line, new RegExp(`^${PLAN.count * PLAN.channels} \\d+ 1 .* data 99$`), 'the C host saw our disconnect, with its data');
}

enetTest('SDK host, ENet C client: reliable on 3 channels in order, 1 MiB in fragments, unreliable sequenced, disconnect both sides', sdkHost, false);
enetTest('SDK host, ENet C client, with CRC32 on both', sdkHost, true);
enetTest('SDK client, ENet C host: the same exchange, our disconnectLater seen by the host', sdkClient, false);
enetTest('SDK client, ENet C host, with CRC32 on both', sdkClient, true);

const LOSSY = { loss: 0.2, reorder: 0.1, duplicate: 0.1, latencyMs: 2, jitterMs: 3 };
const LOSSY_PLAN: Plan = { count: 60, channels: 3, big: 32 * 1024, unreliable: 60 };

async function relayTo(t: ExecutionContext, port: number): Promise<UdpRelay> {
  const relay = await UdpRelay.start(new NodeDatagramTransport(), { target: { address: '127.0.0.1', port }, forward: { ...LOSSY, seed: 3 }, backward: { ...LOSSY, seed: 5 } });
  t.teardown(() => relay.close());
  return relay;
}

function lossyWasLossy(t: ExecutionContext, relay: UdpRelay): void {
  const { forward, backward } = relay.counts;
  t.true(forward.lost > 0 && backward.lost > 0 && forward.duplicated + backward.duplicated > 0, JSON.stringify(relay.counts));
}

enetTest('SDK host, ENet C client, through a relay losing 20% both ways with reordering and duplication: every reliable message once, in order', async (t) => {
  const peer = await requirePeer(t, 'enet', 150_000);
  if (peer === null) return;
  const host = new EnetHost({ peerCount: 4 });
  t.teardown(() => host.close());
  await host.listen(0, IpAddress.LocalHost);
  const relay = await relayTo(t, host.getLocalPort());
  const c = startPeer(t, peer, args('client', relay.port, false, LOSSY_PLAN));
  const summary = await runExchange(host, LOSSY_PLAN, false, 100_000);
  exchangedAll(t, summary, LOSSY_PLAN);
  await verdict(t, c, 'exchange');
  lossyWasLossy(t, relay);
});

enetTest('SDK client, ENet C host, through the same lossy relay', async (t) => {
  const peer = await requirePeer(t, 'enet', 150_000);
  if (peer === null) return;
  const server = startPeer(t, peer, args('server', 0, false, LOSSY_PLAN));
  const relay = await relayTo(t, await server.port);
  const host = new EnetHost({ peerCount: 1 });
  t.teardown(() => host.close());
  t.is((await host.connect(IpAddress.LocalHost, relay.port, LOSSY_PLAN.channels)).status, SocketStatus.Done);
  const summary = await runExchange(host, LOSSY_PLAN, true, 100_000);
  exchangedAll(t, summary, LOSSY_PLAN);
  await verdict(t, server, 'exchange');
  lossyWasLossy(t, relay);
});
