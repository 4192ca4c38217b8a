/** The SDK's echo server and client, written as a user would: blocking-mode `TcpSocket` and `Packet`. */
import { IpAddress } from '../../src/address/IpAddress.js';
import { SocketStatus } from '../../src/core/SocketStatus.js';
import { Packet } from '../../src/packet/Packet.js';
import { UnixSocketAddress } from '../../src/address/UnixSocketAddress.js';
import { NodeTlsTransport } from '../../src/platform/node/NodeTlsTransport.js';
import type { SocketOptions } from '../../src/socket/SocketContext.js';
import { TcpListener } from '../../src/tcp/TcpListener.js';
import { TcpSocket } from '../../src/tcp/TcpSocket.js';
import { tlsMaterial, variantOf, type Variant } from './variant.js';
import type { PeerSpec } from '../lib/spec.js';
import { EchoWindow, cpuMs, nowUs, payloadOf, ready, report } from './common.js';

/** Accepts one connection and echoes every packet until the peer closes. */
export async function sdkServer(spec: PeerSpec, options?: SocketOptions): Promise<void> {
  const variant = variantOf(spec.host);
  const listener = new TcpListener({ ...serverOptions(variant), ...options });
  const listened = variant.kind === 'unix' ? listener.listen(UnixSocketAddress.of(variant.path)) : listener.listen(0, IpAddress.parse(variant.host));
  if ((await listened).status !== SocketStatus.Done) throw new Error('listen failed');
  ready(listener.getLocalPort());
  if (spec.kase === 'handshake') return handshakes(listener);
  const socket = new TcpSocket();
  if ((await listener.accept(socket)).status !== SocketStatus.Done) throw new Error('accept failed');
  void listener.close(); // resolves only once every accepted connection is closed (node:net)
  const cpu0 = cpuMs();
  const packets = spec.kase === 'pipeline' ? await echoMany(socket, spec.inflight) : await echoOne(socket);
  socket.disconnect();
  report('RESULT', { packets, cpuMs: cpuMs() - cpu0 });
}

/** Echoes one packet at a time (ping-pong); returns how many. */
async function echoOne(socket: TcpSocket): Promise<number> {
  const packet = new Packet();
  let packets = 0;
  while ((await socket.receive(packet)).status === SocketStatus.Done) {
    packets++;
    await socket.send(packet);
  }
  return packets;
}

/** Echoes whatever has arrived, up to `inflight` packets a call (pipelined); returns how many. */
async function echoMany(socket: TcpSocket, inflight: number): Promise<number> {
  const batch = Array.from({ length: inflight }, () => new Packet());
  let packets = 0;
  for (;;) {
    const { status, count } = await socket.receiveMany(batch);
    if (status !== SocketStatus.Done) return packets;
    packets += count;
    await socket.sendMany(batch, count);
  }
}

/** Connects, keeps `inflight` packets in flight, and reports the window. */
export async function sdkClient(spec: PeerSpec, options?: SocketOptions): Promise<void> {
  const variant = variantOf(spec.host);
  if (spec.kase === 'handshake') return handshakeClient(spec, variant);
  const socket = new TcpSocket({ ...clientOptions(variant), ...options });
  if ((await connectTo(socket, variant, spec.port)).status !== SocketStatus.Done) throw new Error('connect failed');
  const window = new EchoWindow(spec);
  const out = new Packet().append(payloadOf(spec.size));
  if (spec.inflight === 1) await pingPong(socket, window, out);
  else await pipelined(socket, window, Array.from({ length: spec.inflight }, () => out));
  report('RESULT', window.result());
  socket.disconnect();
}

/** One packet in flight: send, receive the echo, repeat. */
async function pingPong(socket: TcpSocket, window: EchoWindow, out: Packet): Promise<void> {
  const reply = new Packet();
  let sentAt = nowUs();
  await socket.send(out);
  for (;;) {
    if ((await socket.receive(reply)).status !== SocketStatus.Done) throw new Error('receive failed');
    const now = nowUs();
    if (!window.done(now - sentAt)) return;
    sentAt = now;
    await socket.send(out);
  }
}

/** `outs.length` packets in flight: each batch of echoes received is answered with as many packets. */
async function pipelined(socket: TcpSocket, window: EchoWindow, outs: Packet[]): Promise<void> {
  const replies = outs.map(() => new Packet());
  let sentAt = nowUs();
  await socket.sendMany(outs);
  for (;;) {
    const { status, count } = await socket.receiveMany(replies);
    if (status !== SocketStatus.Done) throw new Error('receive failed');
    for (let i = 0; i < count; i++) {
      const now = nowUs();
      if (!window.done(now - sentAt)) return;
      sentAt = now;
    }
    await socket.sendMany(outs, count);
  }
}

/** The services of a server socket for `variant`: a TLS transport with the bench's certificate, or the defaults. */
function serverOptions(variant: Variant): SocketOptions | undefined {
  if (variant.kind !== 'tls') return undefined;
  const { cert, key } = tlsMaterial();
  return { streamTransport: new NodeTlsTransport({ server: { certChain: cert, key } }) };
}

/** The services of a client socket for `variant`: TLS verifying `localhost` against the bench's CA, or the defaults. */
function clientOptions(variant: Variant): SocketOptions | undefined {
  return variant.kind === 'tls' ? { streamTransport: new NodeTlsTransport({ client: { ca: tlsMaterial().ca, serverName: 'localhost' } }) } : undefined;
}

function connectTo(socket: TcpSocket, variant: Variant, port: number): Promise<{ status: SocketStatus }> {
  return variant.kind === 'unix' ? socket.connect(UnixSocketAddress.of(variant.path)) : socket.connect(IpAddress.parse(variant.host), port);
}

/** The server of the handshake case: accepts (each client handshakes before accept hands it out) and closes, until clients stop coming for a second. */
async function handshakes(listener: TcpListener): Promise<void> {
  const cpu0 = cpuMs();
  let packets = 0;
  let idle: NodeJS.Timeout | undefined;
  const socket = new TcpSocket();
  for (;;) {
    clearTimeout(idle);
    idle = setTimeout(() => listener.close(), packets === 0 ? 60_000 : 1000);
    if ((await listener.accept(socket)).status !== SocketStatus.Done) break;
    packets++;
    socket.disconnect();
  }
  clearTimeout(idle);
  report('RESULT', { packets, cpuMs: cpuMs() - cpu0 });
}

/** The client of the handshake case: connects (handshake included) and disconnects, one after another. */
async function handshakeClient(spec: PeerSpec, variant: Variant): Promise<void> {
  const socket = new TcpSocket(clientOptions(variant));
  const window = new EchoWindow(spec);
  for (;;) {
    const started = nowUs();
    if ((await connectTo(socket, variant, spec.port)).status !== SocketStatus.Done) throw new Error('connect failed');
    socket.disconnect();
    if (!window.done(nowUs() - started)) break;
  }
  report('RESULT', window.result());
}
