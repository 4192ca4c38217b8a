/**
 * EnetHost between two SDK hosts on loopback: the exchange unimpaired and under a seeded 20% loss
 * with reordering and duplication both ways; the security checks; blocking and non-blocking
 * modes; the selector; disconnect now; time-out.
 */
import test, { type ExecutionContext } from 'ava';
import {
  ConditionedDatagramTransport,
  EnetEventType,
  EnetHost,
  EnetPacketFlag,
  EnetPeerState,
  IpAddress,
  NodeDatagramTransport,
  Packet,
  PolicySecurityManager,
  SocketSelector,
  SocketStatus,
  ZipPacket,
  type ConditionerOptions,
  type EnetEvent,
  type EnetHostSettings,
  type SocketOptions,
} from '../../src/index.js';
import { acceptReceived } from '../../src/packet/Packet.js';
import { type Plan, runExchange } from './exchange.js';
import { countingTransport } from './rawPeer.js';

function host(t: ExecutionContext, settings: EnetHostSettings = {}, options?: SocketOptions): EnetHost {
  const made = new EnetHost(settings, options);
  t.teardown(() => made.close());
  return made;
}

async function serverOn(t: ExecutionContext, settings: EnetHostSettings = {}, options?: SocketOptions): Promise<EnetHost> {
  const server = host(t, settings, options);
  t.is((await server.listen(0, IpAddress.LocalHost)).status, SocketStatus.Done);
  return server;
}

/** The next event of `on` that is not a message, within `ms`. */
async function nextEvent(on: EnetHost, type: EnetEventType, ms = 5000): Promise<EnetEvent | null> {
  const end = Date.now() + ms;
  while (Date.now() < end) {
    const { event } = await on.service(50);
    if (event?.type === type) return event;
  }
  return null;
}

async function exchange(t: ExecutionContext, plan: Plan, impair?: ConditionerOptions): Promise<void> {
  const conditioned: ConditionedDatagramTransport[] = [];
  const options = (seed: number): SocketOptions | undefined => {
    if (impair === undefined) return undefined;
    const datagramTransport = new ConditionedDatagramTransport(new NodeDatagramTransport(), { ...impair, seed });
    conditioned.push(datagramTransport);
    return { datagramTransport };
  };
  const server = await serverOn(t, { peerCount: 2 }, options(11));
  const client = host(t, { peerCount: 1 }, options(29));
  const started = Date.now();
  const serving = runExchange(server, plan, false, 40_000, 'sdk');
  const { status, peer } = await client.connect(IpAddress.LocalHost, server.getLocalPort(), plan.channels, 5);
  t.is(status, SocketStatus.Done);
  const [mine, theirs] = await Promise.all([runExchange(client, plan, true, 40_000, 'sdk'), serving]);
  for (const summary of [mine, theirs]) {
    t.deepEqual(summary.errors, []);
    t.is(summary.reliable, plan.count * plan.channels, 'every reliable message exactly once');
    t.is(summary.big, plan.big > 0 ? 1 : 0);
    t.true(summary.done);
  }
  // A failure says which way it ended: a time-out on either side carries 0 and takes seconds.
  t.is(theirs.disconnectData, 99, `the server's disconnect event carries the client's data (the client's own event carried ${mine.disconnectData}; ${Date.now() - started} ms)`);
  t.is(peer?.getState(), EnetPeerState.Disconnected);
  for (const { counts } of conditioned) {
    t.true(counts.lost > counts.offered * 0.1 && counts.duplicated > 0 && counts.reordered > 0, `the conditioner did its work: ${JSON.stringify(counts)}`);
  }
}

const PLAN: Plan = { count: 200, channels: 3, big: 1024 * 1024, unreliable: 100 };

test('SDK to SDK: reliable on 3 channels in order, 1 MiB in fragments, unreliable sequenced, disconnect both sides', exchange, PLAN);

test('SDK to SDK under 20% loss, reordering and duplication both ways: every reliable message once, complete, in order', async (t) => {
  t.timeout(60_000);
  await exchange(t, { count: 150, channels: 3, big: 64 * 1024, unreliable: 100 }, { loss: 0.2, reorder: 0.1, duplicate: 0.1, latencyMs: 2, jitterMs: 3 });
});

test('round-trip time and its variance are measured as ENet does, starting from 500 ms', async (t) => {
  const server = await serverOn(t);
  const client = host(t);
  const { peer } = await client.connect(IpAddress.LocalHost, server.getLocalPort());
  t.truthy(peer);
  for (let i = 0; i < 20; i++) await peer!.send(0, Uint8Array.of(i), EnetPacketFlag.Reliable);
  for (let waited = 0; waited < 5000 && peer!.getRoundTripTime() === 500; waited += 50) await new Promise((resolve) => setTimeout(resolve, 50));
  t.not(peer!.getRoundTripTime(), 500, 'measured: no longer the 500 ms ENet starts from');
  t.true(peer!.getRoundTripTime() >= 1);
  t.is(peer!.getPacketLoss(), 0);
  t.is(peer!.getMtu(), 1400);
});

