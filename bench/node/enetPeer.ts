/**
 * The ENet bench processes (see bench/lib/enetGroups.ts):
 *
 *   enetPeer.js sdk pingpong <server|client> <host> <port> <count> <window>
 *     reliable 64-byte messages on channel 0, at most <window> in flight; the server echoes; the
 *     client reports messages/s and latency percentiles (the C program enet_peer.c does the same).
 *   enetPeer.js <sdk|raw|raw-packed> stream <server|client> <host> <port> <count>
 *     the client sends <count> 64-byte messages as fast as it can: SDK reliable (EnetHost), or raw
 *     node:dgram (unreliable), one message a datagram (raw) or 20 (raw-packed), at most 128
 *     messages beyond what the receiver has counted (it sends a 4-byte credit every 16), so it
 *     does not overrun its receiver; the server reports how many arrived and how fast.
 *
 * Servers print `READY <port>`; results are one `RESULT <json>` line.
 */
import dgram from 'node:dgram';
import { EnetEventType, EnetHost, EnetPacketFlag, IpAddress, SocketStatus, type EnetPeer } from '../../src/index.js';
import { cpuMs, hardExit, nowUs, ready, report } from './common.js';

const [impl, kase, role, host = '127.0.0.1', portText = '0', countText = '1000', windowText = '16'] = process.argv.slice(2);
const port = Number(portText);
const count = Number(countText);
const window = Number(windowText);
const SIZE = 64;
/** Messages a datagram for `raw-packed`: 20 × 64 B = 1,280 B, within ENet's 1,400-byte MTU as EnetHost packs them. */
const RAW_PACK = 20;
hardExit(120_000);

function percentile(sorted: Float64Array, p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * p))] ?? 0;
}

/** Messages of the warm-up exchange (see {@link warmUp}). */
const WARM_UP = 20_000;
/**
 * Connections the warm-up makes one after another: V8 optimises the code for what the first one
 * showed it, and the first disconnect deoptimises some of it (a disconnect event, a reset peer);
 * the second connection lets V8 compile it again before the run does.
 */
const WARM_UP_CONNECTIONS = 2;
/**
 * The least a warm-up connection lasts (ms): past ENet's 1 s bandwidth-throttle interval, so the
 * commands a host sends only then (BANDWIDTH_LIMIT) have been handled once before the run.
 */
const WARM_UP_CONNECTION_MS = 1200;

/**
 * The echoing side of a ping-pong (warm-up and run alike): echoes what `host` receives until its
 * connection ends, waiting at most `idleMs` for each event; the messages it echoed.
 */
async function echo(host: EnetHost, idleMs: number): Promise<number> {
  let packets = 0;
  for (;;) {
    const { event } = await host.service(idleMs);
    if (event === null) throw new Error('echo: nothing for too long');
    if (event.type === EnetEventType.Connect) event.peer.setTimeout(0, 30_000, 30_000); // as the C program does
    else if (event.type === EnetEventType.Disconnect) return packets;
    else if (event.type === EnetEventType.Receive) {
      packets++;
      await event.peer.send(0, event.packet, EnetPacketFlag.Reliable);
    }
  }
}

/**
 * The sending side of a ping-pong (warm-up and run alike): `total` reliable 64-byte messages on
 * `peer`, numbered, at most `window` in flight, the echoes taken from `host` and checked to come
 * in order; the latency of each (µs).
 */
async function pingPong(host: EnetHost, peer: EnetPeer, total: number): Promise<Float64Array> {
  const payload = new Uint8Array(SIZE).fill(0x5a);
  const view = new DataView(payload.buffer);
  const sentAt = new Float64Array(total);
  const latency = new Float64Array(total);
  let next = 0;
  let received = 0;
  while (received < total) {
    while (next < total && next - received < window) {
      view.setUint32(0, next);
      sentAt[next] = nowUs();
      next++;
      await peer.send(0, payload, EnetPacketFlag.Reliable);
    }
    // 30 s, as the connection's own time-out (and the C program, which waits as long): at 20% loss
    // ENet's doubling resend time-out can leave more than 5 s between two echoes.
    const { event } = await host.service(30_000);
    if (event === null) throw new Error(`stalled at ${received}`);
    if (event.type !== EnetEventType.Receive) continue;
    const index = event.packet.readUint32();
    if (index !== received) throw new Error(`order: got ${index}, expected ${received}`);
    latency[received] = nowUs() - (sentAt[index] ?? 0);
    received++;
  }
  return latency;
}