test('an incoming CONNECT that checkAccept denies gets no reply and takes no slot; the client times out', async (t) => {
  const counting = countingTransport(new NodeDatagramTransport());
  const server = await serverOn(t, {}, { securityManager: new PolicySecurityManager({ accept: { deny: ['127.0.0.1'] } }), datagramTransport: counting });
  const client = host(t);
  client.setBlocking(false);
  const { status, peer } = await client.connect(IpAddress.LocalHost, server.getLocalPort());
  t.is(status, SocketStatus.NotReady);
  peer!.setTimeout(0, 300, 600);
  client.setBlocking(true);
  const failed = await nextEvent(client, EnetEventType.Disconnect, 5000);
  t.is(failed?.peer, peer ?? undefined, 'the failed connect ends with a disconnect event');
  t.is(counting.sent, 0, 'the server sent nothing');
  server.setBlocking(false);
  t.is((await server.service()).status, SocketStatus.NotReady);
});

test('connect asks checkConnect first: a denied destination sends nothing', async (t) => {
  const counting = countingTransport(new NodeDatagramTransport());
  const client = host(t, {}, { securityManager: new PolicySecurityManager({ connect: { deny: ['127.0.0.1'] } }), datagramTransport: counting });
  const { status, error, peer } = await client.connect(IpAddress.LocalHost, 9);
  t.is(status, SocketStatus.Error);
  t.is(error?.kind, 'Security');
  t.is(peer, null);
  t.is(counting.sent, 0);
});

test('non-blocking service answers NotReady; a selector wakes when an event is queued', async (t) => {
  const server = await serverOn(t);
  server.setBlocking(false);
  t.is((await server.service()).status, SocketStatus.NotReady);
  const selector = new SocketSelector();
  selector.add(server);
  const client = host(t);
  const connecting = client.connect(IpAddress.LocalHost, server.getLocalPort(), 2);
  t.true(await selector.wait(3000));
  t.true(selector.isReady(server));
  const { status, event } = await server.service();
  t.is(status, SocketStatus.Done);
  t.is(event?.type, EnetEventType.Connect);
  t.is(event?.peer.getChannelCount(), 2);
  t.is((await connecting).status, SocketStatus.Done);
});

test('disconnectNow: no event here, the peer hears the unsequenced DISCONNECT', async (t) => {
  const server = await serverOn(t);
  const client = host(t);
  const { peer } = await client.connect(IpAddress.LocalHost, server.getLocalPort(), 1, 3);
  t.is((await nextEvent(server, EnetEventType.Connect))?.type, EnetEventType.Connect);
  peer!.disconnectNow(1234);
  t.is(peer!.getState(), EnetPeerState.Disconnected);
  const gone = await nextEvent(server, EnetEventType.Disconnect);
  t.is(gone?.type === EnetEventType.Disconnect ? gone.data : -1, 1234);
  client.setBlocking(false);
  t.is((await client.service()).event?.type, EnetEventType.Connect, 'only the connect event is queued');
  t.is((await client.service()).status, SocketStatus.NotReady);
});

test('a peer that vanishes times out (timeoutMinimum/Maximum), with a disconnect event carrying 0', async (t) => {
  const server = await serverOn(t);
  const client = host(t);
  const { peer } = await client.connect(IpAddress.LocalHost, server.getLocalPort());
  peer!.setTimeout(0, 400, 800);
  server.close();
  await peer!.send(0, new Packet().writeString('anyone?'), EnetPacketFlag.Reliable);
  const gone = await nextEvent(client, EnetEventType.Disconnect, 5000);
  t.is(gone?.peer, peer ?? undefined);
  t.is(gone?.type === EnetEventType.Disconnect ? gone.data : -1, 0);
  t.is(peer!.getState(), EnetPeerState.Disconnected);
  t.is((await peer!.send(0, Uint8Array.of(1))).status, SocketStatus.Disconnected);
});

test('misuse throws or rejects: a channel that is not open, bad flags, a port out of range', async (t) => {
  const server = await serverOn(t);
  const client = host(t);
  const { peer } = await client.connect(IpAddress.LocalHost, server.getLocalPort(), 1);
  await t.throwsAsync(peer!.send(1, Uint8Array.of(1)), { instanceOf: RangeError });
  await t.throwsAsync(peer!.send(0, Uint8Array.of(1), 99), { instanceOf: RangeError });
  await t.throwsAsync(client.connect(IpAddress.LocalHost, 70000), { instanceOf: RangeError });
  t.throws(() => new EnetHost({ peerCount: 5000 }), { instanceOf: RangeError });
  await t.throwsAsync(server.listen(0), { instanceOf: TypeError });
});

test('a message over maxPacketSize is refused with TooLarge', async (t) => {
  const server = await serverOn(t);
  const client = host(t, {}, { limits: { maxPacketSize: 1000 } });
  const { peer } = await client.connect(IpAddress.LocalHost, server.getLocalPort());
  const { status, error } = await peer!.send(0, new Uint8Array(1001), EnetPacketFlag.Reliable);
  t.is(status, SocketStatus.Error);
  t.is(error?.kind, 'TooLarge');
});

test('IPv6: a host on ::1, and a dual-stack host on :: that an IPv4 client reaches', async (t) => {
  const v6 = host(t);
  t.is((await v6.listen(0, IpAddress.LocalHostV6)).status, SocketStatus.Done);
  const client6 = host(t);
  const six = await client6.connect(IpAddress.LocalHostV6, v6.getLocalPort());
  t.is(six.status, SocketStatus.Done);
  t.is(six.peer?.getAddress()?.toString(), '::1');
  const dual = host(t);
  t.is((await dual.listen(0, IpAddress.AnyV6)).status, SocketStatus.Done);
  const client4 = host(t);
  const four = await client4.connect(IpAddress.LocalHost, dual.getLocalPort());
  t.is(four.status, SocketStatus.Done);
  await four.peer!.send(0, new Packet().writeString('over IPv4'), EnetPacketFlag.Reliable);
  const connect = await nextEvent(dual, EnetEventType.Connect);
  t.is(connect?.peer.getAddress()?.toString(), '127.0.0.1', 'the IPv4 peer is reported as IPv4');
  const { event } = await dual.service(3000);
  t.is(event?.type === EnetEventType.Receive ? event.packet.readString() : '', 'over IPv4');
});

test('disconnect: a reliable DISCONNECT, a disconnect event on both sides, the data carried', async (t) => {
  const server = await serverOn(t);
  const client = host(t);
  const { peer } = await client.connect(IpAddress.LocalHost, server.getLocalPort());
  t.is((await nextEvent(server, EnetEventType.Connect))?.type, EnetEventType.Connect);
  peer!.disconnect(7);
  t.is(peer!.getState(), EnetPeerState.Disconnecting);
  const theirs = await nextEvent(server, EnetEventType.Disconnect);
  const ours = await nextEvent(client, EnetEventType.Disconnect);
  t.is(theirs?.type === EnetEventType.Disconnect ? theirs.data : -1, 7);
  t.is(ours?.peer, peer ?? undefined, 'ours comes once the DISCONNECT is acknowledged');
  t.is(peer!.getState(), EnetPeerState.Disconnected);
});

test('an idle connection pings: the round-trip time is measured without any message', async (t) => {
  const server = await serverOn(t);
  const client = host(t);
  const { peer } = await client.connect(IpAddress.LocalHost, server.getLocalPort());
  peer!.setPingInterval(50);
  for (let waited = 0; waited < 5000 && peer!.getRoundTripTime() === 500; waited += 25) await new Promise((resolve) => setTimeout(resolve, 25));
  t.not(peer!.getRoundTripTime(), 500, 'measured from pings alone');
  t.true(peer!.getRoundTripTime() >= 1);
});

test('a non-blocking send polled without pause gets room once acknowledgements arrive', async (t) => {
  const server = await serverOn(t);
  const client = host(t, {}, { limits: { enetMaxOutgoingData: 1024 } });
  const { peer } = await client.connect(IpAddress.LocalHost, server.getLocalPort());
  client.setBlocking(false);
  const message = new Uint8Array(64);
  let status = SocketStatus.Done;
  let sends = 0;
  for (; sends < 1000 && status === SocketStatus.Done; sends++) status = (await peer!.send(0, message, EnetPacketFlag.Reliable)).status;
  t.is(status, SocketStatus.NotReady, 'the limit was reached');
  // Nothing else awaited: the acknowledgements that make room arrive only if the loop lets I/O run.
  let polls = 0;
  while (status === SocketStatus.NotReady && polls < 100_000) {
    polls++;
    status = (await peer!.send(0, message, EnetPacketFlag.Reliable)).status;
  }
  t.is(status, SocketStatus.Done, `still NotReady after ${polls} polls`);
});

test('broadcast sends what a packet\'s onSend makes, as peer.send does (a ZipPacket arrives compressed and reads back)', async (t) => {
  const server = await serverOn(t);
  const client = host(t);
  const { status } = await client.connect(IpAddress.LocalHost, server.getLocalPort());
  t.is(status, SocketStatus.Done);
  t.truthy(await nextEvent(server, EnetEventType.Connect));
  const text = 'round over '.repeat(50);
  t.is(server.broadcast(0, new ZipPacket().writeString(text), EnetPacketFlag.Reliable), 1);
  const deadline = Date.now() + 5000;
  let wire = new Uint8Array(0);
  while (wire.length === 0 && Date.now() < deadline) {
    const { event } = await client.service(20);
    if (event?.type === EnetEventType.Receive) wire = event.packet.getData().slice();
  }
  t.true(wire.length < text.length, `${wire.length} bytes on the wire for a ${text.length}-character text: compressed`);
  const unzipped = new ZipPacket();
  acceptReceived(unzipped, wire);
  t.is(unzipped.readString(), text);
});