/** Disconnects `peer` and waits for `host` to report it. */
async function hangUp(host: EnetHost, peer: EnetPeer): Promise<void> {
  peer.disconnect();
  for (;;) {
    const { event } = await host.service(5000);
    if (event === null) throw new Error('no disconnect');
    if (event.type === EnetEventType.Disconnect) return;
  }
}

/**
 * Before a ping-pong run, the host to be measured serves WARM_UP_CONNECTIONS connections with a
 * second host of this process over loopback, at least WARM_UP messages in all and each connection
 * at least WARM_UP_CONNECTION_MS long, through the same functions as the run ({@link echo}, {@link pingPong}): so the run measures code V8 has optimised for this
 * host's own objects, as in a long-running program whose host has served connections before.
 * Without it, compiling was a third of the CPU of a 10,000-message run; with a warm-up on other
 * hosts or other functions, V8 still compiled much of the code again during the run, on the core
 * the run needs. The measured connection is a new one, its protocol state reset as ENet resets a
 * peer slot.
 */
async function warmUp(measured: EnetHost, role: string): Promise<void> {
  const other = new EnetHost({ peerCount: 1 });
  const total = Math.min(WARM_UP, 2 * count) / WARM_UP_CONNECTIONS; // a smoke run stays short
  try {
    if (role === 'client') await other.listen(0, IpAddress.parse(host));
    for (let i = 0; i < WARM_UP_CONNECTIONS; i++) {
      const [from, to] = role === 'server' ? [other, measured] : [measured, other];
      const { peer } = await from.connect(IpAddress.parse(host), to.getLocalPort());
      if (peer === null) throw new Error('warm-up: no connection');
      const exchange = async (): Promise<void> => {
        const until = Date.now() + WARM_UP_CONNECTION_MS;
        do await pingPong(from, peer, total);
        while (Date.now() < until);
        await hangUp(from, peer);
      };
      await Promise.all([echo(to, 5000), exchange()]);
    }
  } finally {
    other.close();
  }
}

async function sdkServer(): Promise<void> {
  const server = new EnetHost({ peerCount: 4 });
  await server.listen(0, IpAddress.parse(host));
  if (kase === 'pingpong') {
    await warmUp(server, 'server');
    ready(server.getLocalPort());
    const cpu0 = cpuMs();
    const packets = await echo(server, 110_000); // within hardExit's 120 s
    report('RESULT', { packets, cpuMs: cpuMs() - cpu0 });
    server.close();
    process.exit(0);
  }
  ready(server.getLocalPort());
  let packets = 0;
  let first = 0;
  let cpu0 = -1;
  for (;;) {
    const { event } = await server.service();
    if (event === null) continue;
    if (event.type === EnetEventType.Receive) {
      if (cpu0 < 0) {
        cpu0 = cpuMs();
        first = nowUs();
      }
      if (++packets === count) report('RESULT', { iters: packets, elapsedMs: (nowUs() - first) / 1000, p50Us: 0, p99Us: 0, p999Us: 0, cpuMs: cpuMs() - cpu0 });
    } else if (event.type === EnetEventType.Disconnect) {
      server.close();
      process.exit(0);
    }
  }
}

async function sdkClient(): Promise<void> {
  const client = new EnetHost({ peerCount: 1 });
  if (kase === 'pingpong') await warmUp(client, 'client');
  const { status, peer } = await client.connect(IpAddress.parse(host), port);
  if (status !== SocketStatus.Done || peer === null) throw new Error(`connect: ${status}`);
  peer.setTimeout(0, 30_000, 30_000);
  const cpu0 = cpuMs();
  const start = nowUs();
  if (kase === 'stream') {
    const payload = new Uint8Array(SIZE).fill(0x5a);
    const view = new DataView(payload.buffer);
    for (let i = 0; i < count; i++) {
      view.setUint32(0, i);
      await peer.send(0, payload, EnetPacketFlag.Reliable);
    }
    peer.disconnectLater();
    for (;;) if ((await client.service(1000)).event?.type === EnetEventType.Disconnect) break;
    process.exit(0);
  }
  const latency = await pingPong(client, peer, count);
  const elapsedMs = (nowUs() - start) / 1000;
  latency.sort();
  report('RESULT', { iters: count, elapsedMs, p50Us: percentile(latency, 0.5), p99Us: percentile(latency, 0.99), p999Us: percentile(latency, 0.999), cpuMs: cpuMs() - cpu0 });
  peer.disconnectNow();
  client.close();
  process.exit(0);
}

/** The raw receiver grants more messages every CREDIT_EVERY it counts; the sender keeps at most RAW_WINDOW ungranted. */
const CREDIT_EVERY = 16;
const RAW_WINDOW = 128;

function rawServer(): void {
  const socket = dgram.createSocket(host.includes(':') ? 'udp6' : 'udp4');
  const credit = Buffer.alloc(4);
  let packets = 0;
  let datagrams = 0;
  let first = 0;
  let last = 0;
  let cpu0 = -1;
  let granted = 0;
  socket.on('message', (message, from) => {
    if (message.length === 1) {
      report('RESULT', { iters: packets, elapsedMs: (last - first) / 1000, p50Us: 0, p99Us: 0, p999Us: 0, cpuMs: cpuMs() - cpu0, lost: count - packets, datagrams });
      socket.close(); // later end markers find the port closed
      return;
    }
    if (cpu0 < 0) {
      cpu0 = cpuMs();
      first = nowUs();
    }
    packets += Math.floor(message.length / SIZE);
    datagrams++;
    last = nowUs();
    if (packets - granted >= CREDIT_EVERY) {
      granted = packets;
      credit.writeUInt32BE(packets >>> 0);
      socket.send(credit, from.port, from.address);
    }
  });
  socket.bind(0, host, () => ready(socket.address().port));
}

/**
 * Raw node:dgram, unreliable: `pack` 64-byte messages a datagram (1: one datagram per message),
 * at most RAW_WINDOW messages beyond what the receiver has counted (it says so every CREDIT_EVERY),
 * so the sender does not overrun its receiver. Nothing is resent: a credit lost (none is on an
 * unimpaired loopback) is written off after 200 ms of silence.
 */
function rawClient(pack: number): void {
  const socket = dgram.createSocket(host.includes(':') ? 'udp6' : 'udp4');
  const payload = new Uint8Array(SIZE * pack).fill(0x5a);
  let sent = 0;
  let granted = 0;
  let inFlight = 0;
  let ended = false;
  let stall: ReturnType<typeof setTimeout> | null = null;
  const end = (): void => {
    ended = true;
    // The end marker is a datagram too, and may be dropped: send it a few times.
    let ends = 0;
    const marker = setInterval(() => {
      socket.send(Uint8Array.of(0), port, host);
      if (++ends === 10) {
        clearInterval(marker);
        socket.close();
      }
    }, 50);
  };
  const pump = (): void => {
    while (!ended && sent < count && sent + pack - granted <= RAW_WINDOW && inFlight < 64) {
      const n = Math.min(pack, count - sent);
      sent += n;
      inFlight++;
      socket.send(n === pack ? payload : payload.subarray(0, n * SIZE), port, host, () => {
        inFlight--;
        pump();
      });
    }
    if (!ended && sent === count && inFlight === 0) end();
    if (stall === null && !ended && sent < count) {
      stall = setTimeout(() => {
        stall = null;
        granted = sent; // a credit was lost: write the window off
        pump();
      }, 200);
    }
  };
  socket.on('message', (message) => {
    if (message.length !== 4) return;
    granted = Math.max(granted, message.readUInt32BE(0));
    if (stall !== null) clearTimeout(stall);
    stall = null;
    pump();
  });
  pump();
}
if (impl === 'raw' || impl === 'raw-packed') {
  if (role === 'server') rawServer();
  else rawClient(impl === 'raw' ? 1 : RAW_PACK);
} else if (role === 'server') await sdkServer();
else await sdkClient();
